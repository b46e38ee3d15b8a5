import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM copies; Node loads the CommonJS one for
    // every package (no "exports" map), so tests must too, or schemas built by
    // one copy are rejected by the other.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Two files at once: most of the slow files wait on child processes (the CLI, awscli, Redis), not on a core.
    maxWorkers: 2,
    // Hooks start endpoints and Redis, and remove copies of the project: slow on a loaded 2-core machine, not stuck.
    hookTimeout: 60_000,
    // Installs Debian's Chromium for the browser tests when it is missing and we may (root, apt-get).
    globalSetup: ['./test/support/debian-packages.setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
