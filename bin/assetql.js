#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

// `assetql query ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
