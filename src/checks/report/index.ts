import type { CheckRunReport } from '../results.js';
import { renderCsv, renderCsvChunks } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderJunit, renderJunitChunks } from './junit.js';
import { renderOcsf, renderOcsfChunks } from './ocsf.js';
import type { RenderOptions } from './options.js';
import { renderSarif, renderSarifChunks } from './sarif.js';
import { renderTable } from './table.js';

export const REPORT_FORMATS = ['table', 'json', 'junit', 'sarif', 'csv', 'ocsf', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export type { RenderOptions };

/** The file name each format gets in `--output-dir`. */
export const REPORT_FILE_NAMES: Record<ReportFormat, string> = {
  table: 'assetql-report.txt',
  json: 'assetql-report.json',
  junit: 'assetql-report.junit.xml',
  sarif: 'assetql-report.sarif',
  csv: 'assetql-report.csv',
  ocsf: 'assetql-report.ocsf.json',
  html: 'assetql-report.html',
};

/** Renders a run in one of the report formats, as one string (see reportChunks for large runs). */
export function renderReport(report: CheckRunReport, format: ReportFormat, options: RenderOptions = {}): string {
  return [...reportChunks(report, format, options)].join('');
}

/**
 * A report as pieces to write one after another: the JSON, CSV and JUnit
 * reports of a run over thousands of accounts are larger than one string can be.
 */
export function reportChunks(report: CheckRunReport, format: ReportFormat, options: RenderOptions = {}): Iterable<string> {
  switch (format) {
    case 'table':
      return [renderTable(report, options)];
    case 'json':
      return renderJsonChunks(report, options);
    case 'junit':
      return renderJunitChunks(report);
    case 'sarif':
      return renderSarifChunks(report);
    case 'csv':
      return renderCsvChunks(report);
    case 'ocsf':
      return renderOcsfChunks(report);
    case 'html':
      return [renderHtml(report, options)];
  }
}

export { renderCsv, renderHtml, renderJson, renderJunit, renderOcsf, renderSarif, renderTable };
