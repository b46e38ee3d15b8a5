import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureIO, DOCUMENTED_CHECK, FIXTURES, NOW, ROOT, tempDir, writeConfig } from './helpers.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

async function run(args: string[]) {
  const io = captureIO();
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('check run exit codes', () => {
  test('0 when every result is PASS', async () => {
    const config = writeConfig(temp.dir, { accounts: { clean: 'clean', 'inactive-keys': 'inactive-keys' } });
    const { code, out } = await run(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK]);
    expect(code).toBe(0);
    expect(out).toMatch(/^PASS\s+critical\s+aws-root-users-with-access-key\s+clean/m);
  });

  test('0 when the only failures are waived', async () => {
    const config = writeConfig(temp.dir, { accounts: { 'key1-active': 'key1-active' }, exceptions: path.join(FIXTURES, 'exceptions/approved.yaml') });
    expect((await run(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK])).code).toBe(0);
  });

  test('1 when any FAIL', async () => {
    const config = writeConfig(temp.dir, { accounts: { clean: 'clean', 'key2-active': 'key2-active' } });
    expect((await run(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK])).code).toBe(1);
  });

  test('2 when any ERROR, even beside a FAIL', async () => {
    const config = writeConfig(temp.dir, { accounts: { 'key1-active': 'key1-active', missing: null } });
    const { code, out } = await run(['check', 'run', '--config', config, '--now', NOW, '--check', DOCUMENTED_CHECK, '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(out).results.map((r: { status: string }) => r.status)).toEqual(['FAIL', 'ERROR']);
  });

  test('--connector narrows the run to the accounts named', async () => {
    const config = writeConfig(temp.dir, { accounts: { 'key1-active': 'key1-active', clean: 'clean', missing: null } });
    expect((await run(['check', 'run', '--config', config, '--check', DOCUMENTED_CHECK, '--connector', 'clean'])).code).toBe(0);
  });

  test.each([
    [['--check', 'no-such-check'], /no check "no-such-check"/],
    [['--connector', 'nope'], /no connector "nope"/],
    [['--severity', 'urgent'], /--severity urgent/],
    [['--format', 'pdf'], /--format pdf: expected one of table, json, junit, sarif, csv, ocsf, html/],
    [['--now', 'yesterday'], /--now "yesterday": expected an ISO-8601 date or timestamp/],
  ])('2 on invalid input %j', async (extra, message) => {
    const config = writeConfig(temp.dir, { accounts: { clean: 'clean' } });
    const { code, err } = await run(['check', 'run', '--config', config, ...extra]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  test('2 when a stored check is invalid or the exceptions file is malformed', async () => {
    const broken = writeConfig(temp.dir, { accounts: { clean: 'clean' }, checks: [path.join(FIXTURES, 'invalid')] });
    const stored = await run(['check', 'run', '--config', broken]);
    expect(stored.code).toBe(2);
    expect(stored.err).toMatch(/misspelt-filter\.yaml:10:\d+: query: Field "accessKey1Activ"/);

    const badExceptions = writeConfig(temp.dir, { accounts: { clean: 'clean' }, exceptions: path.join(FIXTURES, 'exceptions/malformed.yaml') });
    const exceptions = await run(['check', 'run', '--config', badExceptions]);
    expect(exceptions.code).toBe(2);
    expect(exceptions.err).toMatch(/malformed\.yaml:2:5: exceptions\[0\]\.owner: required/);
  });

  test('--output writes the report to a file and the tally to stderr', async () => {
    const config = writeConfig(temp.dir, { accounts: { 'key1-active': 'key1-active' } });
    const output = path.join(temp.dir, 'results.sarif');
    const { code, out, err } = await run(['check', 'run', '--config', config, '--check', DOCUMENTED_CHECK, '--format', 'sarif', '--output', output]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('0 passed, 1 failed');
    expect(JSON.parse(readFileSync(output, 'utf8')).version).toBe('2.1.0');
  });
});

describe('check validate', () => {
  test('every problem of every file with file and line; exit 2', async () => {
    const files = ['unknown-field.yaml', 'misspelt-filter.yaml'].map((f) => path.relative(process.cwd(), path.join(FIXTURES, 'invalid', f)));
    const { code, err, out } = await run(['check', 'validate', ...files, path.join(FIXTURES, 'valid/users-with-mfa-exist.yaml')]);
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toEqual([
      `${files[0]}:3:1: expect: required`,
      `${files[0]}:7:1: expects: unknown field`,
      expect.stringMatching(new RegExp(`^${files[1].replace(/[.]/g, '\\.')}:10:11: query: Field "accessKey1Activ" is not defined`)),
    ]);
    expect(out).toBe('1 valid, 2 invalid\n');
  });

  test('a file reusing a stored id is a problem naming the stored file', async () => {
    const copy = path.join(temp.dir, 'copy.yaml');
    copyFileSync(path.join(ROOT, 'checks', `${DOCUMENTED_CHECK}.yaml`), copy);
    const { code, err } = await run(['check', 'validate', copy]);
    expect(code).toBe(2);
    expect(err).toContain(`id: "${DOCUMENTED_CHECK}" is already defined in assetql/checks/${DOCUMENTED_CHECK}.yaml`);
  });

  test('without files: every stored check; 0 when all are valid', async () => {
    const config = writeConfig(temp.dir, { checks: [path.join(FIXTURES, 'valid')] });
    const { code, out } = await run(['check', 'validate', '--config', config]);
    expect(code).toBe(0);
    const bundled = readdirSync(path.join(ROOT, 'checks')).filter((f) => f.endsWith('.yaml')).length;
    expect(out).toBe(`${bundled + 3} valid, 0 invalid\n`);
  });
});

describe('check add', () => {
  const fixture = (name: string) => path.join(FIXTURES, name);
  const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

  test('stores a valid check, byte for byte, in checks/ beside the config; then it is listed and runs', async () => {
    const config = writeConfig(temp.dir, { accounts: { clean: 'clean' } });
    const { code, out } = await run(['check', 'add', fixture('valid/root-mfa-inactive.yaml'), '--config', config]);
    expect(code).toBe(0);
    expect(out).toContain('stored fixture-root-without-mfa');
    const stored = path.join(temp.dir, 'checks', 'fixture-root-without-mfa.yaml');
    expect(readFileSync(stored, 'utf8')).toBe(readFileSync(fixture('valid/root-mfa-inactive.yaml'), 'utf8'));
    expect(listing(path.join(temp.dir, 'checks'))).toEqual(['fixture-root-without-mfa.yaml']);

    const list = await run(['check', 'list', '--config', config]);
    expect(list.out).toMatch(/^fixture-root-without-mfa\s+high\s+The root user has MFA$/m);
    expect((await run(['check', 'run', '--config', config, '--check', 'fixture-root-without-mfa'])).code).toBe(0);
  });

  test('stores into the first config checks: folder; an id defined in another folder is refused', async () => {
    const first = path.join(temp.dir, 'team-checks');
    const config = writeConfig(temp.dir, { checks: [first, path.join(FIXTURES, 'valid')] });
    const source = path.join(temp.dir, 'new.yaml');
    writeFileSync(source, readFileSync(fixture('valid/users-with-mfa-exist.yaml'), 'utf8').replace('id: fixture-some-user-has-mfa', 'id: team-user-mfa'));
    expect((await run(['check', 'add', source, '--config', config])).code).toBe(0);
    expect(listing(first)).toEqual(['team-user-mfa.yaml']);

    const duplicate = await run(['check', 'add', fixture('valid/at-most-one-user.yaml'), '--config', config, '--force']);
    expect(duplicate.code).toBe(2);
    expect(duplicate.err).toContain(path.join(FIXTURES, 'valid/at-most-one-user.yaml'));
    expect(listing(first)).toEqual(['team-user-mfa.yaml']);
  });

  test('an invalid check writes nothing', async () => {
    const config = writeConfig(temp.dir);
    for (const name of readdirSync(fixture('invalid'))) {
      const { code, err } = await run(['check', 'add', fixture(`invalid/${name}`), '--config', config]);
      expect(code, name).toBe(2);
      expect(err, name).toContain(`invalid/${name}`);
    }
    expect(listing(path.join(temp.dir, 'checks'))).toEqual([]);
  });

  test('an existing id is refused unless --force, which replaces it in place', async () => {
    const config = writeConfig(temp.dir);
    const source = path.join(temp.dir, 'mine.yaml');
    const text = readFileSync(fixture('valid/users-with-mfa-exist.yaml'), 'utf8');
    writeFileSync(source, text);
    expect((await run(['check', 'add', source, '--config', config])).code).toBe(0);

    writeFileSync(source, text.replace('severity: low', 'severity: medium'));
    const refused = await run(['check', 'add', source, '--config', config]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('pass --force');
    const stored = path.join(temp.dir, 'checks', 'fixture-some-user-has-mfa.yaml');
    expect(readFileSync(stored, 'utf8')).toContain('severity: low');

    expect((await run(['check', 'add', source, '--config', config, '--force'])).code).toBe(0);
    expect(readFileSync(stored, 'utf8')).toContain('severity: medium');
    expect(listing(path.join(temp.dir, 'checks'))).toEqual(['fixture-some-user-has-mfa.yaml']);
  });

  test('a bundled check id cannot be taken over, even with --force', async () => {
    const config = writeConfig(temp.dir);
    const { code, err } = await run(['check', 'add', path.join(ROOT, 'checks', `${DOCUMENTED_CHECK}.yaml`), '--config', config, '--force']);
    expect(code).toBe(2);
    expect(err).toContain('outside the check folder');
    expect(listing(path.join(temp.dir, 'checks'))).toEqual([]);
  });
});

describe('check list', () => {
  test('duplicate ids across folders are an error naming both files', async () => {
    const a = path.join(temp.dir, 'a');
    const b = path.join(temp.dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    copyFileSync(path.join(FIXTURES, 'valid/users-with-mfa-exist.yaml'), path.join(a, 'one.yaml'));
    copyFileSync(path.join(FIXTURES, 'valid/users-with-mfa-exist.yaml'), path.join(b, 'two.yaml'));
    const config = writeConfig(temp.dir, { checks: [a, b] });
    const { code, err, out } = await run(['check', 'list', '--config', config, '--format', 'json']);
    expect(code).toBe(2);
    // Named relative to the config's folder, never as absolute paths of this machine.
    expect(err).toContain('b/two.yaml: id: "fixture-some-user-has-mfa" is already defined in a/one.yaml');
    const ids = JSON.parse(out).map((c: { id: string }) => c.id);
    expect(ids).toContain(DOCUMENTED_CHECK);
    expect(ids.filter((id: string) => id === 'fixture-some-user-has-mfa')).toHaveLength(1);
  });

  test('a config checks: folder that does not exist is reported', async () => {
    const config = writeConfig(temp.dir, { checks: [path.join(temp.dir, 'nowhere')] });
    const { code, err } = await run(['check', 'list', '--config', config]);
    expect(code).toBe(2);
    expect(err).toContain('no such folder');
  });
});
