/**
 * The IAM graph's snapshot files for an account whose credential report has
 * these users and nothing else to say about them: no groups, roles or
 * policies, no MFA devices, certificates or identity providers, and no
 * Access Analyzer in the regions given. A fixture that is about something
 * else can then still answer every root field.
 */
export function iamFiles(users: readonly string[], options: { accountId?: string; regions?: readonly string[] } = {}): Record<string, unknown> {
  const accountId = options.accountId ?? '123456789012';
  const files: Record<string, unknown> = {
    'iam/get-account-authorization-details.json': {
      UserDetailList: users.map((name, i) => ({
        Path: '/',
        UserName: name,
        UserId: `AIDAFIXTURE${String(i).padStart(9, '0')}`,
        Arn: `arn:aws:iam::${accountId}:user/${name}`,
        CreateDate: '2020-01-01T00:00:00+00:00',
        UserPolicyList: [],
        GroupList: [],
        AttachedManagedPolicies: [],
        Tags: [],
      })),
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    },
    'iam/list-virtual-mfa-devices.json': { VirtualMFADevices: [] },
    'iam/list-server-certificates.json': { ServerCertificateMetadataList: [] },
    'iam/list-saml-providers.json': { SAMLProviderList: [] },
    'iam/list-open-id-connect-providers.json': { OpenIDConnectProviderList: [] },
  };
  for (const region of options.regions ?? ['us-east-1', 'eu-west-1']) files[`regions/${region}/accessanalyzer/list-analyzers.json`] = { analyzers: [] };
  return files;
}
