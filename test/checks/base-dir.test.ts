import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dump } from 'js-yaml';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { checkFolders } from '../../src/checks/folders.js';
import { createEngine } from '../../src/create-engine.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';
import { tempDir } from './helpers.js';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir();
});
afterEach(() => temp.cleanup());

test('a config object resolves its paths and its check folder against baseDir, never the working directory', async () => {
  const snapshot = writeSnapshot({ csv: csv([row({ user: '<root_account>' })]) }, temp.dir);
  mkdirSync(path.join(temp.dir, 'checks'));
  writeFileSync(path.join(temp.dir, 'checks', 'mine.yaml'), dump({ id: 'mine', title: 'Mine', severity: 'low', query: '{ iamUsers { arn } }', expect: 'eq []' }));
  const config = { connectors: [{ id: 'a', provider: 'aws' as const, snapshot: `./${path.basename(snapshot)}` }] };
  expect(path.resolve(temp.dir)).not.toBe(process.cwd());

  const engine = await createEngine({ config, baseDir: temp.dir });
  try {
    expect(engine.checks().map((check) => check.id)).toContain('mine');
    // Where `check add` and the server's registerCheck write.
    expect(checkFolders(engine.config).store).toBe(path.join(temp.dir, 'checks'));
    const report = await engine.runChecks({ checks: ['mine'] });
    expect(report.results.map((r) => [r.connector, r.status])).toEqual([['a', 'PASS']]);
  } finally {
    await engine.close();
  }
});
