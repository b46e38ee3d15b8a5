#!/usr/bin/env node
// The bundled CLI (rolldown.config.js): one file to load instead of hundreds of modules.
import { main } from '../dist/cli/main.js';

// `assetql query ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
// Every command has finished its work when main returns: exit once stdout and stderr have taken
// their last writes, rather than wait for V8's last incremental GC and the heap's teardown.
process.stdout.write('', () => process.stderr.write('', () => process.exit()));
