import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { DOCUMENTED_QUERY, firstError, post } from './support.js';

const ACCOUNTS = path.resolve(import.meta.dirname, '../../examples/accounts');
const SECRET = 'AKIAIOSFODNN7EXAMPLE';

const RUN = `mutation { runChecks(now: "2026-01-01T00:00:00Z") {
  results { check connector status error findings { exception { source } } }
  summary { staleExceptions { source } }
} }`;

/**
 * A config folder with its own check folder and exceptions file, one account
 * inside it that holds nothing, and one outside it whose summary file is broken.
 */
function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-paths-'));
  const elsewhere = path.join(mkdtempSync(path.join(tmpdir(), 'assetql-elsewhere-')), 'broken-account');
  cpSync(path.join(ACCOUNTS, 'sandbox'), elsewhere, { recursive: true });
  writeFileSync(path.join(elsewhere, 'account-summary.json'), `{"SummaryMap": {"AccessKey": ${SECRET} }}`);
  mkdirSync(path.join(dir, 'checks'));
  // A folder that holds nothing to read (a config refuses one that is not there at all).
  mkdirSync(path.join(dir, 'accounts', 'gone'), { recursive: true });
  writeFileSync(
    path.join(dir, 'exceptions.yaml'),
    'exceptions:\n  - check: api-root-access-key\n    connector: staging\n    owner: platform-team\n    reason: break-glass key\n    expires: 2099-01-01\n',
  );
  const config = {
    connectors: [
      { id: 'staging', provider: 'aws' as const, snapshot: path.join(ACCOUNTS, 'staging') },
      { id: 'gone', provider: 'aws' as const, snapshot: './accounts/gone' },
      { id: 'broken', provider: 'aws' as const, snapshot: elsewhere },
    ],
    checks: ['./checks'],
    exceptions: './exceptions.yaml',
  };
  return { dir, elsewhere, config };
}

/** Nothing in a response may name this machine's folders. */
const expectNoLocalPaths = (body: unknown, ...dirs: string[]) => {
  const text = JSON.stringify(body);
  for (const dir of [...dirs, tmpdir()]) expect(text).not.toContain(dir);
};

describe('errors and results the API sends', () => {
  it('name snapshot files relative to the config folder, or from their own folder outside it, and quote no file contents', async () => {
    const { dir, elsewhere, config } = workspace();
    const engine = await createEngine({ config, baseDir: dir, storedChecks: false });
    const server = createServer(engine);

    const gone = await post(server, '{ connectors(where: { id: "gone" }) { id accountId } }');
    expect(firstError(gone)).toMatch(/connector gone: accounts\/gone has no snapshot\.json/);
    expectNoLocalPaths(gone.body, dir);

    const broken = await post(server, '{ iamAccountSummaries { accountMFAEnabled } }');
    // One error per unreadable account, beside the readable accounts' data.
    const message = ((broken.body.errors ?? []) as unknown as { message: string }[]).map((error) => error.message).join('\n');
    expect(message).toMatch(/connector broken: \.\.\.\/broken-account\/account-summary\.json: not valid JSON/);
    expect(message).not.toContain(SECRET.slice(0, 8));
    expect(JSON.stringify(broken.body)).not.toContain(SECRET.slice(0, 8));
    expectNoLocalPaths(broken.body, dir, elsewhere);
    await engine.close();
  });

  it('name check, exceptions and snapshot files in runChecks the same way', async () => {
    const { dir, config } = workspace();
    const engine = await createEngine({ config, baseDir: dir, storedChecks: false });
    engine.registerCheck({ id: 'api-root-access-key', title: 'Root user has no active access key', severity: 'critical', query: DOCUMENTED_QUERY, expect: 'eq []', returnPath: 'connector' });
    const run = await post(createServer(engine), RUN);
    expect(run.body.errors).toBeUndefined();
    const { results } = (run.body.data as { runChecks: { results: { connector: string; status: string; error: string | null; findings: { exception: { source: string } | null }[] }[] } }).runChecks;
    const byConnector = Object.fromEntries(results.map((result) => [result.connector, result]));
    expect(byConnector.staging.status).toBe('WAIVED');
    expect(byConnector.staging.findings[0].exception?.source).toBe('exceptions.yaml:2');
    expect(byConnector.gone.error).toMatch(/connector gone: accounts\/gone has no snapshot\.json/);
    expectNoLocalPaths(run.body, dir);
    await engine.close();
  });

  it('name a broken stored check file and a missing exceptions file relative to the config folder', async () => {
    const { dir, config } = workspace();
    writeFileSync(path.join(dir, 'checks', 'broken.yaml'), 'id: broken\ntitle: Broken\nseverity: low\nquery: "{ iamUsers(where: { nmae: \\"x\\" }) { id } }"\nexpect: eq []\n');
    const engine = await createEngine({ config, baseDir: dir });
    const broken = await post(createServer(engine), RUN);
    expect(broken.body.errors?.[0]?.extensions?.code).toBe('INVALID_CHECK');
    expect(firstError(broken)).toMatch(/^checks\/broken\.yaml:4:\d+: query: .*nmae/);
    expectNoLocalPaths(broken.body, dir);
    await engine.close();

    const missing = await createEngine({ config: { ...config, exceptions: './no-such-exceptions.yaml' }, baseDir: dir, storedChecks: false });
    const run = await post(createServer(missing), RUN);
    expect(firstError(run)).toBe('no-such-exceptions.yaml: cannot read the exceptions file: no such file');
    expectNoLocalPaths(run.body, dir);
    await missing.close();
  });
});
