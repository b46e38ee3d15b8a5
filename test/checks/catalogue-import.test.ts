/**
 * `assetql check import DIR`: a control catalogue in the public catalogue's
 * format (examples/catalogue, with the faulty entries of
 * test/fixtures/catalogue-faults added; see their READMEs) becomes stored
 * checks that decide like the bundled checks of the same controls.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

const EXAMPLE = path.join(PROJECT_ROOT, 'examples/catalogue');
const FAULTS = path.join(PROJECT_ROOT, 'test/fixtures/catalogue-faults');

/** The example catalogue with the faulty entries beside its own. */
function catalogueWithFaults(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-catalogue-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const sub of ['controls', 'queries']) cpSync(path.join(FAULTS, sub), path.join(dir, sub), { recursive: true });
  return dir;
}
const CATALOGUE = catalogueWithFaults();
const ACCOUNTS = path.join(PROJECT_ROOT, 'examples/accounts');
const NOW = '2026-12-01T00:00:00Z';

/** A config over the demo accounts in a fresh folder; imported checks go to its checks/. */
function freshConfig(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-import-'));
  const connectors = ['production', 'staging', 'sandbox'].map((id) => `  - { id: ${id}, provider: aws, snapshot: ${JSON.stringify(path.join(ACCOUNTS, id))} }`);
  writeFileSync(path.join(dir, 'assetql.config.yaml'), ['connectors:', ...connectors, ''].join('\n'));
  return path.join(dir, 'assetql.config.yaml');
}

type Verdicts = Record<string, Record<string, { status: string; resources: string[] }>>;

/** Status and resources at fault per check and account, from one JSON report of these checks. */
async function verdicts(config: string, checks: string[]): Promise<Verdicts> {
  const run = await assetql(['check', 'run', '--config', config, '--now', NOW, ...checks.flatMap((check) => ['--check', check]), '--format', 'json']);
  const report = JSON.parse(run.stdout) as { results: { check: string; connector: string; status: string; findings: { resource: string }[] }[] };
  const out: Verdicts = {};
  for (const result of report.results) (out[result.check] ??= {})[result.connector] = { status: result.status, resources: result.findings.map((finding) => finding.resource).sort() };
  return out;
}

describe('assetql check import', () => {
  it('imports the AWS rules that validate, says what it skipped and why, and exits 2 for the skipped', async () => {
    const config = freshConfig();
    const run = await assetql(['check', 'import', CATALOGUE, '--config', config]);
    expect(run.code).toBe(2);
    expect(run.stdout.trim().split('\n')).toEqual([
      'imported aws-iam-credentials-unused-45-days from controls/aws-iam-credentials-unused-45-days.json',
      'imported aws-iam-two-active-keys from controls/aws-iam-two-active-keys.json',
      'imported aws-root-access-keys from controls/aws-root-access-keys.json',
      'imported aws-root-without-mfa from controls/aws-root-without-mfa.json',
      'imported multi-cloud-admin-policies from controls/multi-cloud-admin-policies.json',
      '5 imported into checks, 3 skipped, 2 left out (disabled, or no aws rule)',
    ]);
    expect(run.stderr.trim().split('\n').sort()).toEqual(
      [
        'skipped controls/aws-not-json.json: not JSON: Unexpected end of JSON input',
        'left out controls/aws-disabled-control.json: disabled in the catalogue (isEnabled: false)',
        'skipped controls/aws-query-does-not-validate.json: queries/aws-unknown-field.json query: Field "favouriteColour" is not defined by type "IAMUserWhere".',
        'skipped controls/aws-query-missing.json: its query "nowhere-to-be-found" is not in queries/',
        'left out controls/azure-storage-https.json: no rule for aws',
      ].sort(),
    );
    const stored = path.join(path.dirname(config), 'checks');
    expect(readdirSync(stored).sort()).toEqual(['aws-iam-credentials-unused-45-days.yaml', 'aws-iam-two-active-keys.yaml', 'aws-root-access-keys.yaml', 'aws-root-without-mfa.yaml', 'multi-cloud-admin-policies.yaml']);

    // What the catalogue says becomes the check's own fields: severity, subjects, expectation, return path, sections.
    const list = await assetql(['check', 'list', '--config', config, '--format', 'json']);
    const imported = (JSON.parse(list.stdout) as { id: string; severity: string; compliance: Record<string, string[]> }[]).find((check) => check.id === 'aws-root-access-keys')!;
    expect(imported.severity).toBe('high');
    expect(imported.compliance).toEqual({ 'cis-aws-foundations': ['1', '1.4'] });
    expect(readFileSync(path.join(stored, 'aws-root-access-keys.yaml'), 'utf8')).toMatch(/^returnPath: connector$/m);
  });

  it('gives the imported checks the bundled checks\' verdicts on the same accounts', async () => {
    const config = freshConfig();
    await assetql(['check', 'import', CATALOGUE, '--config', config]);
    const pairs: [string, string][] = [
      ['aws-iam-credentials-unused-45-days', 'aws-iam-users-credentials-unused-45-days'],
      ['aws-iam-two-active-keys', 'aws-iam-users-with-two-active-access-keys'],
      ['aws-root-access-keys', 'aws-root-users-with-access-key'],
    ];
    const all = await verdicts(config, [...pairs.flat(), 'aws-root-without-mfa', 'aws-root-users-without-mfa']);
    for (const [imported, bundled] of pairs) expect(all[imported], imported).toEqual(all[bundled]);
    // Root MFA: the bundled check names the root user, the catalogue's view the account; the same accounts fail.
    const byAccount = (results: Record<string, { status: string }>) => Object.fromEntries(Object.entries(results).map(([account, { status }]) => [account, status]));
    expect(byAccount(all['aws-root-without-mfa'])).toEqual(byAccount(all['aws-root-users-without-mfa']));
    expect(Object.values(all['aws-root-without-mfa']).map((result) => result.status)).toContain('FAIL');
  });

  it('never replaces a stored check unless told to, and then only in the check folder', async () => {
    const config = freshConfig();
    await assetql(['check', 'import', CATALOGUE, '--config', config]);
    const file = path.join(path.dirname(config), 'checks/aws-root-access-keys.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: edited by hand'));
    const again = await assetql(['check', 'import', CATALOGUE, '--config', config]);
    expect(again.stdout).toMatch(/^0 imported/m);
    expect(again.stderr).toContain('skipped controls/aws-root-access-keys.json: check aws-root-access-keys is already stored in checks/aws-root-access-keys.yaml; pass --force to replace it');
    expect(readFileSync(file, 'utf8')).toContain('title: edited by hand');
    const forced = await assetql(['check', 'import', CATALOGUE, '--config', config, '--force']);
    expect(forced.stdout).toMatch(/^5 imported/m);
    expect(readFileSync(file, 'utf8')).not.toContain('edited by hand');
  });

  it('keeps hostile slugs inside the check folder and says when a folder is not a catalogue', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assetql-hostile-catalogue-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    const control = JSON.parse(readFileSync(path.join(EXAMPLE, 'controls/aws-iam-two-active-keys.json'), 'utf8'));
    writeFileSync(path.join(dir, 'controls/escape.json'), JSON.stringify({ ...control, slug: '../../../escaped\u001b[31m' }));
    const config = freshConfig();
    const run = await assetql(['check', 'import', dir, '--config', config]);
    expect(run.stdout).toContain('imported escaped-31m from controls/escape.json');
    expect(existsSync(path.join(path.dirname(config), 'checks/escaped-31m.yaml'))).toBe(true);
    expect(run.stdout + run.stderr).not.toContain('\u001b');

    const notCatalogue = await assetql(['check', 'import', path.join(EXAMPLE, 'controls'), '--config', config]);
    expect(notCatalogue.code).toBe(2);
    expect(notCatalogue.stderr).toMatch(/^assetql: .*controls: controls\/ of the catalogue cannot be read: .*a catalogue folder holds controls\/, queries\/ and optionally policies\//m);
  });
});
