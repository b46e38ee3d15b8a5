import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { assetql } from '../support/cli.js';
import { freePort } from '../support/redis.js';

/** Nothing listens on the --queue address: one clear message and exit 2, after bounded retries, for the coordinator and for a worker. */

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'assetql-no-redis-'));
  writeFileSync(path.join(dir, 'assetql.config.yaml'), 'connectors:\n  - id: prod\n    provider: aws\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('check run, snapshot and worker against a Redis that is not there', async () => {
  const port = await freePort();
  const queue = `redis://:hunter2@127.0.0.1:${port}`;
  const runs = await Promise.all([
    assetql(['check', 'run', '--queue', queue], { cwd: dir }),
    assetql(['snapshot', '--queue', queue, '--out', path.join(dir, 'out')], { cwd: dir }),
    assetql(['worker', '--queue', queue], { cwd: dir }),
  ]);
  for (const { code, stdout, stderr } of runs) {
    expect([code, stdout]).toEqual([2, '']);
    // The password stays out of the message.
    expect(stderr).toMatch(new RegExp(`^assetql: cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.* \\(6 attempts over \\d+(\\.\\d)? s\\)\\n$`));
  }
}, 30_000);

test('a --queue that is not a Redis URL is a usage error', async () => {
  const { code, stderr } = await assetql(['check', 'run', '--queue', 'http://127.0.0.1:6379'], { cwd: dir });
  expect(code).toBe(2);
  expect(stderr).toBe('assetql: --queue http://127.0.0.1:6379: expected a redis:// or rediss:// (TLS) URL\n');
});
