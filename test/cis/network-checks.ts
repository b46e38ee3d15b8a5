/** The checks on the network families (issue 15): id -> CIS v3.0.0 control, Security Hub control, and the type each reports. */
export const NETWORK_CHECKS: Record<string, { cis: string; securityHub?: string; fsbp?: boolean; subject: string }> = {
  'aws-ec2-running-instances-without-instance-profile': { cis: '1.18', subject: 'VM' },
  'aws-ebs-encryption-by-default-disabled': { cis: '2.2.1', securityHub: 'EC2.7', fsbp: true, subject: 'EBSSettings' },
  'aws-vpcs-without-flow-logs': { cis: '3.7', securityHub: 'EC2.6', fsbp: true, subject: 'VPC' },
  'aws-network-acls-admin-ports-open-to-internet': { cis: '5.1', securityHub: 'EC2.21', fsbp: true, subject: 'NetworkACL' },
  'aws-security-groups-admin-ports-open-ipv4': { cis: '5.2', securityHub: 'EC2.53', subject: 'SecurityGroup' },
  'aws-security-groups-admin-ports-open-ipv6': { cis: '5.3', securityHub: 'EC2.54', subject: 'SecurityGroup' },
  'aws-default-security-groups-allow-traffic': { cis: '5.4', securityHub: 'EC2.2', fsbp: true, subject: 'SecurityGroup' },
  'aws-ec2-instances-imdsv1-allowed': { cis: '5.6', securityHub: 'EC2.8', fsbp: true, subject: 'VM' },
};
