import type { CheckRunReport } from '../results.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export const REPORT_FORMATS = ['table', 'json', 'junit', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderOptions {
  /** ANSI colours in the table (a terminal). @default false */
  color?: boolean;
}

/** Renders a run in one of the report formats. */
export function renderReport(report: CheckRunReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTable(report, options);
    case 'json':
      return renderJson(report);
    case 'junit':
      return renderJunit(report);
    case 'sarif':
      return renderSarif(report);
  }
}

export { renderJson, renderJunit, renderSarif, renderTable };
