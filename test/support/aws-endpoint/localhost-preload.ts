/**
 * Loaded with `node --import` (NODE_OPTIONS) into the processes a test or a
 * trial starts against the loopback endpoint (the built CLI), so that they
 * reach S3 and S3 Control under `localhost` as the test's own process does.
 */
import { resolveLocalhostNames } from './localhost-names.js';

resolveLocalhostNames();
