import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** What installs the Chromium the browser tests drive (as .ci/run does). */
export const APT_UPDATE = 'apt-get update';
export const APT_INSTALL = 'apt-get install -y --no-install-recommends chromium';

/** What the test set-up found: a Chromium to launch, or why there is none and what to run. */
export type ChromiumStatus = { path: string } | { problem: string };

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumStatus;
  }
}

/** `chromium` on PATH (Debian installs /usr/bin/chromium), or null. */
export function findChromium(searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}
