/**
 * Part 5: credential report parsing speed against the CSV library's own, on
 * the same bytes already in memory (file reads are not timed).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { CREDENTIAL_REPORT_COLUMNS, CredentialReport, fieldOf } from '../src/model/iam-credential-report/report.js';
import { SNAPSHOT_FILES } from './snapshot-files.js';
import type { DataSet } from './data-set.js';
import { measure, type Timing } from './measure.js';
import { formatCount, formatMs, formatRatio, table } from './table.js';

export interface ParsingCase {
  name: string;
  what: string;
  timing: Timing;
}

export interface ParsingResult {
  reports: number;
  rows: number;
  megabytes: number;
  cases: ParsingCase[];
}

const FIELDS = CREDENTIAL_REPORT_COLUMNS.map(fieldOf);

export async function run(data: DataSet): Promise<ParsingResult> {
  const dirs = data.accountDirs.slice(0, Math.max(...data.engineSizes));
  const reports = await Promise.all(dirs.map((dir) => readFile(path.join(dir, SNAPSHOT_FILES.credentialReport), 'utf8')));
  const megabytes = reports.reduce((sum, csv) => sum + Buffer.byteLength(csv), 0) / 1e6;
  const source = (csv: string) => ({ csv, generatedAt: null, origin: 'bench' });
  let rows = 0;
  for (const csv of reports) rows += new CredentialReport('bench', source(csv)).rows().length;

  // Results go to a sink so no engine can drop work whose result is unused.
  let sink = 0;
  const cases: { name: string; what: string; task: () => void }[] = [
    {
      name: 'd3-dsv csvParseRows',
      what: 'the CSV library alone: every row split into string cells',
      task: () => {
        for (const csv of reports) sink += csvParseRows(csv).length;
      },
    },
    {
      name: 'assetql rows()',
      what: 'CredentialReport: header check, the same csvParseRows, every cell of every row checked and typed (placeholders, booleans, timestamps)',
      task: () => {
        for (const csv of reports) sink += new CredentialReport('bench', source(csv)).rows().length;
      },
    },
    {
      name: 'assetql rows() + every field read',
      what: 'as above, then all 22 typed fields of every row read once',
      task: () => {
        for (const csv of reports) {
          for (const row of new CredentialReport('bench', source(csv)).rows()) {
            for (const field of FIELDS) if ((row as unknown as Record<string, unknown>)[field] != null) sink++;
          }
        }
      },
    },
    {
      name: 'assetql root()',
      what: 'what the documented query parses: the header and the root line only',
      task: () => {
        for (const csv of reports) if (new CredentialReport('bench', source(csv)).root()) sink++;
      },
    },
  ];
  const measured: ParsingCase[] = [];
  for (const { name, what, task } of cases) measured.push({ name, what, timing: await measure(task, { warmup: 1, runs: 5 }) });
  if (sink === 0) throw new Error('nothing parsed');
  return { reports: reports.length, rows, megabytes, cases: measured };
}

export function format(result: ParsingResult): string {
  const library = result.cases[0].timing.medianMs;
  return table(
    `5. Parsing ${formatCount(result.reports)} credential reports (${result.megabytes.toFixed(1)} MB, ${formatCount(result.rows)} rows) from memory`,
    ['parser', 'median ms', 'MB/s', 'vs library'],
    result.cases.map((c) => [
      c.name,
      formatMs(c.timing.medianMs),
      (result.megabytes / (c.timing.medianMs / 1000)).toFixed(0),
      formatRatio(c.timing.medianMs / library),
    ]),
  );
}
