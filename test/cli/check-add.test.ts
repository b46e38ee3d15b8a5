import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

/** A config folder with one fixture account and (not yet) a checks/ folder beside it. */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-add-'));
  const config = path.join(dir, 'assetql.config.yaml');
  writeFileSync(config, dump({ connectors: [{ id: 'clean', provider: 'aws', snapshot: path.join(PROJECT_ROOT, 'test/fixtures/accounts/clean') }] }));
  return { dir, config, checks: path.join(dir, 'checks') };
}

function checkFile(dir: string, name: string, fields: { id: string; title: string }): string {
  const file = path.join(dir, name);
  writeFileSync(file, dump({ ...fields, severity: 'low', query: '{ iamUsers(where: { hasIAMUserCredentials: { mfaActive: false } }) { arn } }', expect: 'eq []' }));
  return file;
}

describe('check add, at the same time', () => {
  test('of the same new id: exactly one stores it, the others are refused as already stored', async () => {
    const { dir, config, checks } = workspace();
    const sources = [1, 2, 3].map((n) => checkFile(dir, `mine-${n}.yaml`, { id: 'mine', title: `Version ${n}` }));
    const runs = await Promise.all(sources.map((source) => assetql(['check', 'add', source, '--config', config])));

    const stored = runs.filter((run) => run.code === 0);
    expect(stored).toHaveLength(1);
    for (const refused of runs.filter((run) => run.code !== 0)) {
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('id: "mine" is already stored in checks/mine.yaml; pass --force to replace it');
    }
    const winner = sources[runs.indexOf(stored[0])];
    expect(readFileSync(path.join(checks, 'mine.yaml'), 'utf8')).toBe(readFileSync(winner, 'utf8'));
    expect(readdirSync(checks)).toEqual(['mine.yaml']);
  });
});

describe('staging files', () => {
  test('those of a writer that was killed are removed by the next write to the folder; nobody else’s are touched', async () => {
    const { dir, config, checks } = workspace();
    mkdirSync(checks);
    // A process that has exited: its pid names no running process.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const orphans = [`.assetql-${gone}-0123abcd.tmp`, `.assetql-${gone}-4567cdef.tmp.2866455108`];
    // This test's own process is running, and the other names are not ours.
    const kept = [`.assetql-${process.pid}-89abcdef.tmp`, '.notes.tmp', 'mine.yaml.2866455108', 'README.md'];
    for (const name of [...orphans, ...kept]) writeFileSync(path.join(checks, name), 'x'.repeat(1 << 20));

    const { code } = await assetql(['check', 'add', checkFile(dir, 'mine.yaml', { id: 'mine', title: 'Mine' }), '--config', config]);
    expect(code).toBe(0);
    expect(readdirSync(checks).sort()).toEqual([...kept, 'mine.yaml'].sort());
  });
});

describe('check ids', () => {
  test('are at most 128 characters, so every id that validates can be stored', async () => {
    const { dir, config, checks } = workspace();
    const tooLong = checkFile(dir, 'too-long.yaml', { id: 'a'.repeat(129), title: 'Too long' });
    for (const command of ['validate', 'add']) {
      const { code, stderr } = await assetql(['check', command, tooLong, '--config', config]);
      expect([command, code]).toEqual([command, 2]);
      expect(stderr).toContain('too-long.yaml:1:1: id: at most 128 characters, so that "<id>.yaml" fits the file name limit of every common file system');
    }
    expect(existsSync(checks)).toBe(false);

    const longest = checkFile(dir, 'longest.yaml', { id: 'a'.repeat(128), title: 'Longest' });
    expect((await assetql(['check', 'add', longest, '--config', config])).code).toBe(0);
    expect(readdirSync(checks)).toEqual([`${'a'.repeat(128)}.yaml`]);
  });
});
