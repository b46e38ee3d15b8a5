import type { CheckRunReport } from '../results.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderOcsf } from './ocsf.js';
import type { RenderOptions } from './options.js';
import { renderSarif } from './sarif.js';
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

/** Renders a run in one of the report formats. */
export function renderReport(report: CheckRunReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTable(report, options);
    case 'json':
      return renderJson(report, options);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report);
    case 'csv':
      return renderCsv(report);
    case 'ocsf':
      return renderOcsf(report);
    case 'html':
      return renderHtml(report, options);
  }
}

export { renderCsv, renderHtml, renderJson, renderJunit, renderOcsf, renderSarif, renderTable };
