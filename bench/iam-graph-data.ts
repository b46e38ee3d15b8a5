/**
 * Synthetic IAM graphs for the benchmarks: what `get-account-authorization-details`
 * and the other IAM graph sources print for an account, shaped like real
 * ones (AWS and customer managed policies with several statements and
 * wildcards, groups, roles with trust policies of every kind, inline
 * policies, instance profiles, tags), for the users of its credential
 * report. A seeded random gives the same bytes every run.
 */
import type { Random } from '../test/support/seeded-random.js';

export interface IamGraphSize {
  /** The credential report's users: every one is in the authorization details too. */
  users: readonly { name: string; arn: string }[];
  groups: number;
  roles: number;
  /** Customer managed policies (AWS managed ones come on top, those attached). */
  policies: number;
  /** Enabled regions, each with its analyzers. */
  regions: readonly string[];
}

const NOW_MS = Date.parse('2024-06-15T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const SERVICES = ['s3', 'ec2', 'lambda', 'dynamodb', 'sqs', 'sns', 'logs', 'cloudwatch', 'kms', 'iam', 'sts', 'rds', 'ecr', 'ecs'];
const VERBS = ['Get', 'List', 'Describe', 'Put', 'Create', 'Delete', 'Update', 'Tag'];
const AWS_POLICIES = ['ReadOnlyAccess', 'AdministratorAccess', 'AWSSupportAccess', 'PowerUserAccess', 'AmazonS3ReadOnlyAccess', 'CloudWatchLogsFullAccess'];

const ADMINISTRATOR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const timestamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

/** The files, by their path in the snapshot layout, as JSON values. */
export function iamGraphFiles(random: Random, accountId: string, size: IamGraphSize): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const ago = (minDays: number, maxDays: number) => timestamp(NOW_MS - (minDays + random() * (maxDays - minDays)) * DAY_MS);
  const some = <T>(items: readonly T[], max: number): T[] => [...new Set(Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(items)))];
  const action = () => (chance(0.15) ? `${pick(SERVICES)}:*` : `${pick(SERVICES)}:${pick(VERBS)}${chance(0.5) ? '*' : 'Item'}`);
  const statement = () => {
    // Now and then someone's shortcut: everything on everything.
    if (chance(0.01)) return { Effect: 'Allow', Action: '*', Resource: '*' };
    const actions = Array.from({ length: 1 + Math.floor(random() * 6) }, action);
    return {
      Effect: chance(0.9) ? 'Allow' : 'Deny',
      ...(chance(0.05) ? { NotAction: actions } : { Action: actions.length === 1 ? actions[0] : actions }),
      Resource: chance(0.5) ? '*' : [`arn:aws:s3:::bucket-${Math.floor(random() * 1000)}/*`, `arn:aws:dynamodb:eu-west-1:${accountId}:table/t${Math.floor(random() * 100)}`],
      ...(chance(0.2) ? { Condition: { StringEquals: { 'aws:RequestedRegion': pick(['eu-west-1', 'us-east-1']) } } } : {}),
    };
  };
  const document = () => ({ Version: '2012-10-17', Statement: chance(0.3) ? statement() : Array.from({ length: 1 + Math.floor(random() * 3) }, statement) });
  const inline = (owner: string, p: number) => (chance(p) ? [{ PolicyName: `${owner}-inline`, PolicyDocument: document() }] : []);

  const custom = Array.from({ length: size.policies }, (_, i) => ({ name: `policy-${i}`, arn: `arn:aws:iam::${accountId}:policy/policy-${i}` }));
  const aws = AWS_POLICIES.map((name) => ({ name, arn: `arn:aws:iam::aws:policy/${name}` }));
  const counts = new Map<string, number>();
  const attach = (choices: readonly { name: string; arn: string }[], max: number) =>
    some(choices, max).map((policy) => {
      counts.set(policy.arn, (counts.get(policy.arn) ?? 0) + 1);
      return { PolicyName: policy.name, PolicyArn: policy.arn };
    });
  const attachable = [...custom, ...aws];

  const groups = Array.from({ length: size.groups }, (_, i) => ({
    Path: '/',
    GroupName: `group-${i}`,
    GroupId: `AGPABENCH${String(i).padStart(11, '0')}`,
    Arn: `arn:aws:iam::${accountId}:group/group-${i}`,
    CreateDate: ago(100, 2000),
    GroupPolicyList: inline(`group-${i}`, 0.1),
    AttachedManagedPolicies: attach(attachable, 3),
  }));
  const users = size.users.map((user, i) => ({
    Path: user.arn.slice(user.arn.indexOf(':user/') + 5, user.arn.length - user.name.length),
    UserName: user.name,
    UserId: `AIDABENCH${String(i).padStart(11, '0')}`,
    Arn: user.arn,
    CreateDate: ago(30, 2500),
    UserPolicyList: inline(`user-${i}`, 0.05),
    GroupList: groups.length > 0 ? some(groups.map((group) => group.GroupName), 2) : [],
    AttachedManagedPolicies: chance(0.1) ? attach(attachable, 2) : [],
    Tags: chance(0.3) ? [{ Key: 'team', Value: pick(['web', 'data', 'platform']) }] : [],
  }));
  const trust = () => {
    const kind = random();
    const principal =
      kind < 0.5 ? { Service: `${pick(['ec2', 'lambda', 'ecs-tasks', 'glue'])}.amazonaws.com` }
      : kind < 0.8 ? { AWS: `arn:aws:iam::${accountId}:root` }
      : kind < 0.95 ? { AWS: `arn:aws:iam::${String(Math.floor(random() * 1e12)).padStart(12, '0')}:root` }
      : { Federated: `arn:aws:iam::${accountId}:saml-provider/corporate` };
    return {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: 'Federated' in principal ? 'sts:AssumeRoleWithSAML' : 'sts:AssumeRole', ...(chance(0.4) ? { Condition: { StringEquals: { 'sts:ExternalId': `x-${Math.floor(random() * 1e6)}` } } } : {}) }],
    };
  };
  const roles = Array.from({ length: size.roles }, (_, i) => {
    const arn = `arn:aws:iam::${accountId}:role/role-${i}`;
    const created = ago(10, 2000);
    return {
      Path: '/',
      RoleName: `role-${i}`,
      RoleId: `AROABENCH${String(i).padStart(11, '0')}`,
      Arn: arn,
      CreateDate: created,
      AssumeRolePolicyDocument: trust(),
      InstanceProfileList: chance(0.2) ? [{ Path: '/', InstanceProfileName: `role-${i}`, InstanceProfileId: `AIPABENCH${String(i).padStart(11, '0')}`, Arn: `arn:aws:iam::${accountId}:instance-profile/role-${i}`, CreateDate: created }] : [],
      RolePolicyList: inline(`role-${i}`, 0.2),
      AttachedManagedPolicies: attach(attachable, 3),
      Tags: chance(0.5) ? [{ Key: 'app', Value: `app-${i % 50}` }] : [],
      RoleLastUsed: chance(0.8) ? { LastUsedDate: ago(0, 300), Region: pick(size.regions) } : {},
    };
  });
  const policy = (p: { name: string; arn: string }) => {
    const created = ago(100, 2000);
    const versions = chance(0.2) ? 2 : 1;
    return {
      PolicyName: p.name,
      PolicyId: `ANPABENCH${p.name.replace(/\W/g, '').toUpperCase().padEnd(11, '0').slice(0, 11)}`,
      Arn: p.arn,
      Path: '/',
      DefaultVersionId: `v${versions}`,
      AttachmentCount: counts.get(p.arn) ?? 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: created,
      UpdateDate: created,
      PolicyVersionList: Array.from({ length: versions }, (_, v) => ({ Document: p.name === 'AdministratorAccess' ? ADMINISTRATOR : document(), VersionId: `v${v + 1}`, IsDefaultVersion: v + 1 === versions, CreateDate: created })),
    };
  };
  // AWS lists AWS managed policies while they are attached, and every customer managed one.
  const policies = [...custom.map(policy), ...aws.filter((p) => counts.has(p.arn)).map(policy)];

  const files: Record<string, unknown> = {
    'iam/get-account-authorization-details.json': { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies },
    'iam/list-virtual-mfa-devices.json': {
      VirtualMFADevices: size.users.filter(() => chance(0.5)).map((user) => ({ SerialNumber: `arn:aws:iam::${accountId}:mfa/${user.name.replace(/[^\w+=,.@-]/g, '')}`, User: { Path: '/', UserName: user.name, UserId: 'AIDABENCH', Arn: user.arn, CreateDate: ago(30, 900) }, EnableDate: ago(0, 30) })),
    },
    'iam/list-server-certificates.json': {
      ServerCertificateMetadataList: Array.from({ length: Math.floor(random() * 3) }, (_, i) => ({ Path: '/', ServerCertificateName: `cert-${i}`, ServerCertificateId: `ASCABENCH${i}`, Arn: `arn:aws:iam::${accountId}:server-certificate/cert-${i}`, UploadDate: ago(400, 800), Expiration: timestamp(NOW_MS + (random() - 0.2) * 400 * DAY_MS) })),
    },
    'iam/list-saml-providers.json': { SAMLProviderList: [{ Arn: `arn:aws:iam::${accountId}:saml-provider/corporate`, CreateDate: ago(500, 900) }] },
    'iam/list-open-id-connect-providers.json': { OpenIDConnectProviderList: [] },
    'ec2/describe-regions.json': { Regions: size.regions.map((region) => ({ Endpoint: `ec2.${region}.amazonaws.com`, RegionName: region, OptInStatus: 'opt-in-not-required' })) },
  };
  for (const region of size.regions) {
    files[`regions/${region}/accessanalyzer/list-analyzers.json`] = {
      analyzers: chance(0.85) ? [{ arn: `arn:aws:access-analyzer:${region}:${accountId}:analyzer/external`, name: 'external', type: 'ACCOUNT', createdAt: ago(100, 500), status: 'ACTIVE' }] : [],
    };
  }
  return files;
}
