import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';
import './chromium-path.js';

/**
 * Launches the Chromium the test set-up (debian-packages.setup.ts) found or
 * installed, or fails with the command to run when there is none.
 * A fresh temporary profile each time, and nothing that phones home.
 */
export async function launchChromium(): Promise<Browser> {
  const status = inject('chromium');
  if ('problem' in status) throw new Error(status.problem);
  return chromium.launch({
    executablePath: status.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
