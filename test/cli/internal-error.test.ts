import path from 'node:path';
import { expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { PROJECT_ROOT } from '../support/cli.js';

const FIXTURE_CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/accounts/assetql.config.yaml');

test('an unexpected exception is an internal error: exit 3, not the 2 of bad input or unreadable data', async () => {
  let stderr = '';
  const io: CliIO = {
    // A fault no command expects: the first write throws.
    stdout: { write: () => { throw new TypeError('stdout is gone'); } } as unknown as NodeJS.WritableStream,
    stderr: { write: (text: string) => ((stderr += text), true) } as unknown as NodeJS.WritableStream,
    isTTY: false,
    env: {},
  };
  expect(await main(['check', 'list', '--config', FIXTURE_CONFIG], io)).toBe(3);
  expect(stderr).toMatch(/^assetql: internal error: TypeError: stdout is gone\n\s+at /);
});
