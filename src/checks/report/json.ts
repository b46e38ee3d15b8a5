import type { CheckRunReport } from '../results.js';

/**
 * The documented JSON contract: `{"results": [...], "summary": {...}}`.
 * Only those two keys, so the shape stays stable for scripts.
 */
export function renderJson(report: CheckRunReport): string {
  return `${JSON.stringify({ results: report.results, summary: report.summary }, null, 2)}\n`;
}
