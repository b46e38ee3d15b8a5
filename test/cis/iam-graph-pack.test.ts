/**
 * The checks on the IAM graph (issue 12): CIS AWS Foundations v3.0.0 1.6,
 * 1.15-1.17, 1.19, 1.20, 1.22 and three checks of our own, run through the
 * real runner over the fixture accounts of test/fixtures/cis-iam (one case
 * each, see its README) with a fixed clock, and once through the CLI's
 * framework view.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckRunReport } from '../../src/checks/results.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { every, outcomeOf, resultOf, verdictMatrixTests, type Outcome } from '../support/verdict-matrix.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';
import { IAM_GRAPH_CHECKS } from './iam-graph-checks.js';

const CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis-iam/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';
const CIS = 'cis-aws-foundations-v3.0.0';
const FSBP = 'aws-foundational-security-best-practices';
const IDS = Object.keys(IAM_GRAPH_CHECKS);

const ROOT_MFA = 'aws-root-users-virtual-mfa';
const USER_POLICIES = 'aws-iam-users-with-attached-or-inline-policies';
const FULL_ADMIN = 'aws-iam-policies-attached-with-full-admin';
const SUPPORT_ROLE = 'aws-accounts-without-support-role';
const CERTIFICATES = 'aws-iam-server-certificates-expired';
const ANALYZER = 'aws-regions-without-access-analyzer';
const CLOUDSHELL = 'aws-iam-cloudshell-full-access-attached';
const TRUST = 'aws-iam-roles-trusting-other-accounts-without-condition';
const UNUSED_ROLES = 'aws-iam-roles-unused-90-days';
const INLINE = 'aws-iam-inline-policies';
/** Every check that reads the authorization details. */
const AUTHORIZATION_CHECKS = [USER_POLICIES, FULL_ADMIN, SUPPORT_ROLE, CLOUDSHELL, TRUST, UNUSED_ROLES, INLINE];

/** FAIL naming these assets, or ERROR with this code. */
const ROOT = '<root_account>';

/** Every fixture account and how each check comes out at NOW; a check not named must PASS there. */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  // Also the boundaries that pass: AWS's AdministratorAccess on a role, an unattached customer "*:*", a customer
  // policy named AWSCloudShellFullAccess, another account trusted with an external id, a certificate expiring at
  // NOW and one a second later, a role last used exactly 90 days ago, a not-opted-in region without analyzers.
  compliant: {},
  'root-virtual-mfa': { [ROOT_MFA]: [ROOT] },
  'root-without-mfa': { [ROOT_MFA]: [ROOT] },
  'user-with-attached-policy': { [USER_POLICIES]: ['alice'] },
  'user-with-inline-policy': { [USER_POLICIES]: ['ci-deploy'], [INLINE]: ['push-artifacts'] },
  // alice's only "*:*" comes through her group: 1.16 fails on the policy, 1.15 passes (that is how CIS wants it granted).
  'admin-through-group': { [FULL_ADMIN]: ['AdminEverything'] },
  'inline-admin-role': { [FULL_ADMIN]: ['everything'], [INLINE]: ['everything'] },
  // AWSSupportAccess held by a group only: CIS asks for a role.
  'no-support-role': { [SUPPORT_ROLE]: ['no-support-role'] },
  'expired-certificate': { [CERTIFICATES]: ['legacy-lb'] },
  'region-without-analyzer': { [ANALYZER]: ['eu-west-1'] },
  'analyzer-not-active': { [ANALYZER]: ['eu-west-1'] },
  'opted-in-region-without-analyzer': { [ANALYZER]: ['ap-east-1'] },
  'cloudshell-attached': { [CLOUDSHELL]: ['AWSCloudShellFullAccess'] },
  'trust-other-accounts': { [TRUST]: ['open-to-anyone', 'partner-audit'] },
  'roles-unused': { [UNUSED_ROLES]: ['never-used-old', 'old-role'] },
  // References inside the authorization details that point at nothing: nothing built from them is decided.
  'dangling-attachment': every(AUTHORIZATION_CHECKS, 'ERROR DanglingReference'),
  'group-not-listed': every(AUTHORIZATION_CHECKS, 'ERROR DanglingReference'),
  // The credential report and the details disagree about who exists: the user check cannot be decided.
  'report-user-not-in-details': { [USER_POLICIES]: 'ERROR DanglingReference' },
  'details-user-not-in-report': { [USER_POLICIES]: 'ERROR DanglingReference' },
  'details-missing': every(AUTHORIZATION_CHECKS, 'ERROR SnapshotFileMissing'),
  'policy-not-a-document': every(AUTHORIZATION_CHECKS, 'ERROR PolicyDocumentMalformed'),
  'region-not-collected': { [ANALYZER]: 'ERROR SnapshotRegionMissing' },
};

let engine: AssetqlEngine;
let report: CheckRunReport;
const run = (options: { now: string; connectors?: string[]; checks?: string[] }) => engine.runChecks({ checks: IDS, exceptions: [], ...options });

/** A check's result on an account of this pack's run. */
const result = (connector: string, check: string) => resultOf(report, connector, check);

beforeAll(async () => {
  engine = await createEngine({ config: CONFIG });
  report = await run({ now: NOW });
});

describe('the checks as stored', () => {
  it('are bundled, valid, and mapped to their CIS v3.0.0 control and Security Hub control', () => {
    const checks = new Map(engine.checks().map((c) => [c.id, c]));
    for (const [id, { cis, securityHub, fsbp, subject }] of Object.entries(IAM_GRAPH_CHECKS)) {
      const check = checks.get(id)!;
      expect(check, id).toBeDefined();
      expect(check.compliance[CIS], id).toEqual(cis ? [cis] : undefined);
      expect(check.compliance['aws-security-hub'], id).toEqual(securityHub ? [securityHub] : undefined);
      expect(check.compliance[FSBP], id).toEqual(fsbp ? [securityHub] : undefined);
      expect(check.subjects, id).toEqual([subject]);
      expect(check.expect, id).toBe('eq []');
      expect(check.references.length, id).toBeGreaterThan(0);
      expect(check.remediation, id).toMatch(/\*\*Console\*\*/);
      expect(check.remediation, id).toMatch(/^\s*aws (iam|accessanalyzer) /m);
      expect(check.query, id).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });

  it('are listed in docs/cis-pack.md, and the README pack table, with their controls', async () => {
    const [doc, readme] = await Promise.all([readFile(path.join(PROJECT_ROOT, 'docs/cis-pack.md'), 'utf8'), readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')]);
    for (const [id, { cis }] of Object.entries(IAM_GRAPH_CHECKS)) {
      for (const page of [doc, readme]) {
        const row = page.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${id}\``));
        expect(row, id).toBeDefined();
        if (cis) expect(row, id).toMatch(new RegExp(`^\\|\\s*${cis.replace('.', '\\.')}\\s*\\|`));
      }
    }
    // The manual controls no API decides stay manual, and say why.
    for (const manual of ['1.1', '1.3', '1.21']) expect(doc, manual).toMatch(new RegExp(`^\\|\\s*${manual.replace('.', '\\.')}\\s*\\|.*\\|`, 'm'));
  });
});

describe(`every check on every fixture account at ${NOW}`, () => {
  verdictMatrixTests(() => report, IDS, EXPECTED, outcomeOf);
});

describe('what a finding and an error say', () => {
  it('names the asset at fault with the facts that decided it', () => {
    expect(result('root-virtual-mfa', ROOT_MFA).findings[0].value).toMatchObject({ virtualMFADevice: { serialNumber: 'arn:aws:iam::111100010002:mfa/root-account-mfa-device' } });
    expect(result('root-without-mfa', ROOT_MFA).findings[0].value).toMatchObject({ hasIAMUserCredentials: { mfaActive: false }, virtualMFADevice: null });
    expect(result('user-with-attached-policy', USER_POLICIES).findings[0].value).toMatchObject({ iamPolicies: [{ policyName: 'ReadOnlyAccess', policyType: 'AWS' }] });
    expect(result('admin-through-group', FULL_ADMIN).findings[0].value).toMatchObject({ policyType: 'Custom', iamGroups: [{ arn: 'arn:aws:iam::111100010006:group/admins' }], iamUsers: [] });
    expect(result('inline-admin-role', FULL_ADMIN).findings[0]).toMatchObject({ resource: 'arn:aws:iam::111100010007:role/ops-automation/inline-policy/everything', value: { policyType: 'Inline', iamRoles: [{ arn: 'arn:aws:iam::111100010007:role/ops-automation' }] } });
    expect(result('no-support-role', SUPPORT_ROLE).findings[0]).toMatchObject({ resource: 'arn:aws:iam::111100010008:root', accountId: '111100010008' });
    expect(result('analyzer-not-active', ANALYZER).findings[0].value).toMatchObject({ accessAnalyzers: [{ name: 'old', status: 'DISABLED' }, { name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' }] });
    expect(result('cloudshell-attached', CLOUDSHELL).findings[0].value).toMatchObject({ arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess', iamGroups: [{ arn: 'arn:aws:iam::111100010013:group/ops' }] });
    expect(result('trust-other-accounts', TRUST).findings.find((f) => f.name === 'open-to-anyone')!.value).toMatchObject({ hasIAMAssumeRolePolicyStatement: [{ principals: ['AWS|*'] }] });
  });

  it('names the reference that points at nothing, the file and what to run', () => {
    expect(result('dangling-attachment', FULL_ADMIN).error).toMatch(/dangling-attachment\/iam\/get-account-authorization-details\.json: RoleDetailList\[2\]\.AttachedManagedPolicies\[1\]: arn:aws:iam::\d{12}:policy\/Gone is attached to arn:aws:iam::\d{12}:role\/app-server but is not among the account's Policies/);
    expect(result('group-not-listed', USER_POLICIES).error).toMatch(/user arn:aws:iam::\d{12}:user\/alice is a member of group former-admins, which is not in GroupDetailList/);
    expect(result('report-user-not-in-details', USER_POLICIES).error).toMatch(/IAM user arn:aws:iam::\d{12}:user\/dave is in .*credential-report\.csv but not in .*get-account-authorization-details\.json \(a user created or deleted between the two reads/);
    expect(result('details-user-not-in-report', USER_POLICIES).error).toMatch(/IAM user arn:aws:iam::\d{12}:user\/erin is in .*get-account-authorization-details\.json but not in .*credential-report\.csv/);
    expect(result('details-missing', SUPPORT_ROLE).error).toMatch(/iam\/get-account-authorization-details\.json is missing: not collected \(write it with aws iam get-account-authorization-details > /);
    expect(result('policy-not-a-document', INLINE).error).toMatch(/get-account-authorization-details\.json: Policies\[\d\] \(arn:aws:iam::\d{12}:policy\/Broken\) version v1: Statement: missing: a policy has a Statement \(not a policy document\)/);
    expect(result('region-not-collected', ANALYZER).error).toMatch(/regions\/eu-west-1\/ is missing: region eu-west-1 was not collected/);
  });
});

describe('time windows follow the run clock, to the second', () => {
  const at = async (now: string, connector: string, check: string) => outcomeOf(resultOf(await run({ now, connectors: [connector], checks: [check] }), connector, check));

  it('a certificate is valid through its expiration instant', async () => {
    // api-edge expires at NOW, www-next one second later.
    expect(await at('2024-06-14T23:59:59Z', 'compliant', CERTIFICATES)).toBe('PASS');
    expect(await at(NOW, 'compliant', CERTIFICATES)).toBe('PASS');
    expect(await at('2024-06-15T00:00:01Z', 'compliant', CERTIFICATES)).toEqual(['api-edge']);
    expect(await at('2024-06-15T00:00:02Z', 'compliant', CERTIFICATES)).toEqual(['api-edge', 'www-next']);
  });

  it('a role is unused when its last use (or, never used, its creation) is more than 90 days old', async () => {
    // old-role last used and never-used-old created at 2024-03-16T23:59:59Z; last-used-at-edge last used 2024-03-17T00:00:00Z.
    expect(await at('2024-06-14T23:59:59Z', 'roles-unused', UNUSED_ROLES)).toBe('PASS');
    expect(await at(NOW, 'roles-unused', UNUSED_ROLES)).toEqual(['never-used-old', 'old-role']);
    expect(await at('2024-06-15T00:00:01Z', 'roles-unused', UNUSED_ROLES)).toEqual(['last-used-at-edge', 'never-used-old', 'old-role']);
  });
});

describe('check run --framework cis-aws-foundations-v3.0.0', () => {
  it('decides the IAM graph controls, and keeps 1.1, 1.3 and 1.21 manual', async () => {
    const args = ['check', 'run', '--config', CONFIG, '--now', NOW, '--framework', CIS, '--format', 'json'];
    for (const connector of ['compliant', 'root-virtual-mfa', 'no-support-role']) args.push('--connector', connector);
    const { code, stdout } = await assetql(args);
    expect(code).toBe(2); // the fixture folders hold no account summary or password policy: those checks ERROR
    const controls = new Map<string, { status: string; checks: { check: string }[] }>(JSON.parse(stdout).frameworks[0].controls.map((c: { id: string }) => [c.id, c]));
    const status = (id: string) => controls.get(id)!.status;
    expect(Object.fromEntries(['1.6', '1.15', '1.16', '1.17', '1.19', '1.20', '1.22'].map((id) => [id, status(id)]))).toEqual({
      '1.6': 'FAIL', '1.15': 'PASS', '1.16': 'PASS', '1.17': 'FAIL', '1.19': 'PASS', '1.20': 'PASS', '1.22': 'MANUAL',
    });
    expect(controls.get('1.20')!.checks.map((c) => c.check)).toEqual([ANALYZER]);
    for (const manual of ['1.1', '1.3', '1.21']) expect(controls.get(manual), manual).toMatchObject({ status: 'MANUAL', checks: [] });
  });
});
