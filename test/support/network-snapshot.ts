/**
 * The network families' snapshot files for an account that has none of
 * them in the regions given: EBS encryption by default off, and no security
 * groups, network ACLs, VPCs, flow logs, instances or volumes. A fixture
 * that is about something else can then still answer every root field.
 */
export function networkFiles(regions: readonly string[]): Record<string, unknown> {
  const files: Record<string, unknown> = {};
  for (const region of regions) {
    const at = (command: string) => `regions/${region}/ec2/${command}.json`;
    files[at('get-ebs-encryption-by-default')] = { EbsEncryptionByDefault: false };
    files[at('describe-security-groups')] = { SecurityGroups: [] };
    files[at('describe-network-acls')] = { NetworkAcls: [] };
    files[at('describe-vpcs')] = { Vpcs: [] };
    files[at('describe-flow-logs')] = { FlowLogs: [] };
    files[at('describe-instances')] = { Reservations: [] };
    files[at('describe-volumes')] = { Volumes: [] };
  }
  return files;
}
