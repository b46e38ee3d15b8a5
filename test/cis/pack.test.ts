/**
 * The CIS AWS Foundations Benchmark v3.0.0 IAM pack (issue #5): every stored
 * check in checks/ for the controls that credential reports, the account
 * summary and the password policy can decide, run through the real runner
 * against the fixture accounts of test/fixtures/cis with a fixed clock.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, CheckRunReport } from '../../src/checks/results.js';
import { main } from '../../src/cli/main.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { IAM_GRAPH_CHECKS } from './iam-graph-checks.js';
import { NETWORK_CHECKS } from './network-checks.js';
import { STORAGE_CHECKS } from './storage-checks.js';
import { LOGGING_CHECKS } from './logging-checks.js';

const CONFIG = fileURLToPath(new URL('../fixtures/cis/assetql.config.yaml', import.meta.url));
const PACK_DOC = fileURLToPath(new URL('../../docs/cis-pack.md', import.meta.url));
const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
const NOW = '2024-06-15T00:00:00Z';
const CIS = 'cis-aws-foundations-v3.0.0';
const FSBP = 'aws-foundational-security-best-practices';

// The pack: check id -> the CIS v3.0.0 control it decides.
const ROOT_KEY = 'aws-root-users-with-access-key'; // 1.4, the documented query (issue 4)
const SUMMARY_ROOT_KEYS = 'aws-account-summary-root-access-keys-present'; // 1.4 as Security Hub IAM.4
const ROOT_MFA = 'aws-root-users-without-mfa'; // 1.5
const SUMMARY_ROOT_MFA = 'aws-account-summary-root-mfa-disabled'; // 1.5 as Security Hub IAM.9
const ROOT_USED = 'aws-root-users-used-recently'; // 1.7
const MIN_LENGTH = 'aws-password-policy-minimum-length-below-14'; // 1.8
const REUSE = 'aws-password-policy-reuse-prevention-below-24'; // 1.9
const CONSOLE_MFA = 'aws-iam-users-console-password-without-mfa'; // 1.10
const SETUP_KEY = 'aws-iam-users-console-password-with-unused-access-key'; // 1.11
const UNUSED = 'aws-iam-users-credentials-unused-45-days'; // 1.12
const TWO_KEYS = 'aws-iam-users-with-two-active-access-keys'; // 1.13
const ROTATION = 'aws-iam-users-access-keys-not-rotated-90-days'; // 1.14

const PACK: Record<string, { cis: string; fsbp?: string; subject: string }> = {
  [ROOT_KEY]: { cis: '1.4', subject: 'RootUser' },
  [SUMMARY_ROOT_KEYS]: { cis: '1.4', fsbp: 'IAM.4', subject: 'IAMAccountSummary' },
  [ROOT_MFA]: { cis: '1.5', subject: 'RootUser' },
  [SUMMARY_ROOT_MFA]: { cis: '1.5', subject: 'IAMAccountSummary' },
  [ROOT_USED]: { cis: '1.7', subject: 'RootUser' },
  [MIN_LENGTH]: { cis: '1.8', subject: 'IAMPasswordPolicy' },
  [REUSE]: { cis: '1.9', subject: 'IAMPasswordPolicy' },
  [CONSOLE_MFA]: { cis: '1.10', fsbp: 'IAM.5', subject: 'IAMUser' },
  [SETUP_KEY]: { cis: '1.11', subject: 'IAMUser' },
  [UNUSED]: { cis: '1.12', subject: 'IAMUser' },
  [TWO_KEYS]: { cis: '1.13', subject: 'IAMUser' },
  [ROTATION]: { cis: '1.14', fsbp: 'IAM.3', subject: 'IAMUser' },
};
const PACK_IDS = Object.keys(PACK);
const USER_CHECKS = PACK_IDS.filter((id) => PACK[id].subject === 'IAMUser');
const ROOT_CHECKS = PACK_IDS.filter((id) => PACK[id].subject === 'RootUser');
const CREDENTIAL_REPORT_CHECKS = [...ROOT_CHECKS, ...USER_CHECKS];

/** FAIL naming these assets, or ERROR. */
type Outcome = string[] | 'ERROR';
const every = (ids: readonly string[], outcome: Outcome): Record<string, Outcome> => Object.fromEntries(ids.map((id) => [id, outcome]));
const ROOT = '<root_account>';
const SUMMARY = 'IAM account summary';
const POLICY = 'IAM password policy';

/**
 * Every fixture account and how each check must come out at NOW; a check
 * not named for an account must PASS there. Each failing account breaks one
 * control (or the two views of one control), so a check that fires too
 * widely fails this table too.
 */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  compliant: {},
  'root-key-active': { [ROOT_KEY]: ['root-key-active'], [SUMMARY_ROOT_KEYS]: [SUMMARY] },
  // Inactive root key: the credential-report view passes it, Security Hub's IAM.4 does not.
  'root-key-inactive': { [SUMMARY_ROOT_KEYS]: [SUMMARY] },
  'root-without-mfa': { [ROOT_MFA]: [ROOT], [SUMMARY_ROOT_MFA]: [SUMMARY] },
  'root-signed-in-recently': { [ROOT_USED]: [ROOT] },
  // An inactive root key used 26 days ago: root was used (1.7), a key is present (IAM.4), none is active (1.4).
  'root-key-used-recently': { [ROOT_USED]: [ROOT], [SUMMARY_ROOT_KEYS]: [SUMMARY] },
  // Every root rule broken; no IAM-user check may count the root row.
  'root-everything-wrong': {
    [ROOT_KEY]: ['root-everything-wrong'],
    [SUMMARY_ROOT_KEYS]: [SUMMARY],
    [ROOT_MFA]: [ROOT],
    [SUMMARY_ROOT_MFA]: [SUMMARY],
    [ROOT_USED]: [ROOT],
  },
  'no-password-policy': { [MIN_LENGTH]: [POLICY], [REUSE]: [POLICY] },
  'short-password-length': { [MIN_LENGTH]: [POLICY] },
  'short-reuse-prevention': { [REUSE]: [POLICY] },
  'no-reuse-prevention': { [REUSE]: [POLICY] },
  'console-user-without-mfa': { [CONSOLE_MFA]: ['bob'] },
  'key-created-at-setup': { [SETUP_KEY]: ['carol'] },
  'password-unused': { [UNUSED]: ['erin'] },
  'password-never-used': { [UNUSED]: ['frank'] },
  'key-unused': { [UNUSED]: ['legacy-sync'] },
  'key-never-used': { [UNUSED]: ['idle-bot'] },
  'two-active-keys': { [TWO_KEYS]: ['gina'] },
  'key-not-rotated': { [ROTATION]: ['hank'] },
  // Root last signed in exactly 90 days ago, a key last used exactly 45 days ago and rotated exactly 90 days ago.
  'window-edges': { [ROOT_USED]: [ROOT], [UNUSED]: ['edge-key'] },
  'report-missing': every(PACK_IDS, 'ERROR'),
  // The account is known without the report (sts/get-caller-identity.json, or the root row's ARN): other families still decide.
  'report-missing-with-identity': every(CREDENTIAL_REPORT_CHECKS, 'ERROR'),
  'report-bad-header': every(CREDENTIAL_REPORT_CHECKS, 'ERROR'),
  'report-truncated': every(USER_CHECKS, 'ERROR'),
  'summary-missing': every([SUMMARY_ROOT_KEYS, SUMMARY_ROOT_MFA], 'ERROR'),
  'password-policy-malformed': every([MIN_LENGTH, REUSE], 'ERROR'),
};

let engine: AssetqlEngine;
let report: CheckRunReport;

const run = (options: { now: string; connectors?: string[]; checks?: string[] }) =>
  engine.runChecks({ checks: PACK_IDS, exceptions: [], ...options });

function result(connector: string, check: string, from: CheckRunReport = report): CheckResult {
  const found = from.results.find((r) => r.connector === connector && r.check === check);
  if (!found) throw new Error(`no result for ${check} on ${connector}`);
  return found;
}

const outcomeOf = (r: CheckResult): Outcome | 'PASS' =>
  r.status === 'FAIL' ? r.findings.map((f) => f.name ?? f.resource).sort() : (r.status as 'PASS' | 'ERROR');

beforeAll(async () => {
  engine = await createEngine({ config: CONFIG });
  report = await run({ now: NOW });
});

describe('the pack as stored checks', () => {
  it('has one bundled check per pack entry, each valid and mapped to its CIS v3.0.0 control', () => {
    const checks = new Map(engine.checks().map((c) => [c.id, c]));
    for (const [id, { cis, fsbp, subject }] of Object.entries(PACK)) {
      const check = checks.get(id);
      expect(check, id).toBeDefined();
      expect(check!.compliance[CIS], id).toEqual([cis]);
      if (fsbp) expect(check!.compliance[FSBP], id).toEqual([fsbp]);
      else expect(check!.compliance[FSBP], id).toBeUndefined();
      expect(check!.subjects, id).toEqual([subject]);
      expect(check!.expect, id).toBe('eq []');
      expect(check!.references.length, id).toBeGreaterThan(0);
    }
  });

  it('names no bundled CIS v3.0.0 check that the pack (and its documentation) leaves out', () => {
    const cisChecks = engine.checks().filter((c) => c.compliance[CIS]?.length).map((c) => c.id);
    // The IAM graph's checks have their own verdict matrix: test/cis/iam-graph-pack.test.ts; the network checks: network-pack.test.ts; logging's logging-pack.test.ts.
    const graphChecks = Object.keys(IAM_GRAPH_CHECKS).filter((id) => IAM_GRAPH_CHECKS[id].cis);
    // The storage checks: storage-pack.test.ts.
    const storageChecks = Object.keys(STORAGE_CHECKS);
    expect(cisChecks.sort()).toEqual([...PACK_IDS, ...graphChecks, ...Object.keys(NETWORK_CHECKS), ...Object.keys(LOGGING_CHECKS), ...storageChecks].sort());
  });

  it('gives every check remediation for the console and for the AWS CLI', () => {
    for (const check of engine.checks().filter((c) => c.id in PACK)) {
      expect(check.remediation, check.id).toMatch(/console/i);
      expect(check.remediation, check.id).toMatch(/^\s*aws (iam|sts|cloudtrail) /m);
    }
  });

  it('writes time windows as date math, never as dates', () => {
    for (const check of engine.checks().filter((c) => c.id in PACK)) {
      expect(check.query, check.id).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
    // A window may sit in the view a check calls (views/<name>.yaml).
    const viewQueries = Object.fromEntries(readdirSync(VIEWS_DIR).map((file) => [file.replace(/\.yaml$/, ''), readFileSync(path.join(VIEWS_DIR, file), 'utf8')]));
    for (const [name, text] of Object.entries(viewQueries)) expect(text, name).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const calls = (query: string) => Object.keys(viewQueries).filter((name) => new RegExp(`\\b${name}\\b`).test(query));
    const windows = engine.checks().filter((c) => /now-/.test(c.query) || calls(c.query).some((name) => /now-/.test(viewQueries[name]))).map((c) => c.id).filter((id) => id in PACK);
    expect(windows.sort()).toEqual([ROOT_USED, ROTATION, UNUSED].sort());
  });

  it('never reads the root row\'s password_enabled (always not_supported)', () => {
    for (const check of engine.checks().filter((c) => c.id in PACK && c.subjects.includes('RootUser'))) {
      expect(check.query, check.id).not.toMatch(/passwordEnabled/);
    }
  });

  it('is listed in docs/cis-pack.md with its control ids', async () => {
    const doc = await readFile(PACK_DOC, 'utf8');
    for (const [id, { cis, fsbp }] of Object.entries(PACK)) {
      const row = doc.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${id}\``));
      expect(row, id).toBeDefined();
      expect(row, id).toContain(cis);
      if (fsbp) expect(row, id).toContain(fsbp);
    }
    for (const uncovered of ['1.1', '1.2', '1.3', '1.6', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20', '1.21', '1.22']) {
      expect(doc, uncovered).toMatch(new RegExp(`^\\|\\s*${uncovered.replace('.', '\\.')}\\s*\\|`, 'm'));
    }
  });
});

describe(`every check on every fixture account at ${NOW}`, () => {
  it('runs each check once per account', () => {
    expect(report.summary.now).toBe('2024-06-15T00:00:00.000Z');
    expect(report.summary.checks).toBe(PACK_IDS.length);
    expect(report.summary.connectors).toBe(Object.keys(EXPECTED).length);
    expect(report.results).toHaveLength(PACK_IDS.length * Object.keys(EXPECTED).length);
  });

  for (const [connector, expected] of Object.entries(EXPECTED)) {
    it(`${connector}: ${Object.keys(expected).length === 0 ? 'every check passes' : 'fails or errors exactly where expected'}`, () => {
      const actual = Object.fromEntries(PACK_IDS.map((id) => [id, outcomeOf(result(connector, id))]));
      const wanted = Object.fromEntries(PACK_IDS.map((id) => [id, expected[id] === undefined ? 'PASS' : Array.isArray(expected[id]) ? [...expected[id]].sort() : expected[id]]));
      expect(actual).toEqual(wanted);
    });
  }

  it('has an account that passes and one that fails for every check', () => {
    for (const id of PACK_IDS) {
      const statuses = new Set(report.results.filter((r) => r.check === id).map((r) => r.status));
      expect([...statuses].sort(), id).toEqual(expect.arrayContaining(['FAIL', 'PASS']));
    }
  });

  it('exits 2: an account that cannot be read outweighs any verdict', () => {
    expect(report.summary.exitCode).toBe(2);
  });
});

describe('edge cases peers got wrong', () => {
  it('never counts the root row as an IAM user', () => {
    // root-everything-wrong: root without MFA, two active keys (one never used, one from 2019), used yesterday.
    for (const id of USER_CHECKS) expect(result('root-everything-wrong', id).status, id).toBe('PASS');
    // root-without-mfa: a root that signs in with a password and has no MFA does not fail CIS 1.10.
    expect(result('root-without-mfa', CONSOLE_MFA).status).toBe('PASS');
    const userFindings = report.results.filter((r) => USER_CHECKS.includes(r.check)).flatMap((r) => r.findings);
    expect(userFindings.length).toBeGreaterThan(0);
    for (const finding of userFindings) {
      expect(finding.resource).toMatch(/^arn:aws:iam::\d{12}:user\//);
      expect(finding.name).not.toBe(ROOT);
    }
  });

  it('judges root without its password_enabled (not_supported): a compliant root gets PASS, a used password still counts', () => {
    for (const id of ROOT_CHECKS) expect(result('compliant', id).status, id).toBe('PASS');
    const used = result('root-signed-in-recently', ROOT_USED);
    expect(used.status).toBe('FAIL');
    expect(used.findings[0].resource).toBe('arn:aws:iam::111100000005:root');
    expect(used.findings[0].value).toMatchObject({ hasIAMUserCredentials: { passwordLastUsed: '2024-06-01T09:30:00.000Z' } });
  });

  it('tells a never-used active key from an inactive key that keeps its rotation date', () => {
    // carol: active key, never used (setup key) -> 1.11; dan: the same key deactivated -> nothing.
    const setup = result('key-created-at-setup', SETUP_KEY);
    expect(setup.findings.map((f) => f.name)).toEqual(['carol']);
    expect(setup.findings[0].value).toMatchObject({ hasIAMUserCredentials: { accessKey1Active: true, accessKey1LastRotated: '2024-06-01T09:30:00.000Z', accessKey1LastUsedDate: null } });
    // An inactive root key fails only the view that counts inactive keys.
    expect(result('root-key-inactive', ROOT_KEY).status).toBe('PASS');
    expect(result('root-key-inactive', SUMMARY_ROOT_KEYS).findings[0].value).toMatchObject({ accountAccessKeysPresent: 1 });
    // Old inactive keys (compliant's reports-bot from 2021, key-not-rotated's hank from 2020) are neither unused nor unrotated credentials.
    for (const id of [UNUSED, ROTATION, TWO_KEYS]) expect(result('compliant', id).status, id).toBe('PASS');
    expect(result('key-not-rotated', UNUSED).status).toBe('PASS');
    // A never-used active key is judged by its age: 14 days passes (compliant's etl-staging), 66 days fails.
    expect(result('key-never-used', UNUSED).findings[0].value).toMatchObject({
      hasIAMUserCredentials: { accessKey2Active: true, accessKey2LastUsedDate: null, accessKey2LastRotated: '2024-04-10T09:30:00.000Z' },
    });
  });

  it('reads password_last_used no_information as "never signed in", judged by when the password was set', () => {
    // frank: password set 2024-03-01, never used -> unused for 106 days.
    const never = result('password-never-used', UNUSED);
    expect(never.findings[0].value).toMatchObject({ hasIAMUserCredentials: { passwordLastUsed: null, raw: { passwordLastUsed: 'no_information' } } });
    // new-hire: password set five days ago, never used -> inside the window.
    expect(result('compliant', UNUSED).status).toBe('PASS');
    // A root that never signed in is not "used recently".
    expect(result('no-password-policy', ROOT_USED).status).toBe('PASS');
  });

  it('gives ERROR, never PASS, when the credential report is missing or broken', () => {
    for (const [connector, ids] of [['report-missing', PACK_IDS], ['report-missing-with-identity', CREDENTIAL_REPORT_CHECKS], ['report-bad-header', CREDENTIAL_REPORT_CHECKS]] as const) {
      for (const id of ids) {
        const r = result(connector, id);
        expect(r.status, `${connector} ${id}`).toBe('ERROR');
        expect(r.findings).toEqual([]);
      }
    }
    // Without anything naming the account, nothing of it can be read; with its identity, only the report's checks fail.
    expect(result('report-missing', ROOT_MFA).errorCode).toBe('SnapshotIdentityMissing');
    expect(result('report-missing-with-identity', ROOT_MFA).errorCode).toBe('SnapshotFileMissing');
    expect(result('report-missing-with-identity', MIN_LENGTH).status).toBe('PASS');
    expect(result('report-bad-header', UNUSED).errorCode).toBe('CredentialReportMalformed');
    expect(result('report-bad-header', UNUSED).error).toMatch(/header lacks/);
    // A row cut short: every IAM-user verdict is an ERROR. (The intact root row is read on its own, so root verdicts stand.)
    for (const id of USER_CHECKS) expect(result('report-truncated', id).errorCode, id).toBe('CredentialReportMalformed');
    expect(result('report-truncated', UNUSED).error).toMatch(/line 5: expected 22 fields, found 4/);
  });

  it('gives ERROR when the account summary or the password policy cannot be read, and FAIL when no policy is set', () => {
    expect(result('summary-missing', SUMMARY_ROOT_KEYS).errorCode).toBe('SnapshotFileMissing');
    expect(result('summary-missing', SUMMARY_ROOT_MFA).errorCode).toBe('SnapshotFileMissing');
    expect(result('password-policy-malformed', MIN_LENGTH).errorCode).toBe('PasswordPolicyMalformed');
    expect(result('password-policy-malformed', REUSE).errorCode).toBe('PasswordPolicyMalformed');
    // No password-policy.json = no custom policy: AWS's default (8 characters, no reuse prevention) fails both.
    expect(result('no-password-policy', MIN_LENGTH).findings[0].value).toMatchObject({ isDefault: true, minimumPasswordLength: 8 });
    expect(result('no-password-policy', REUSE).findings[0].value).toMatchObject({ isDefault: true, passwordReusePrevention: null });
  });
});

describe('time windows follow the run clock', () => {
  const edges = async (now: string) => {
    const r = await run({ now, connectors: ['window-edges'] });
    return Object.fromEntries([ROOT_USED, UNUSED, ROTATION].map((id) => [id, result('window-edges', id, r).status]));
  };

  it('counts "45 days or more" and "more than 90 days" to the second', async () => {
    // Root last signed in 2024-03-17T00:00Z; edge-key created 2024-03-17T00:00Z, last used 2024-05-01T00:00Z.
    expect(await edges('2024-06-14T23:59:59Z')).toEqual({ [ROOT_USED]: 'FAIL', [UNUSED]: 'PASS', [ROTATION]: 'PASS' });
    expect(await edges(NOW)).toEqual({ [ROOT_USED]: 'FAIL', [UNUSED]: 'FAIL', [ROTATION]: 'PASS' });
    expect(await edges('2024-06-15T00:00:01Z')).toEqual({ [ROOT_USED]: 'PASS', [UNUSED]: 'FAIL', [ROTATION]: 'FAIL' });
  });

  it('lets the same snapshot pass today and fail later', async () => {
    // compliant's etl-staging key (created 2024-06-01, never used) turns 45 days old on 2024-07-16.
    const later = await run({ now: '2024-07-20T00:00:00Z', connectors: ['compliant'], checks: [UNUSED] });
    expect(result('compliant', UNUSED, later).findings.map((f) => f.name)).toContain('etl-staging');
  });
});

describe('through the CLI', () => {
  it('check run --format json gives the same verdicts', async () => {
    let stdout = '';
    const sink = (write: (text: string) => void) => new Writable({ write(chunk, _encoding, done) { write(String(chunk)); done(); } });
    const io = { stdout: sink((t) => (stdout += t)), stderr: sink(() => {}), isTTY: false, env: {} };
    const args = ['check', 'run', '--config', CONFIG, '--now', NOW, '--format', 'json'];
    for (const id of PACK_IDS) args.push('--check', id);
    for (const connector of ['compliant', 'console-user-without-mfa', 'root-key-inactive']) args.push('--connector', connector);
    const exit = await main(args, io);
    expect(exit).toBe(1);
    const json = JSON.parse(stdout) as { results: CheckResult[] };
    const failing = json.results.filter((r) => r.status !== 'PASS').map((r) => `${r.connector} ${r.check} ${r.status}`).sort();
    expect(failing).toEqual([`console-user-without-mfa ${CONSOLE_MFA} FAIL`, `root-key-inactive ${SUMMARY_ROOT_KEYS} FAIL`]);
  });
});
