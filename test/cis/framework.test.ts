import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../../src/checks/definition.js';
import { loadBundledFrameworks, parseFramework } from '../../src/checks/frameworks/definition.js';
import { frameworkView } from '../../src/checks/frameworks/view.js';
import { CheckValidationError, formatProblem } from '../../src/checks/problems.js';
import type { CheckResult, CheckStatus } from '../../src/checks/results.js';
import { createEngine } from '../../src/index.js';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

/**
 * The framework view: `check run --framework cis-aws-foundations-v3.0.0`
 * reports per control of the benchmark, rolled up across accounts, with
 * manual controls shown as MANUAL and uncovered ones as NOT_COVERED, never
 * left out and never PASS where something could not be read.
 */

const CIS = 'cis-aws-foundations-v3.0.0';
const CIS_CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/cis/assetql.config.yaml');
const NOW = '2024-06-15T00:00:00Z';

describe('the bundled CIS AWS Foundations v3.0.0 definition', () => {
  it('lists all 62 recommendations in order, each automated or manual, in its section', async () => {
    const cis = (await loadBundledFrameworks()).get(CIS)!;
    expect(cis.controls).toHaveLength(62);
    expect(cis.controls.map((c) => c.id).slice(0, 5)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5']);
    expect(cis.controls.filter((c) => c.id.startsWith('1.')).map((c) => c.id)).toEqual(Array.from({ length: 22 }, (_, i) => `1.${i + 1}`));
    expect(cis.controls.filter((c) => c.id.startsWith('2.')).map((c) => c.id)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.2.1', '2.3.1', '2.3.2', '2.3.3', '2.4.1']);
    expect(cis.controls.filter((c) => /^[345]\./.test(c.id))).toHaveLength(9 + 16 + 6);
    expect(Object.fromEntries(['1.1', '1.4', '1.6', '1.18', '2.1.3', '4.1', '4.16', '5.5'].map((id) => [id, cis.controls.find((c) => c.id === id)!.assessment]))).toEqual({
      '1.1': 'manual', '1.4': 'automated', '1.6': 'manual', '1.18': 'manual', '2.1.3': 'manual', '4.1': 'manual', '4.16': 'automated', '5.5': 'manual',
    });
  });

  it('has every control that a bundled check maps to, so none lands outside the benchmark', async () => {
    const cis = (await loadBundledFrameworks()).get(CIS)!;
    const engine = await createEngine({ connectors: [] });
    const mapped = engine.checks().flatMap((check) => check.compliance[CIS] ?? []);
    await engine.close();
    expect(mapped.length).toBeGreaterThanOrEqual(12);
    expect(mapped.filter((id) => !cis.controls.some((c) => c.id === id))).toEqual([]);
  });

  it('a framework file with a typo is refused with its line: unknown fields, unquoted ids, duplicates', () => {
    const text = ['id: my-framework', 'title: Mine', 'controls:', '  - { id: 1.10, title: A, section: S, assessment: automated }', '  - { id: "2", title: B, section: S, assessment: sometimes }', '  - { id: "2", title: C, section: S, assessment: manual, level: 1 }', ''].join('\n');
    let problems: string[] = [];
    try {
      parseFramework(text, 'mine.yaml');
    } catch (error) {
      problems = (error as CheckValidationError).problems.map(formatProblem);
    }
    expect(problems).toEqual([
      'mine.yaml:4:7: controls[0].id: a quoted control id such as "1.4"',
      'mine.yaml:5:38: controls[1].assessment: one of automated, manual',
      'mine.yaml:6:58: controls[2].level: unknown field',
    ]);
    const twice = ['id: mine', 'title: Mine', 'controls:', '  - { id: "2", title: B, section: S, assessment: manual }', '  - { id: "2", title: C, section: S, assessment: manual }', ''].join('\n');
    expect(() => parseFramework(twice, 'mine.yaml')).toThrow('mine.yaml:5:7: controls[1].id: "2" is listed twice');
  });
});

describe('rolling a control up', () => {
  const framework = {
    id: 'fw',
    title: 'A framework',
    controls: [
      { id: '1', title: 'one', section: 'S', assessment: 'automated' as const },
      { id: '2', title: 'two', section: 'S', assessment: 'manual' as const },
      { id: '3', title: 'three', section: 'S', assessment: 'automated' as const },
    ],
  };
  const check = (id: string, controls: string[]) => ({ id, title: id, severity: 'high', compliance: { fw: controls } }) as unknown as CheckDefinition;
  const result = (checkId: string, connector: string, status: CheckStatus) => ({ check: checkId, connector, accountId: null, status }) as CheckResult;
  const statusOf = (statuses: CheckStatus[], control = '1') => {
    const checks = statuses.map((_, i) => check(`c${i}`, [control]));
    return frameworkView(framework, checks, statuses.map((status, i) => result(`c${i}`, 'acct', status))).controls.find((c) => c.id === control)!.status;
  };

  it.each([
    [['PASS', 'PASS'], 'PASS'],
    [['PASS', 'WAIVED'], 'WAIVED'],
    [['PASS', 'ERROR'], 'ERROR'],
    [['ERROR', 'FAIL', 'PASS'], 'FAIL'],
    [['WAIVED', 'ERROR'], 'ERROR'],
  ] as [CheckStatus[], string][])('%j is %s: never PASS where something could not be read', (statuses, expected) => {
    expect(statusOf(statuses)).toBe(expected);
  });

  it('a manual control is MANUAL unless a check shows it failed (or could not be read); no check at all is NOT_COVERED', () => {
    expect(statusOf(['PASS'], '2')).toBe('MANUAL');
    expect(statusOf(['FAIL'], '2')).toBe('FAIL');
    expect(statusOf(['ERROR'], '2')).toBe('ERROR');
    const view = frameworkView(framework, [check('x', ['1', '9'])], [result('x', 'acct', 'PASS')]);
    expect(view.controls.map((c) => [c.id, c.status])).toEqual([['1', 'PASS'], ['2', 'MANUAL'], ['3', 'NOT_COVERED'], ['9', 'PASS']]);
    expect(view.controls[3]).toMatchObject({ title: 'not a control of fw', assessment: null });
    expect(view.summary).toMatchObject({ PASS: 2, MANUAL: 1, NOT_COVERED: 1, FAIL: 0 });
  });
});

describe('check run --framework', () => {
  const run = (...args: string[]) => assetql(['check', 'run', '--config', CIS_CONFIG, '--now', NOW, '--framework', CIS, ...args]);

  it('reports every control as json, with the checks and accounts behind it, the exit code of the whole run', async () => {
    const { code, stdout } = await run('--format', 'json');
    expect(code).toBe(2); // the fixtures include unreadable accounts
    const [view] = JSON.parse(stdout).frameworks;
    expect(view).toMatchObject({ id: CIS, title: 'CIS AWS Foundations Benchmark v3.0.0' });
    expect(view.controls).toHaveLength(62);
    const control = (id: string) => view.controls.find((c: { id: string }) => c.id === id);
    // Some fixture accounts cannot be read and some fail: FAIL wins; an uncovered or manual control is never PASS.
    expect(control('1.4')).toMatchObject({ status: 'FAIL', assessment: 'automated' });
    expect(control('1.4').checks.map((c: { check: string }) => c.check)).toEqual(['aws-account-summary-root-access-keys-present', 'aws-root-users-with-access-key']);
    expect(control('1.4').checks[0].results).toEqual(expect.arrayContaining([{ connector: 'compliant', accountId: expect.stringMatching(/^\d{12}$/), status: 'PASS' }, expect.objectContaining({ connector: 'summary-missing', status: 'ERROR' })]));
    expect(control('1.1')).toMatchObject({ status: 'MANUAL', checks: [] });
    // These IAM fixture accounts hold no trails or buckets: a control whose checks read them is ERROR, not PASS.
    expect(control('3.4')).toMatchObject({ status: 'ERROR', checks: [{ check: 'aws-cloudtrail-bucket-access-logging-disabled' }] });
    expect(view.summary.PASS).toBe(0);
  });

  it('--control and --status narrow what is shown, never the exit code', async () => {
    const compliant = ['--connector', 'compliant'];
    const passing = await run(...compliant, '--control', '1.4', '--format', 'json');
    expect(passing.code).toBe(0);
    const parsed = JSON.parse(passing.stdout);
    expect(parsed.frameworks[0].controls.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['1.4', 'PASS']]);
    expect(parsed.results.map((r: { check: string }) => r.check)).toEqual(['aws-account-summary-root-access-keys-present', 'aws-root-users-with-access-key']);

    const failures = await run('--status', 'FAIL');
    expect(failures.code).toBe(2);
    const rows = failures.stdout.split('\n').filter((line) => /^\d+\.\d+(\.\d+)?\s/.test(line));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((line) => /^\S+\s+FAIL\s/.test(line))).toBe(true);
    expect(failures.stdout).toMatch(/^CIS AWS Foundations Benchmark v3\.0\.0 \(cis-aws-foundations-v3\.0\.0\)$/m);
    expect(failures.stdout).toMatch(/^1\.4 +FAIL +No access key exists for the root user$/m);
    expect(failures.stdout).toMatch(/^ {4}aws-root-users-with-access-key: FAIL .*root-key-active/m);

    const manual = await run('--status', 'manual', '--control', '1.1', '--control', '1.2');
    expect(manual.code).toBe(0);
    expect(manual.stdout).toMatch(/^1\.1 +MANUAL +Keep the account's contact details current$/m);
  });

  it('an unknown framework, control or status is an error naming it, never an empty run', async () => {
    const cases: [string[], RegExp][] = [
      [['--framework', 'cis-aws-v3'], /--framework cis-aws-v3: no such framework; bundled: cis-aws-foundations-v3\.0\.0/],
      [['--framework', CIS, '--control', '1.44'], /--control 1\.44: not a control of cis-aws-foundations-v3\.0\.0/],
      [['--control', '1.44'], /--control 1\.44: no check maps to it/],
      [['--status', 'MANUAL'], /--status MANUAL: expected one of PASS, FAIL, ERROR, WAIVED \(MANUAL and NOT_COVERED need --framework\)/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await assetql(['check', 'run', '--config', CIS_CONFIG, ...args]);
      expect([args, code]).toEqual([args, 2]);
      expect(stderr).toMatch(message);
    }
  });
});

describe('check list --framework', () => {
  it('lists every control with the checks behind it; manual ones without a check say so', async () => {
    const { code, stdout } = await assetql(['check', 'list', '--framework', CIS, '--control', '1.1', '--control', '1.5']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'CIS AWS Foundations Benchmark v3.0.0 (cis-aws-foundations-v3.0.0)',
        'CONTROL  ASSESSMENT  TITLE',
        "1.1      manual      Keep the account's contact details current",
        '    (manual: no check)',
        '1.5      automated   MFA is enabled for the root user',
        '    aws-account-summary-root-mfa-disabled',
        '    aws-root-users-without-mfa',
        '2 controls, 1 with checks',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await assetql(['check', 'list', '--framework', CIS, '--format', 'json'])).stdout);
    expect(json[0].controls).toHaveLength(62);
    expect(json[0].controls.find((c: { id: string }) => c.id === '1.14')).toEqual({ id: '1.14', title: 'Access keys are rotated every 90 days or less', section: 'Identity and Access Management', assessment: 'automated', checks: ['aws-iam-users-access-keys-not-rotated-90-days'] });
  });

  it('--control without --framework lists the checks mapped to it', async () => {
    const { stdout } = await assetql(['check', 'list', '--control', '1.4']);
    expect(stdout.split('\n').slice(1, -1).map((line) => line.split(/\s+/)[0])).toEqual(['aws-account-summary-root-access-keys-present', 'aws-root-users-with-access-key']);
  });
});

describe('the framework file ships with the package', () => {
  it('is listed in package.json "files"', async () => {
    const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('frameworks');
  });
});
