import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

const ACCOUNTS = path.join(PROJECT_ROOT, 'test/fixtures/accounts');
const FIXTURE_CONFIG = path.join(ACCOUNTS, 'assetql.config.yaml');
const DOCUMENTED_CHECK = 'aws-root-users-with-access-key';

/** A config folder of its own: fixture accounts by absolute path, exceptions written as given. */
function configWith(exceptions: Record<string, unknown>[]): { dir: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-run-'));
  writeFileSync(path.join(dir, 'exceptions.yaml'), dump({ exceptions }));
  const connectors = ['key1-active', 'clean'].map((id) => ({ id, provider: 'aws', snapshot: path.join(ACCOUNTS, id) }));
  const config = path.join(dir, 'assetql.config.yaml');
  writeFileSync(config, dump({ connectors, exceptions: './exceptions.yaml' }));
  return { dir, config };
}

describe('check run --now', () => {
  test.each(['March 7, 2024', '1', '2024-02-30', '2024-06-15T24:00:00Z'])('refuses %j, as the DateTime scalar does, naming the option', async (now) => {
    const { code, stdout, stderr } = await assetql(['check', 'run', '--config', FIXTURE_CONFIG, '--now', now]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`assetql: --now "${now}": expected an ISO-8601 date or timestamp (e.g. 2026-01-31 or 2026-01-31T12:00:00Z; no zone means UTC)\n`);
  });
});

describe('exception expiry', () => {
  test('a timestamp without a zone is UTC, whatever the machine’s time zone', async () => {
    // In UTC+14 a local reading of 10:00 would be 20:00 UTC the day before: long expired by 05:00 UTC.
    const { config } = configWith([{ check: DOCUMENTED_CHECK, connector: 'key1-active', owner: 'alice', reason: 'approved', expires: '2024-06-15T10:00' }]);
    const args = ['check', 'run', '--config', config, '--check', DOCUMENTED_CHECK, '--connector', 'key1-active', '--now', '2024-06-15T05:00:00Z', '--format', 'json'];
    for (const zone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const { code, stdout } = await assetql(args, { env: { TZ: zone } });
      const [result] = JSON.parse(stdout).results;
      expect([zone, code, result.status, result.findings[0].exception.expires]).toEqual([zone, 0, 'WAIVED', '2024-06-15T10:00:00.000Z']);
    }
  });
});

describe('paths in reports', () => {
  test('exception sources are relative to the config’s folder; no report carries an absolute path of this machine', async () => {
    const { dir, config } = configWith([{ check: DOCUMENTED_CHECK, connector: 'key1-active', owner: 'alice', reason: 'approved', expires: '2030-01-01' }]);
    const base = ['check', 'run', '--config', config, '--check', DOCUMENTED_CHECK, '--now', '2024-06-15T00:00:00Z'];
    const sarif = await assetql([...base, '--format', 'sarif']);
    const [result] = JSON.parse(sarif.stdout).runs[0].results;
    expect(result.suppressions[0].properties.source).toBe('exceptions.yaml:2');
    const json = await assetql([...base, '--format', 'json']);
    expect(JSON.parse(json.stdout).results[0].findings[0].exception.source).toBe('exceptions.yaml:2');
    for (const format of ['table', 'json', 'junit', 'sarif']) {
      const { stdout } = format === 'sarif' ? sarif : format === 'json' ? json : await assetql([...base, '--format', format]);
      expect(stdout, format).not.toContain(dir);
      expect(stdout, format).not.toContain(PROJECT_ROOT);
    }
  });

  test('check validate names stored files relative to the config’s folder and never quotes a file that does not parse', async () => {
    const { dir, config } = configWith([]);
    mkdirSync(path.join(dir, 'checks'));
    writeFileSync(path.join(dir, 'checks', 'broken.yaml'), 'id: broken\ntitle: "unterminated\nsecret: AKIAIOSFODNN7EXAMPLE\n');
    const { code, stderr } = await assetql(['check', 'validate', '--config', config]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^checks\/broken\.yaml:\d+:\d+: invalid YAML: [^\n]+\n$/);
    expect(stderr).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(stderr).not.toContain(dir);
  });
});

describe('check validate with exceptions', () => {
  test('an unknown check or connector id is a warning with the exception’s line; a malformed entry is a problem', async () => {
    const { config } = configWith([
      { check: DOCUMENTED_CHECK, connector: 'key1-active', owner: 'alice', reason: 'approved', expires: '2030-01-01' },
      { check: 'aws-root-user-with-access-key', connector: 'gone', owner: 'bob', reason: 'typo', expires: '2030-01-01' },
    ]);
    const valid = await assetql(['check', 'validate', '--config', config]);
    expect(valid.code).toBe(0);
    expect(valid.stderr).toBe('exceptions.yaml:7: warning: no check "aws-root-user-with-access-key" is registered and no connector "gone" is configured; the exception waives nothing\n');

    const malformed = configWith([{ check: DOCUMENTED_CHECK, connector: 'key1-active', owner: 'alice', reason: 'approved', expires: '2025-02-30' }]);
    const invalid = await assetql(['check', 'validate', '--config', malformed.config]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toBe('exceptions.yaml:6:5: exceptions[0].expires: "2025-02-30" is not a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)\n');
  });
});

describe('check run --output', () => {
  test('a report that cannot be written is bad input naming the option, not an internal error', async () => {
    const { dir, config } = configWith([]);
    // A file where a folder should be.
    const output = path.join(dir, 'assetql.config.yaml', 'report.json');
    const { code, stderr } = await assetql(['check', 'run', '--config', config, '--check', DOCUMENTED_CHECK, '--format', 'json', '--output', output]);
    expect(code).toBe(2);
    expect(stderr).toBe(`assetql: --output ${output}: cannot write the json report: a file is in the way\n`);
  });
});
