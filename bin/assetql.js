#!/usr/bin/env node
// The bundled CLI (rolldown.config.js): one file to load instead of hundreds of modules.
import { main } from '../dist/cli/main.js';

// `assetql query ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
