import { portRange } from '../network-rules/ports.js';
import type { IpPermissionValue } from './sources.js';

export type Direction = 'Inbound' | 'Outbound';

/**
 * One IP permission as a rule: who it admits as `sources` strings
 * (`cidr:0.0.0.0/0`, `cidr:::/0`, `sg:<group id>`, `pl:<prefix list id>`),
 * and the destination ports (every port for all traffic, none for
 * protocols without ports). Security groups only allow: there is no order.
 */
export function ruleOf(permission: IpPermissionValue, direction: Direction) {
  return {
    direction,
    action: 'Allow',
    protocol: permission.IpProtocol,
    ...portRange(permission.IpProtocol, permission.FromPort, permission.ToPort),
    sources: [
      ...(permission.IpRanges ?? []).map((range) => `cidr:${range.CidrIp}`),
      ...(permission.Ipv6Ranges ?? []).map((range) => `cidr:${range.CidrIpv6}`),
      ...(permission.UserIdGroupPairs ?? []).flatMap((pair) => (pair.GroupId ? [`sg:${pair.GroupId}`] : [])),
      ...(permission.PrefixListIds ?? []).map((list) => `pl:${list.PrefixListId}`),
    ],
  };
}

export const RULE_FIELDS = ['direction', 'action', 'protocol', 'destFromPort', 'destToPort', 'sources'] as const;
