/**
 * Child-process entry: `node part.js <part> <data-set.json>` runs one
 * benchmark and sends its result to the parent (bench/run.ts).
 */
import { loadDataSet } from './data-set.js';
import { PARTS } from './parts.js';

const [name, dataSetFile] = process.argv.slice(2);
const load = PARTS[name];
if (!load || !dataSetFile || !process.send) throw new Error('usage: forked by bench/run.ts with <part> <data-set.json>');
const part = await load();
const result = await part.run(loadDataSet(dataSetFile));
process.send(result, () => process.exit(0));
