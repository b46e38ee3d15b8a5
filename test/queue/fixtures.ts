import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activeKey, credentialReportCsv, type FakeAccountInput } from '../support/aws-endpoint/index.js';
import { BIN, PROJECT_ROOT } from '../support/cli.js';

/** The management account's own key; every other account is reached through AssumeRole. */
export const BASE_KEY = 'AKIAQUEUEMANAGEMENT1';
export const NOW = '2026-06-01T00:00:00Z';

/** Account `index` of the made-up Organization: 12 digits, distinct. */
export const accountId = (index: number) => String(300_000_000_000 + index * 7919);

/**
 * An Organization of `count` made-up accounts: every 10th root user has an
 * active key (FAIL), every 7th account has no password policy, the rest
 * vary, so the report holds PASS, FAIL and (with faults) ERROR.
 */
export function organization(count: number): FakeAccountInput[] {
  return Array.from({ length: count }, (_, index) => {
    const id = accountId(index);
    return {
      id,
      name: `account-${index}`,
      accessKeyId: index === 0 ? BASE_KEY : undefined,
      // A report from a minute ago is reused: no polling, which would measure the wait rather than the queue.
      existingReportAgeMs: 60_000,
      credentialReport: credentialReportCsv(id, { ...(index % 10 === 3 ? { root: activeKey(1) } : {}), users: [{ user: `deploy-${index}`, ...activeKey(index % 3 === 0 ? 2 : 1) }] }),
      passwordPolicy: index % 7 === 0 ? null : { MinimumPasswordLength: 8 + (index % 8), RequireSymbols: index % 2 === 0 },
      summary: { AccountAccessKeysPresent: index % 10 === 3 ? 1 : 0, AccountMFAEnabled: index % 4 === 0 ? 0 : 1, Users: 1 },
    };
  });
}

/** A folder with a config discovering the Organization and an exception waiving one account's finding. */
export function organizationConfig(waived: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-queue-'));
  // 32 accounts at once: the single process's baseline takes less of the test's time.
  writeFileSync(path.join(dir, 'assetql.config.yaml'), 'concurrency: 32\nconnectors:\n  - discover: organization\nexceptions: ./exceptions.yaml\n');
  writeFileSync(
    path.join(dir, 'exceptions.yaml'),
    `exceptions:\n  - check: aws-root-users-with-access-key\n    connector: "${waived}"\n    owner: platform@example.com\n    reason: bootstrap key, rotation tracked\n    expires: 2027-01-01\n`,
  );
  return dir;
}

/** Every report format of a run, by file name: what a comparison of two runs compares. */
export const EVERY_FORMAT = ['table', 'json', 'junit', 'sarif', 'csv', 'ocsf', 'html'].flatMap((format) => ['--format', format]);

/**
 * Every report of a folder, by file name. AWS request ids (in the messages
 * of ERROR results) differ between any two runs, one process or many: they
 * are the one thing masked.
 */
export function readReports(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((file) => [file, readFileSync(path.join(dir, file), 'utf8').replace(/request id [0-9a-f-]{36}/g, 'request id <masked>')]));
}

export interface RunningProcess {
  child: ChildProcess;
  /** What it printed on stderr so far. */
  stderr(): string;
  stdout(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stderr matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** `assetql ...args` as a long-running process (a worker, a coordinator to be signalled), the built bin as users run it. */
export function startAssetql(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    for (const waiter of [...waiters]) if (waiter.pattern.test(stderr)) waiter.resolve();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      if (pattern.test(stderr)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} on stderr of assetql ${args.join(' ')} within ${timeoutMs} ms; it printed:\n${stderr}`)), timeoutMs);
        const waiter = { pattern, resolve: () => (clearTimeout(timer), waiters.splice(waiters.indexOf(waiter), 1), resolve()) };
        waiters.push(waiter);
        void exited.then(() => {
          if (!pattern.test(stderr)) {
            clearTimeout(timer);
            reject(new Error(`assetql ${args.join(' ')} exited before printing ${pattern}; it printed:\n${stderr}`));
          }
        });
      });
    },
  };
}

/** A worker on the queue, ready once it says so. */
export async function startWorker(queue: string, extra: string[] = []): Promise<RunningProcess> {
  const worker = startAssetql(['worker', '--queue', queue, ...extra]);
  await worker.waitFor(/scanning accounts from/);
  return worker;
}
