import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

const FIXTURE_CONFIG = path.join(PROJECT_ROOT, 'test/fixtures/accounts/assetql.config.yaml');

describe('check run --now', () => {
  test.each(['March 7, 2024', '1', '2024-02-30', '2024-06-15T24:00:00Z'])('refuses %j, as the DateTime scalar does, naming the option', async (now) => {
    const { code, stdout, stderr } = await assetql(['check', 'run', '--config', FIXTURE_CONFIG, '--now', now]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`assetql: --now "${now}": expected an ISO-8601 date or timestamp (e.g. 2026-01-31 or 2026-01-31T12:00:00Z; no zone means UTC)\n`);
  });
});
