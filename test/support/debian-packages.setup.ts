import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { APT_INSTALL, APT_UPDATE, findChromium, type ChromiumStatus } from './chromium-path.js';

/**
 * vitest globalSetup: the browser tests need Debian's `chromium`, the
 * loopback endpoint's wire tests Debian's AWS CLI (/usr/bin/aws), the queue
 * tests `redis-server`. On a fresh machine where we are root with apt-get,
 * install what is missing here, once, before any worker starts (so no two
 * tests race for the dpkg lock); otherwise those tests fail with the exact
 * command to run. Never a skip.
 */
export default function setup(project: TestProject): void {
  installOtherPackages();
  project.provide('chromium', ensureChromium());
}

/** Debian packages besides Chromium, by what shows each is there. */
const PACKAGES: Record<string, string> = { awscli: 'test -x /usr/bin/aws', 'redis-server': 'command -v redis-server' };

function installOtherPackages(): void {
  const missing = Object.entries(PACKAGES).filter(([, present]) => !succeeds(present)).map(([name]) => name);
  if (missing.length === 0 || process.getuid?.() !== 0 || !succeeds('command -v apt-get')) return;
  const command = `${APT_UPDATE} && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  process.stderr.write(`test set-up: installing what the tests use: ${command}\n`);
  // A failure here surfaces in the tests that need the package, with the command to run.
  succeeds(command, 'inherit');
}

function ensureChromium(): ChromiumStatus {
  const found = findChromium();
  if (found) return { path: found };
  const root = process.getuid?.() === 0;
  const apt = succeeds('command -v apt-get');
  if (!apt) return { problem: `no chromium on PATH; the browser tests drive Chromium: install it so that \`chromium\` is on PATH (on Debian or Ubuntu: ${APT_UPDATE} && ${APT_INSTALL})` };
  if (!root) return { problem: `no chromium on PATH; the browser tests drive Debian's Chromium. Run: sudo ${APT_UPDATE} && sudo ${APT_INSTALL}` };

  const command = `${APT_UPDATE} && ${APT_INSTALL}`;
  process.stderr.write(`test set-up: installing Chromium for the browser tests: ${command}\n`);
  const ok = succeeds(command, 'inherit');
  const installed = findChromium();
  if (ok && installed) return { path: installed };
  return { problem: `installing Chromium failed; run it and retry: ${command}` };
}

function succeeds(command: string, output: 'ignore' | 'inherit' = 'ignore'): boolean {
  const child = spawnSync('sh', ['-c', command], { stdio: ['ignore', output, output], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return child.status === 0;
}
