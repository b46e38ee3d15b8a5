import type { GraphView, Relation } from '../module.js';
import { many } from '../module.js';
import { oncePerRow } from '../iam-authorization/graph-rows.js';
import { rowsByEach } from '../network-rules/rows-by-each.js';
import { groupIdsOf, interfacesOf } from './instances.js';
import type { GroupRefValue } from './sources.js';

const cut = (text: unknown) => JSON.stringify(String(text).slice(0, 100));
const groupKey = (region: unknown, groupId: unknown) => `${String(region)}/${String(groupId)}`;
const bySecurityGroup = (group: Record<string, unknown>) => groupKey(group.region, group.groupId);

/** An instance's groups must be groups of its region's describe-security-groups: one that is not is the account's ERROR. */
function groupsOf(vm: Record<string, unknown>, ids: readonly string[], graph: GraphView): Record<string, unknown>[] {
  const index = graph.index('SecurityGroup', bySecurityGroup);
  return ids.map(
    (id) => index.get(groupKey(vm.region, id))?.[0] ?? graph.dangling(`instance ${cut(vm.instanceID)} (${String(vm.region)}) is in security group ${cut(id)}, which describe-security-groups of its region does not list`),
  );
}

const idsOf = (groups: readonly GroupRefValue[] | undefined) => (groups ?? []).map((group) => group.GroupId);

/** Relations of instances, and the instances of a security group; each resolved once per row (filters ask again for every row they test). */
export const vmRelations: Record<string, Relation> = {
  securityGroups: many('SecurityGroup', oncePerRow((vm, graph) => groupsOf(vm, groupIdsOf(vm), graph)), ['SecurityGroup']),
  networkInterfaces: many(
    'VMNetworkInterface',
    oncePerRow((vm, graph) =>
      interfacesOf(vm).map((nic) => ({
        networkInterfaceID: nic.NetworkInterfaceId,
        sourceDestCheck: nic.SourceDestCheck ?? null,
        securityGroups: groupsOf(vm, idsOf(nic.Groups), graph),
      })),
    ),
    ['SecurityGroup'],
  ),
  // The role comes through the instance profile: the roles whose InstanceProfileList (authorization details) holds it.
  // A profile no role is in gives no role (profiles without roles are not in the details): an empty list, not an error.
  iamRoles: many(
    'IAMRole',
    (vm, graph) => (vm.iamInstanceProfile ? (rowsByEach(graph, 'IAMRole', 'instance profile', (role) => (role.instanceProfiles as { arn: string }[]).map((p) => p.arn)).get(vm.iamInstanceProfile as string) ?? []) : []),
    ['IAMRole'],
  ),
};

export const securityGroupRelations: Record<string, Relation> = {
  vms: many('VM', (group, graph) => rowsByEach(graph, 'VM', 'security group', (vm) => (groupIdsOf(vm)).map((id) => groupKey(vm.region, id))).get(bySecurityGroup(group)) ?? [], ['VM']),
};
