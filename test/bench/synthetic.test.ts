import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_QUERY, floorFromFolders } from '../../bench/floor.js';
import { BENCH_NOW, snapshotConfig, syntheticAccounts, writeSnapshotFolders } from '../../bench/synthetic.js';
import { createEngine } from '../../src/index.js';

/** Not a timing: the benchmark data must be reports the engine reads, and the floor must give the engine's answer. */
describe('bench synthetic accounts', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'assetql-bench-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  // Enough accounts that some roots have an active key (2% of them).
  const accounts = syntheticAccounts({ count: 150, users: 20 });
  const dirs = writeSnapshotFolders(root, accounts);

  it('is the same data for the same seed', () => {
    expect(syntheticAccounts({ count: 3, users: 5 })).toEqual(syntheticAccounts({ count: 3, users: 5 }));
    expect(syntheticAccounts({ count: 1, users: 5, seed: 2 })[0].credentialReport).not.toBe(syntheticAccounts({ count: 1, users: 5 })[0].credentialReport);
  });

  it('reads every report, field and check without an error', async () => {
    const engine = await createEngine({ config: snapshotConfig(dirs), now: BENCH_NOW });
    try {
      const users = await engine.query('{ iamUsers { name arn hasIAMUserCredentials { userCreationTime passwordLastUsed mfaActive accessKey1LastRotated accessKey2LastUsedDate cert1Active } } }');
      expect(users.errors).toBeUndefined();
      expect(users.data?.iamUsers).toHaveLength(150 * 20);
      // IAM allows commas in user names; the generator writes some, quoted.
      expect((users.data?.iamUsers as { name: string }[]).some((user) => user.name.includes(','))).toBe(true);
      const run = await engine.runChecks();
      expect(run.summary.error).toBe(0);
      expect(run.summary.results).toBe(engine.checks().length * 150);
    } finally {
      await engine.close();
    }
  });

  it('gives the floor and the engine the same answer to the documented query', async () => {
    const engine = await createEngine({ config: snapshotConfig(dirs), storedChecks: false, now: BENCH_NOW });
    try {
      const result = await engine.query(DOCUMENTED_QUERY);
      const floor = floorFromFolders(dirs);
      expect(floor.rootUsers.length).toBeGreaterThan(0);
      expect(result).toEqual({ data: floor });
    } finally {
      await engine.close();
    }
  });
});
