/**
 * IAM as a graph (issue 12), read from the fixture accounts of
 * test/fixtures/modules/ through the snapshot path: relations across the
 * authorization details, the credential report, MFA devices and regions;
 * "at least one exists" on accounts and regions; references that point at
 * nothing fail closed; the live binding decodes and merges as the AWS CLI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, type LoadEvent } from '../../src/index.js';
import { getAccountAuthorizationDetails } from '../../src/model/iam-authorization/sources.js';
import { paginate, toCliJson } from '../../src/sources/canonical.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';
import { iamFiles } from '../support/iam-snapshot.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/modules');
const engineFor = (dir: string, options: { onLoad?: (event: LoadEvent) => void; regions?: string[] } = {}) =>
  createEngine({ config: { connectors: [{ id: 'acct', provider: 'aws', snapshot: dir, ...(options.regions ? { regions: options.regions } : {}) }] }, storedChecks: false, onLoad: options.onLoad });
const graph = () => engineFor(path.join(FIXTURES, 'iam-authorization/graph'));

async function data(engine: Awaited<ReturnType<typeof graph>>, query: string): Promise<Record<string, unknown>> {
  const result = await engine.query(query);
  expect(result.errors).toBeUndefined();
  return result.data as Record<string, unknown>;
}

describe('one query across types', () => {
  it('finds the users who get "*" on "*" through a group, and only them', async () => {
    const engine = await graph();
    const found = await data(engine, '{ iamUsers(where: { hasIAMGroup_SOME: { iamPolicies_SOME: { iamPolicyStatements_SOME: { effect: "Allow", actions_INCLUDES: "*", resources_INCLUDES: "*" } } } }) { name hasIAMGroup { name iamPolicies { name } } } }');
    // alice's only "*" on "*" is her group's (Statement written as one object, Action and Resource as strings).
    expect(found).toEqual({ iamUsers: [{ name: 'alice', hasIAMGroup: [{ name: 'admins', iamPolicies: [{ name: 'AdminEverything' }] }] }] });
    // She has nothing of her own: CIS 1.15 is about exactly that.
    expect(await data(engine, '{ iamUsers(where: { iamPolicies_SOME: {} }) { name } }')).toEqual({ iamUsers: [{ name: 'bob' }] });
  });

  it('answers "at least one exists" as a filter on accounts, through Connector relations', async () => {
    const engine = await graph();
    expect(await data(engine, '{ connectors(where: { iamRoles_NONE: { iamPolicies_SOME: { policyType: "AWS", policyName: "AWSSupportAccess" } } }) { id } }')).toEqual({ connectors: [] });
    expect(await data(engine, '{ connectors(where: { iamRoles_NONE: { iamPolicies_SOME: { policyName: "AWSCloudShellFullAccess" } } }) { id } }')).toEqual({ connectors: [{ id: 'acct' }] });
    expect(await data(engine, '{ connectors { iamUsers { name } iamGroups { name } } }')).toEqual({ connectors: [{ iamUsers: [{ name: 'alice' }, { name: 'bob' }, { name: 'deploy-bot' }], iamGroups: [{ name: 'admins' }, { name: 'developers' }] }] });
  });
});

describe('the authorization details as a graph', () => {
  it('gives users their groups, own policies (marked managed or inline), boundary, tags and path', async () => {
    const users = (await data(await graph(), '{ iamUsers { name path userId createDate tags { key value } permissionsBoundary { permissionsBoundaryType permissionsBoundaryArn } hasIAMGroup { name } iamPolicies { name policyType arn } } }')).iamUsers;
    expect(users).toEqual([
      { name: 'alice', path: '/', userId: 'AIDAEXAMPLEALICE0001', createDate: '2021-03-01T09:00:00.000Z', tags: [], permissionsBoundary: null, hasIAMGroup: [{ name: 'admins' }], iamPolicies: [] },
      {
        name: 'bob', path: '/', userId: 'AIDAEXAMPLEBOB000001', createDate: '2022-05-01T09:00:00.000Z', tags: [], permissionsBoundary: null, hasIAMGroup: [],
        iamPolicies: [{ name: 'ReadOnlyAccess', policyType: 'AWS', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { name: 'bob-logs', policyType: 'Inline', arn: null }],
      },
      {
        name: 'deploy-bot', path: '/automation/', userId: 'AIDAEXAMPLEDEPLOY001', createDate: '2023-01-15T09:00:00.000Z', tags: [{ key: 'team', value: 'platform' }],
        permissionsBoundary: { permissionsBoundaryType: 'Policy', permissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/BoundaryDevelopers' }, hasIAMGroup: [{ name: 'developers' }], iamPolicies: [],
      },
    ]);
  });

  it('gives groups their members and policies, and policies whom they are attached to', async () => {
    const engine = await graph();
    expect((await data(engine, '{ iamGroups { name members { name } iamPolicies { name policyType } } }')).iamGroups).toEqual([
      { name: 'admins', members: [{ name: 'alice' }], iamPolicies: [{ name: 'AdminEverything', policyType: 'Custom' }] },
      { name: 'developers', members: [{ name: 'deploy-bot' }], iamPolicies: [{ name: 'PowerUserAccess', policyType: 'AWS' }, { name: 'developers-mfa', policyType: 'Inline' }] },
    ]);
    const policies = (await data(engine, '{ iamPolicies { id name policyType attachmentCount attached permissionsBoundaryUsageCount iamUsers { name } iamGroups { name } iamRoles { name } } }')).iamPolicies as Record<string, unknown>[];
    expect(policies.map((p) => [p.name, p.policyType, p.attachmentCount, p.attached])).toEqual([
      ['AdminEverything', 'Custom', 1, true],
      ['ReadOnlyAccess', 'AWS', 2, true],
      ['PowerUserAccess', 'AWS', 1, true],
      ['AWSSupportAccess', 'AWS', 1, true],
      ['DataReaders', 'Custom', 0, false],
      ['BoundaryDevelopers', 'Custom', 0, false],
      ['developers-mfa', 'Inline', 1, true],
      ['bob-logs', 'Inline', 1, true],
      ['vendor-read-bucket', 'Inline', 1, true],
    ]);
    expect(policies.find((p) => p.name === 'ReadOnlyAccess')).toMatchObject({ iamUsers: [{ name: 'bob' }], iamGroups: [], iamRoles: [{ name: 'partner-audit' }] });
    expect(policies.find((p) => p.name === 'bob-logs')).toMatchObject({ id: 'arn:aws:iam::123456789012:user/bob/inline-policy/bob-logs', iamUsers: [{ name: 'bob' }] });
    expect(policies.find((p) => p.name === 'BoundaryDevelopers')).toMatchObject({ permissionsBoundaryUsageCount: 1 });
  });

  it('reads the default version of a managed policy, statements normalised, and its document as text', async () => {
    const engine = await graph();
    const [policy] = (await data(engine, '{ iamPolicies(where: { policyName: "DataReaders" }) { defaultVersionId policyDocument iamPolicyStatements { sid effect actions notResources conditions { operator key values } } hasIAMPolicyStatement { sid } } }')).iamPolicies as Record<string, unknown>[];
    expect(policy.defaultVersionId).toBe('v2');
    expect(policy.iamPolicyStatements).toEqual([
      {
        sid: 'ReadDataOverTls', effect: 'Allow', actions: ['s3:GetObject', 's3:ListBucket'], notResources: ['arn:aws:s3:::example-secrets', 'arn:aws:s3:::example-secrets/*'],
        conditions: [
          { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
          { operator: 'StringLike', key: 's3:prefix', values: ['reports/', 'exports/*'] },
          { operator: 'NumericLessThanEquals', key: 's3:max-keys', values: ['100'] },
        ],
      },
    ]);
    expect(policy.hasIAMPolicyStatement).toEqual([{ sid: 'ReadDataOverTls' }]);
    expect(JSON.parse(policy.policyDocument as string).Statement[0].Sid).toBe('ReadDataOverTls');
    // The document text is filterable: v1's "s3:*" on everything is not the default version.
    expect(await data(engine, '{ iamPolicies(where: { policyDocument_CONTAINS: "\\"s3:*\\"" }) { name } }')).toEqual({ iamPolicies: [{ name: 'BoundaryDevelopers' }] });
  });

  it('gives roles their trust statements with principals as { type value }, instance profiles and last use', async () => {
    const roles = (await data(await graph(), '{ iamRoles { name path lastUsedDate lastUsedRegion instanceProfiles { name } tags { key } hasIAMAssumeRolePolicyStatement { actions conditions { key } hasIAMAssumeRolePolicyPrincipal { type value otherAccount } } } }')).iamRoles as Record<string, unknown>[];
    const byName = new Map(roles.map((role) => [role.name, role]));
    expect(byName.get('partner-audit')).toMatchObject({ lastUsedDate: null, hasIAMAssumeRolePolicyStatement: [{ actions: ['sts:AssumeRole'], conditions: [], hasIAMAssumeRolePolicyPrincipal: [{ type: 'AWS', value: 'arn:aws:iam::999988887777:root', otherAccount: true }] }] });
    expect(byName.get('vendor-access')).toMatchObject({ lastUsedDate: '2024-06-01T12:00:00.000Z', lastUsedRegion: 'eu-west-1', hasIAMAssumeRolePolicyStatement: [{ conditions: [{ key: 'sts:ExternalId' }], hasIAMAssumeRolePolicyPrincipal: [{ type: 'AWS', value: '*', otherAccount: true }] }] });
    expect(byName.get('app-server')).toMatchObject({ instanceProfiles: [{ name: 'app-server' }], tags: [{ key: 'app' }], hasIAMAssumeRolePolicyStatement: [{ hasIAMAssumeRolePolicyPrincipal: [{ type: 'Service', value: 'ec2.amazonaws.com', otherAccount: false }] }] });
    expect(byName.get('support')).toMatchObject({ hasIAMAssumeRolePolicyStatement: [{ hasIAMAssumeRolePolicyPrincipal: [{ type: 'AWS', otherAccount: false }] }] });
    expect(byName.get('AWSServiceRoleForSupport')).toMatchObject({ path: '/aws-service-role/support.amazonaws.com/' });
    // The public catalogue's form of the same question.
    expect(await data(await graph(), '{ iamRoles(where: { hasIAMAssumeRolePolicyStatement_SOME: { hasIAMAssumeRolePolicyPrincipal_SOME: { value: "*" } } }) { name } }')).toEqual({ iamRoles: [{ name: 'vendor-access' }] });
  });

  it('reads the authorization details once per account, whatever types and queries need them', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor(path.join(FIXTURES, 'iam-authorization/graph'), { onLoad: (event) => events.push(event) });
    const session = engine.createSession();
    for (const query of ['{ iamRoles { name } }', '{ iamUsers { hasIAMGroup { name } tags { key } } }', '{ iamPolicies { iamGroups { members { name } } } }', '{ connectors(where: { iamRoles_NONE: {} }) { id } }']) {
      expect((await engine.query(query, undefined, { session })).errors).toBeUndefined();
    }
    expect(events.filter((e) => e.state === 'start').map((e) => e.data).sort()).toEqual(['iam/get-account-authorization-details', 'iam/get-credential-report', 'identity']);
  });

  it('loads the details when a query filters on what they add to a credential-report user, and only then', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor(path.join(FIXTURES, 'iam-authorization/graph'), { onLoad: (event) => events.push(event) });
    expect((await engine.query('{ iamUsers { name } }')).errors).toBeUndefined();
    expect(events.some((e) => e.data.startsWith('iam/get-account-authorization'))).toBe(false);
    expect(await data(engine, '{ iamUsers(where: { path_STARTS_WITH: "/automation/" }) { name } }')).toEqual({ iamUsers: [{ name: 'deploy-bot' }] });
  });
});

describe('MFA devices, certificates, identity providers, Access Analyzer', () => {
  it('tells a virtual root MFA device, and gives users their devices and serial numbers', async () => {
    const dir = writeSnapshot({
      csv: csv([row({ user: '<root_account>', mfa_active: 'true' }), row({ user: 'alice', mfa_active: 'true' }), row({ user: 'bob' })]),
      files: { ...iamFiles(['alice', 'bob']), 'iam/list-virtual-mfa-devices.json': readFileSync(path.join(FIXTURES, 'iam-mfa-devices/devices/iam/list-virtual-mfa-devices.json'), 'utf8') },
    });
    const engine = await engineFor(dir);
    expect(await data(engine, '{ rootUsers { virtualMFADevice { serialNumber assignedToRoot } } iamUsers { name mfaSerialNumbers mfaDevices { name user { name } } } iamVirtualMFADevices(where: { userArn: null }) { name } }')).toEqual({
      rootUsers: [{ virtualMFADevice: { serialNumber: 'arn:aws:iam::123456789012:mfa/root-account-mfa-device', assignedToRoot: true } }],
      iamUsers: [
        { name: 'alice', mfaSerialNumbers: ['arn:aws:iam::123456789012:mfa/alice-phone'], mfaDevices: [{ name: 'alice-phone', user: { name: 'alice' } }] },
        { name: 'bob', mfaSerialNumbers: [], mfaDevices: [] },
      ],
      iamVirtualMFADevices: [{ name: 'spare' }],
    });
  });

  it('gives certificates their expiry and identity providers their kind', async () => {
    const certificates = await engineFor(path.join(FIXTURES, 'iam-server-certificates/certificates'));
    expect(await data(certificates, '{ iamServerCertificates(where: { expiration_LT: "2024-06-15T00:00:00Z" }) { name path expiration } }')).toEqual({ iamServerCertificates: [{ name: 'www-2023', path: '/cloudfront/', expiration: '2024-01-10T12:00:00.000Z' }] });
    const providers = await engineFor(path.join(FIXTURES, 'iam-identity-providers/federated'));
    expect(await data(providers, '{ iamIdentityProviders { name type validUntil } }')).toEqual({
      iamIdentityProviders: [
        { name: 'CorporateIdP', type: 'SAML', validUntil: '2114-01-10T12:00:00.000Z' },
        { name: 'token.actions.githubusercontent.com', type: 'OIDC', validUntil: null },
        { name: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF', type: 'OIDC', validUntil: null },
      ],
    });
  });

  it('reads analyzers in every enabled region (opted-in ones too), never in one not opted in, and reaches them from the region', async () => {
    const events: LoadEvent[] = [];
    const engine = await engineFor(path.join(FIXTURES, 'access-analyzer/regions'), { onLoad: (event) => events.push(event) });
    expect(await data(engine, '{ awsRegions { name inScope accessAnalyzers { name type status region } } }')).toEqual({
      awsRegions: [
        { name: 'us-east-1', inScope: true, accessAnalyzers: [{ name: 'external', type: 'ACCOUNT', status: 'ACTIVE', region: 'us-east-1' }, { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', region: 'us-east-1' }] },
        { name: 'eu-west-1', inScope: true, accessAnalyzers: [] },
        { name: 'eu-south-1', inScope: true, accessAnalyzers: [{ name: 'org', type: 'ORGANIZATION', status: 'DISABLED', region: 'eu-south-1' }] },
        { name: 'ap-east-1', inScope: false, accessAnalyzers: [] },
      ],
    });
    expect(events.filter((e) => e.state === 'start' && e.data.startsWith('accessanalyzer/')).map((e) => e.data).sort()).toEqual(['accessanalyzer/list-analyzers@eu-south-1', 'accessanalyzer/list-analyzers@eu-west-1', 'accessanalyzer/list-analyzers@us-east-1']);
    const regionsWithout = '{ awsRegions(where: { inScope: true, accessAnalyzers_NONE: { status: "ACTIVE", type_IN: ["ACCOUNT", "ORGANIZATION"] } }) { name } }';
    expect(await data(engine, regionsWithout)).toEqual({ awsRegions: [{ name: 'eu-west-1' }, { name: 'eu-south-1' }] });
    // A connector scoped to one region judges that one only.
    expect(await data(await engineFor(path.join(FIXTURES, 'access-analyzer/regions'), { regions: ['us-east-1'] }), regionsWithout)).toEqual({ awsRegions: [] });
  });
});

describe('fail closed', () => {
  const account = (details: Record<string, unknown>, users = ['alice']) =>
    writeSnapshot({ csv: csv([row({ user: '<root_account>' }), ...users.map((user) => row({ user }))]), files: { ...iamFiles(users), 'iam/get-account-authorization-details.json': details } });
  const base = iamFiles(['alice'])['iam/get-account-authorization-details.json'] as Record<string, unknown[]>;
  const alice = base.UserDetailList[0] as Record<string, unknown>;

  it('a value of the wrong type in the answer is the account\'s ERROR naming the field', async () => {
    const engine = await engineFor(account({ ...base, RoleDetailList: [{ Path: '/', RoleName: 'r', RoleId: 'AROA1', Arn: 'arn:aws:iam::123456789012:role/r', CreateDate: 'yesterday', AssumeRolePolicyDocument: {} }] }));
    const result = await engine.query('{ iamRoles { name } }');
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'SourceMalformed' })]);
    expect(result.errors?.[0].message).toMatch(/get-account-authorization-details\.json: RoleDetailList\[0\]\.CreateDate: expected an ISO-8601 timestamp with a zone, found "yesterday"/);
  });

  it('a trust policy that is not a policy is the account\'s ERROR, naming the role and the place', async () => {
    const engine = await engineFor(account({ ...base, RoleDetailList: [{ Path: '/', RoleName: 'r', RoleId: 'AROA1', Arn: 'arn:aws:iam::123456789012:role/r', CreateDate: '2024-01-01T00:00:00+00:00', AssumeRolePolicyDocument: { Statement: [{ Principal: '*', Action: 'sts:AssumeRole' }] } }] }));
    const result = await engine.query('{ iamRoles { name } }');
    expect(result.errors?.[0].extensions?.connectors).toEqual([expect.objectContaining({ code: 'PolicyDocumentMalformed' })]);
    expect(result.errors?.[0].message).toMatch(/RoleDetailList\[0\] \(arn:aws:iam::123456789012:role\/r\) AssumeRolePolicyDocument: Statement\[0\]\.Effect: missing/);
  });

  it('an undecodable document the live answer carried stays text, and is refused as not a policy', async () => {
    const engine = await engineFor(account({ ...base, UserDetailList: [{ ...alice, UserPolicyList: [{ PolicyName: 'p', PolicyDocument: '%7B%22Statement' }] }] }));
    const result = await engine.query('{ iamPolicies { name } }');
    expect(result.errors?.[0].message).toMatch(/UserDetailList\[0\] inline policy 0 \(p\): \(document\): expected a JSON object, found "%7B%22Statement" \(not a policy document\)/);
  });

  it('an attachment the details do not list fails every type built from them, not only the relation that reads it', async () => {
    const engine = await engineFor(account({ ...base, UserDetailList: [{ ...alice, AttachedManagedPolicies: [{ PolicyName: 'Gone', PolicyArn: 'arn:aws:iam::123456789012:policy/Gone' }] }] }));
    for (const query of ['{ iamPolicies { name } }', '{ iamRoles { name } }', '{ iamUsers(where: { iamPolicies_SOME: {} }) { name } }']) {
      const result = await engine.query(query);
      expect(result.data, query).toBeNull();
      expect(result.errors?.[0].extensions?.connectors, query).toEqual([expect.objectContaining({ code: 'DanglingReference' })]);
    }
    // What does not read the details still answers.
    expect((await engine.query('{ iamUsers { name } }')).errors).toBeUndefined();
  });

  it('a device assigned to a user the credential report does not have is a dangling reference', async () => {
    const dir = writeSnapshot({
      csv: csv([row({ user: '<root_account>' }), row({ user: 'alice' })]),
      files: { ...iamFiles(['alice']), 'iam/list-virtual-mfa-devices.json': { VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::123456789012:mfa/ghost', User: { Arn: 'arn:aws:iam::123456789012:user/ghost', UserName: 'ghost' } }] } },
    });
    const result = await (await engineFor(dir)).query('{ iamVirtualMFADevices { user { name } } }');
    expect(result.errors?.[0].message).toMatch(/virtual MFA device arn:aws:iam::123456789012:mfa\/ghost is assigned to arn:aws:iam::123456789012:user\/ghost, which is not a user of the credential report/);
  });
});

describe('the live binding', () => {
  it('decodes every policy document as the AWS CLI does, a role inside an instance profile too', () => {
    const encoded = (document: unknown) => encodeURIComponent(JSON.stringify(document));
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
    const policy = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/a b+c' } };
    const answer = {
      $metadata: { httpStatusCode: 200 },
      UserDetailList: [{ UserName: 'u', CreateDate: new Date('2024-01-02T03:04:05Z'), UserPolicyList: [{ PolicyName: 'p', PolicyDocument: encoded(policy) }] }],
      RoleDetailList: [{ RoleName: 'r', AssumeRolePolicyDocument: encoded(trust), InstanceProfileList: [{ InstanceProfileName: 'r', Roles: [{ RoleName: 'r', AssumeRolePolicyDocument: encoded(trust) }] }] }],
      Policies: [{ PolicyName: 'm', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encoded(policy) }] }],
    };
    const cli = getAccountAuthorizationDetails.sdk.toCli!(toCliJson(answer) as Record<string, unknown>);
    expect(cli).toEqual({
      UserDetailList: [{ UserName: 'u', CreateDate: '2024-01-02T03:04:05+00:00', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: policy }] }],
      RoleDetailList: [{ RoleName: 'r', AssumeRolePolicyDocument: trust, InstanceProfileList: [{ InstanceProfileName: 'r', Roles: [{ RoleName: 'r', AssumeRolePolicyDocument: trust }] }] }],
      Policies: [{ PolicyName: 'm', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: policy }] }],
    });
  });

  it('merges the pages of GetAccountAuthorizationDetails by Marker and IsTruncated, every list of them', async () => {
    const pages: Record<string, Record<string, unknown>> = {
      first: { UserDetailList: [{ UserName: 'a' }], GroupDetailList: [], RoleDetailList: [{ RoleName: 'r1' }], Policies: [{ PolicyName: 'p1' }], IsTruncated: true, Marker: 'page-2' },
      'page-2': { UserDetailList: [{ UserName: 'b' }], GroupDetailList: [{ GroupName: 'g' }], RoleDetailList: [], Policies: [{ PolicyName: 'p2' }], IsTruncated: false },
    };
    const asked: (string | undefined)[] = [];
    const merged = await paginate(async (token) => (asked.push(token), pages[token ?? 'first']), getAccountAuthorizationDetails.sdk.paginate!);
    expect(asked).toEqual([undefined, 'page-2']);
    expect(merged).toEqual({ UserDetailList: [{ UserName: 'a' }, { UserName: 'b' }], GroupDetailList: [{ GroupName: 'g' }], RoleDetailList: [{ RoleName: 'r1' }], Policies: [{ PolicyName: 'p1' }, { PolicyName: 'p2' }] });
  });
});
