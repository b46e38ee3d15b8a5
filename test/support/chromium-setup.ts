import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { APT_INSTALL, APT_UPDATE, findChromium, type ChromiumStatus } from './chromium-path.js';

/**
 * vitest globalSetup: the browser tests need Debian's `chromium`. On a fresh
 * machine where we are root with apt-get, install it here, once, before any
 * worker starts (so two browser tests never race for the dpkg lock);
 * otherwise the browser tests fail with the exact command to run. Never a skip.
 */
export default function setup(project: TestProject): void {
  project.provide('chromium', ensureChromium());
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
