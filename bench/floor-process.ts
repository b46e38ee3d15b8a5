/**
 * The floor as a whole process: `node floor-process.js <dirs.json>` reads
 * each account's report and metadata, checks the root row and prints what
 * `assetql query` prints for the documented query. What a user would write
 * by hand instead of running assetql.
 */
import { readFileSync } from 'node:fs';
import { floorFromFolders } from './floor.js';

const dirs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as string[];
process.stdout.write(`${JSON.stringify({ data: floorFromFolders(dirs) }, null, 2)}\n`);
