import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvParse } from 'd3-dsv';
import { dump } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CSV_COLUMNS } from '../../src/checks/report/csv.js';
import { renderReport } from '../../src/checks/report/index.js';
import type { CheckRunReport } from '../../src/checks/results.js';
import { wantsColor } from '../../src/cli/color.js';
import { createEngine } from '../../src/create-engine.js';
import { assetql } from '../support/cli.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';
import { ocsfValidator } from '../support/json-schemas.js';
import { DOCUMENTED_CHECK, FIXTURES, NOW, tempDir, writeConfig } from './helpers.js';

/**
 * csv and ocsf, each parsed back by a real consumer (d3-dsv, the OCSF
 * schema), and several reports from one run. One run has every status and
 * an IAM user whose name a spreadsheet would take for a formula.
 */

// IAM user names may hold + = , . @ _ -: a leading + or = or @ is a formula to a spreadsheet.
const FORMULA_USER = '+cmd@example.com';

let report: CheckRunReport;
let config: string;
const temp = tempDir();
beforeAll(async () => {
  const hostile = writeSnapshot({ csv: csv([row({ user: '<root_account>', access_key_1_active: 'true' }), row({ user: FORMULA_USER }), row({ user: 'comma,user' })]) });
  mkdirSync(path.join(temp.dir, 'more-checks'));
  writeFileSync(path.join(temp.dir, 'more-checks', 'no-iam-users.yaml'), dump({ id: 'no-iam-users', title: 'No IAM users', severity: 'low', query: '{ iamUsers { arn name } }', expect: 'eq []' }));
  config = writeConfig(temp.dir, {
    accounts: { 'key1-active': 'key1-active', 'key2-active': 'key2-active', clean: 'clean', missing: null, hostile },
    checks: [path.join(FIXTURES, 'valid'), path.join(temp.dir, 'more-checks')],
    exceptions: path.join(FIXTURES, 'exceptions/approved.yaml'),
  });
  const engine = await createEngine({ config, now: NOW });
  report = await engine.runChecks({ checks: [DOCUMENTED_CHECK, 'no-iam-users'] });
  await engine.close();
});
afterAll(() => temp.cleanup());

describe('csv', () => {
  test('d3-dsv reads back one row per finding, and one per result without findings, so ERROR rows are there', () => {
    const rows = csvParse(renderReport(report, 'csv'));
    expect(rows.columns).toEqual([...CSV_COLUMNS]);
    const findings = report.results.reduce((n, r) => n + Math.max(1, r.findings.length), 0);
    expect(rows).toHaveLength(findings);
    const of = (check: string, connector: string) => rows.filter((r) => r.check === check && r.connector === connector);
    expect(of(DOCUMENTED_CHECK, 'missing')).toEqual([expect.objectContaining({ status: 'ERROR', error_code: 'SnapshotIdentityMissing', finding_id: '', resource: '' })]);
    expect(of(DOCUMENTED_CHECK, 'clean')).toEqual([expect.objectContaining({ status: 'PASS', account_id: '444444444444', resource: '' })]);
    expect(of(DOCUMENTED_CHECK, 'key1-active')).toEqual([expect.objectContaining({ status: 'WAIVED', exception_state: 'active', exception_owner: 'alice@example.com', account_id: '111111111111' })]);
    expect(of(DOCUMENTED_CHECK, 'key2-active')[0]).toMatchObject({
      status: 'FAIL',
      severity: 'critical',
      finding_id: `${DOCUMENTED_CHECK}|222222222222|222222222222`,
      compliance: expect.stringContaining('cis-aws-foundations-v3.0.0/1.4'),
      exception_state: 'expired',
      remediation: "Delete the root user's access keys; use IAM roles or IAM Identity Center users for day-to-day and programmatic access instead.",
      checked_at: '2024-06-15T00:00:00.000Z',
    });
  });

  test('a value a spreadsheet would run as a formula is led by an apostrophe; commas survive quoting', () => {
    const users = csvParse(renderReport(report, 'csv')).filter((r) => r.check === 'no-iam-users' && r.connector === 'hostile');
    expect(users.map((r) => r.resource_name).sort()).toEqual([`'${FORMULA_USER}`, 'comma,user']);
  });
});

describe('ocsf', () => {
  const validate = ocsfValidator();
  const events = () => JSON.parse(renderReport(report, 'ocsf')) as Record<string, any>[];

  test('every event is a Detection Finding valid against the OCSF 1.5.0 schema subset', () => {
    const all = events();
    expect(all.length).toBeGreaterThan(0);
    for (const event of all) expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
  });

  test('the schema catches what it should (no finding uid, an invented attribute, a wrong class)', () => {
    const [event] = events();
    for (const broken of [{ ...event, finding_info: { title: 'x' } }, { ...event, verdict: 'FAIL' }, { ...event, class_uid: 2003 }]) expect(validate(broken)).toBe(false);
  });

  test('findings, waived ones suppressed, and errors, with account, resource, remediation and compliance; no PASS', () => {
    const all = events();
    const forCheck = all.filter((e) => e.metadata.event_code === DOCUMENTED_CHECK);
    expect(forCheck.map((e) => [e.unmapped.connector, e.status_code, e.status]).sort()).toEqual([
      ['hostile', 'FAIL', 'New'],
      ['key1-active', 'WAIVED', 'Suppressed'],
      ['key2-active', 'FAIL', 'New'],
      ['missing', 'ERROR', 'New'],
    ]);
    const failed = forCheck.find((e) => e.unmapped.connector === 'key2-active')!;
    expect(failed).toMatchObject({
      class_uid: 2004,
      type_uid: 200401,
      severity_id: 5,
      time: Date.parse(NOW),
      finding_info: { uid: `${DOCUMENTED_CHECK}|222222222222|222222222222`, title: 'The root user has no active access key' },
      cloud: { provider: 'AWS', account: { uid: '222222222222', type_id: 10 } },
      resources: [{ uid: '222222222222', name: 'key2-active', type: 'Connector' }],
      remediation: { desc: expect.stringContaining('Delete the root user') },
      unmapped: { compliance: { 'cis-aws-foundations-v3.0.0': ['1.4'] }, exception: { state: 'expired' } },
      metadata: { product: { name: 'assetql' }, version: '1.5.0' },
    });
    expect(forCheck.find((e) => e.unmapped.connector === 'missing')).toMatchObject({ unmapped: { error_code: 'SnapshotIdentityMissing' }, message: expect.stringContaining('could not be checked') });
  });
});

describe('several reports from one run', () => {
  const validate = ocsfValidator();

  test('--output-dir writes every file format, each readable by its consumer; the tally per file on stderr', async () => {
    const dir = path.join(temp.dir, 'reports');
    const { code, stdout, stderr } = await assetql(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK, '--output-dir', dir]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['assetql-report.csv', 'assetql-report.html', 'assetql-report.json', 'assetql-report.junit.xml', 'assetql-report.ocsf.json', 'assetql-report.sarif']);
    expect(stderr.trim().split('\n')).toHaveLength(6);
    expect(stderr).toContain(`wrote ${path.join(dir, 'assetql-report.csv')}: 1 passed, 2 failed, 1 errors, 1 waived`);
    const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
    expect(JSON.parse(read('assetql-report.json')).summary.exitCode).toBe(2);
    expect(csvParse(read('assetql-report.csv')).length).toBe(5);
    expect((JSON.parse(read('assetql-report.ocsf.json')) as unknown[]).every((event) => validate(event))).toBe(true);
    expect(read('assetql-report.html')).toMatch(/^<!doctype html>/);
  });

  test('--format F:FILE is repeatable, and one report may still go to stdout', async () => {
    const sarif = path.join(temp.dir, 'one.sarif');
    const csvFile = path.join(temp.dir, 'one.csv');
    const { code, stdout } = await assetql(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK, '--format', `sarif:${sarif}`, '--format', `csv:${csvFile}`, '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).results).toHaveLength(5);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect(csvParse(readFileSync(csvFile, 'utf8')).length).toBe(5);
  });

  test.each([
    [['--format', 'json', '--format', 'csv'], /only one report can go to stdout/],
    [['--format', 'json', '--format', 'csv', '--output', 'x'], /--output x takes one report/],
    [['--output', 'x', '--output-dir', 'y'], /--output and --output-dir: pass one of them/],
    [['--format', 'csv:same.txt', '--format', 'json:same.txt'], /same\.txt: both the csv and the json report would be written there/],
    [['--format', 'csv:'], /--format csv:: no file after the colon/],
  ])('%j is refused before anything runs', async (args, message) => {
    const { code, stderr } = await assetql(['check', 'run', '--config', config, ...args], { cwd: temp.dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(path.join(temp.dir, 'x'))).toBe(false);
  });
});

describe('the table of a large run', () => {
  test('lays out more rows than a function call takes arguments (6,000 accounts of the bundled pack), columns padded to the widest cell', () => {
    // 300,000 results: more than a spread into one call can pass on Node's default stack.
    const results = Array.from({ length: 300_000 }, (_, i) => ({ ...report.results[i % report.results.length], connector: i === 299_999 ? 'the-longest-connector-id' : `acct-${i}` }));
    const table = renderReport({ ...report, results }, 'table');
    const lines = table.split('\n');
    const header = lines[0];
    const last = lines.find((line) => line.includes('the-longest-connector-id'))!;
    expect(header.indexOf('FINDINGS')).toBe(last.indexOf('the-longest-connector-id') + 'the-longest-connector-id'.length + 2);
    expect(lines.filter((line) => /^(PASS|FAIL|ERROR|WAIVED) /.test(line))).toHaveLength(300_000);
  });
});

describe('colour in the table', () => {
  const terminal = { isTTY: true } as unknown as NodeJS.WritableStream;
  const pipe = {} as NodeJS.WritableStream;

  test('on a terminal; never with NO_COLOR or TERM=dumb; forced by FORCE_COLOR; not turned on by CI for a pipe', () => {
    expect(wantsColor(terminal, {})).toBe(true);
    expect(wantsColor(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(terminal, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor(pipe, { CI: 'true' })).toBe(false);
    expect(wantsColor(terminal, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });

  test('FORCE_COLOR paints the status through picocolors; a file never gets colour', async () => {
    const args = ['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK, '--connector', 'key2-active'];
    const forced = await assetql(args, { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    expect(forced.stdout).toContain('\u001b[31mFAIL');
    const plain = await assetql(args, { env: { FORCE_COLOR: undefined, NO_COLOR: undefined, CI: 'true' } });
    expect(plain.stdout).not.toContain('\u001b[');
    const file = path.join(temp.dir, 'table.txt');
    await assetql([...args, '--output', file], { env: { FORCE_COLOR: '1' } });
    expect(readFileSync(file, 'utf8')).not.toContain('\u001b[');
  });
});
