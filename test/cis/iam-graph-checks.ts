/** The checks built on the IAM graph (issue 12): id -> CIS v3.0.0 control (none for the three extra checks) and the type it reports. */
export const IAM_GRAPH_CHECKS: Record<string, { cis?: string; securityHub?: string; fsbp?: boolean; subject: string }> = {
  'aws-root-users-virtual-mfa': { cis: '1.6', securityHub: 'IAM.6', fsbp: true, subject: 'RootUser' },
  'aws-iam-users-with-attached-or-inline-policies': { cis: '1.15', securityHub: 'IAM.2', fsbp: true, subject: 'IAMUser' },
  'aws-iam-policies-attached-with-full-admin': { cis: '1.16', securityHub: 'IAM.1', fsbp: true, subject: 'IAMPolicy' },
  'aws-accounts-without-support-role': { cis: '1.17', securityHub: 'IAM.18', subject: 'Connector' },
  'aws-iam-server-certificates-expired': { cis: '1.19', securityHub: 'IAM.26', subject: 'IAMServerCertificate' },
  'aws-regions-without-access-analyzer': { cis: '1.20', securityHub: 'IAM.28', subject: 'AWSRegion' },
  'aws-iam-cloudshell-full-access-attached': { cis: '1.22', securityHub: 'IAM.27', subject: 'IAMPolicy' },
  'aws-iam-roles-trusting-other-accounts-without-condition': { subject: 'IAMRole' },
  'aws-iam-roles-unused-90-days': { subject: 'IAMRole' },
  'aws-iam-inline-policies': { subject: 'IAMPolicy' },
};
