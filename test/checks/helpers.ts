import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';

/** The repository root (tests run from it under vitest, but say so explicitly). */
export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ACCOUNTS = path.join(ROOT, 'test/fixtures/accounts');
export const FIXTURES = path.join(ROOT, 'test/fixtures/checks');
export const DOCUMENTED_CHECK = 'aws-root-users-with-access-key';
/** A clock after every fixture date, so `now-90d` style filters and exception expiry are stable. */
export const NOW = '2024-06-15T00:00:00Z';

/** A fresh temporary folder, removed by `cleanup()`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assetql-checks-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestConfig {
  /** Fixture account folders by connector id; `null` is an empty folder, an account nothing can be read of. */
  accounts?: Record<string, string | null>;
  checks?: string[];
  exceptions?: string;
}

/**
 * Writes a config into `dir` naming fixture accounts by absolute path (so no
 * machine path is committed) and returns its path.
 */
export function writeConfig(dir: string, config: TestConfig = {}): string {
  const accounts = config.accounts ?? { 'key1-active': 'key1-active', 'key2-active': 'key2-active', 'inactive-keys': 'inactive-keys', clean: 'clean' };
  const connectors = Object.entries(accounts).map(([id, folder]) => ({
    id,
    provider: 'aws',
    snapshot: folder === null ? emptyFolder(path.join(dir, 'unreadable-snapshot')) : path.isAbsolute(folder) ? folder : path.join(ACCOUNTS, folder),
  }));
  const file = path.join(dir, 'assetql.config.yaml');
  const body: Record<string, unknown> = { connectors };
  if (config.checks) body.checks = config.checks;
  if (config.exceptions) body.exceptions = config.exceptions;
  writeFileSync(file, dump(body));
  return file;
}

/** Captures what a command writes. */
export function captureIO(options: { isTTY?: boolean } = {}) {
  const io = {
    out: '',
    err: '',
    isTTY: options.isTTY ?? false,
    env: {} as NodeJS.ProcessEnv,
    stdout: { write: (text: string) => ((io.out += text), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((io.err += text), true) } as unknown as NodeJS.WritableStream,
  };
  return io;
}

function emptyFolder(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
