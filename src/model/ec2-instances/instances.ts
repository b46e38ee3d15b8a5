import type { AssetType, SourceView } from '../module.js';
import { nameTag } from '../network-rules/tags.js';
import { describeInstances, describeVolumes, type InstanceValue, type VolumeValue } from './sources.js';

const cut = (text: string) => JSON.stringify(text.slice(0, 100));

/** What relations read from a row and no query selects: the groups and interfaces as the instance names them. */
const GROUP_IDS = Symbol('security group ids');
const INTERFACES = Symbol('network interfaces');

type Hidden = Record<symbol, unknown>;
export const groupIdsOf = (vm: Record<string, unknown>) => (vm as Hidden)[GROUP_IDS] as string[];
export const interfacesOf = (vm: Record<string, unknown>) => (vm as Hidden)[INTERFACES] as NonNullable<InstanceValue['NetworkInterfaces']>;

/**
 * The instances of one region, each with the volumes its block devices map.
 * Instances and volumes name each other: a mapping to a volume the region
 * does not list, or an attachment to an instance it does not list, is the
 * account's ERROR (the answers disagree), never a dropped disk.
 */
function rowsOf(view: SourceView): Record<string | symbol, unknown>[] {
  const instances = (view.value(describeInstances) as { Reservations: { Instances: InstanceValue[] }[] }).Reservations.flatMap((reservation) => reservation.Instances);
  const { Volumes } = view.value(describeVolumes) as { Volumes: VolumeValue[] };
  const volumes = new Map(Volumes.map((volume) => [volume.VolumeId, volume]));
  const instanceIds = new Set(instances.map((instance) => instance.InstanceId));
  for (const volume of Volumes) {
    for (const attachment of volume.Attachments ?? []) {
      if (attachment.InstanceId && !instanceIds.has(attachment.InstanceId)) {
        view.fail('DanglingReference', `volume ${cut(volume.VolumeId)} is attached to instance ${cut(attachment.InstanceId)}, which ${view.origin(describeInstances)} does not list`);
      }
    }
  }
  return instances.map((instance) => ({
    id: `arn:aws:ec2:${view.region}:${view.accountId}:instance/${instance.InstanceId}`,
    name: nameTag(instance.Tags),
    instanceID: instance.InstanceId,
    instanceType: instance.InstanceType ?? null,
    state: instance.State.Name,
    publicIpAddress: instance.PublicIpAddress ?? null,
    privateIpAddress: instance.PrivateIpAddress ?? null,
    vpcID: instance.VpcId ?? null,
    metadataOptionHTTPTokens: instance.MetadataOptions?.HttpTokens ?? null,
    metadataOptionHTTPPutResponseHopLimit: instance.MetadataOptions?.HttpPutResponseHopLimit ?? null,
    metadataOptionHTTPEndpoint: instance.MetadataOptions?.HttpEndpoint ?? null,
    iamInstanceProfile: instance.IamInstanceProfile?.Arn ?? null,
    diskAttachments: (instance.BlockDeviceMappings ?? []).flatMap((mapping) => {
      if (!mapping.Ebs) return [];
      const volume = volumes.get(mapping.Ebs.VolumeId);
      if (!volume) view.fail('DanglingReference', `instance ${cut(instance.InstanceId)} maps volume ${cut(mapping.Ebs.VolumeId)}, which ${view.origin(describeVolumes)} does not list`);
      return [
        {
          deviceName: mapping.DeviceName ?? null,
          deleteOnTermination: mapping.Ebs.DeleteOnTermination ?? null,
          disk: { volumeID: volume.VolumeId, encrypted: volume.Encrypted, kmsKeyID: volume.KmsKeyId ?? null, size: volume.Size ?? null, volumeType: volume.VolumeType ?? null, state: volume.State ?? null },
        },
      ];
    }),
    [GROUP_IDS]: (instance.SecurityGroups ?? []).map((group) => group.GroupId),
    [INTERFACES]: instance.NetworkInterfaces ?? [],
  }));
}

export const vmType: AssetType = {
  root: 'vms',
  description: 'EC2 instances, per region in scope.',
  regional: true,
  needs: [describeInstances, describeVolumes],
  fields: [
    'id', 'name', 'instanceID', 'instanceType', 'state', 'publicIpAddress', 'privateIpAddress', 'vpcID',
    'metadataOptionHTTPTokens', 'metadataOptionHTTPPutResponseHopLimit', 'metadataOptionHTTPEndpoint', 'iamInstanceProfile', 'diskAttachments',
  ],
  rows: (view) => rowsOf(view) as Record<string, unknown>[],
};
