import { describeUnknownIds } from '../exceptions.js';
import { INTERNAL_ERROR, type CheckResult, type CheckRunReport, type CheckStatus, type Finding } from '../results.js';
import { firstSentence } from './first-sentence.js';
import { printable } from './printable.js';

export interface TableOptions {
  /** ANSI colours (a terminal). @default false */
  color?: boolean;
}

const STATUS_COLOUR: Record<CheckStatus, string> = { PASS: '32', FAIL: '31', ERROR: '35', WAIVED: '33' };

/**
 * A table for people: one row per check and account, findings and errors
 * beneath, then a summary and the stale and unknown exceptions. Every value
 * is made printable before it is laid out, so a hostile name can neither
 * move the cursor nor forge a row.
 */
export function renderTable(report: CheckRunReport, options: TableOptions = {}): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const header = ['STATUS', 'SEVERITY', 'CHECK', 'CONNECTOR', 'FINDINGS'];
  const rows = report.results.map((r) => [r.status, r.severity, r.check, r.connector, r.status === 'ERROR' ? '-' : String(r.findings.length)].map(printable));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[], colour?: string) =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]);
        return i === 0 && colour ? paint(colour, padded) : padded;
      })
      .join('  ');

  const out: string[] = [paint('1', line(header))];
  report.results.forEach((result, i) => {
    out.push(line(rows[i], STATUS_COLOUR[result.status]));
    out.push(...details(result).map((text) => `    ${printable(text)}`));
  });

  const s = report.summary;
  out.push('');
  out.push(`${plural(s.results, 'result')} (${plural(s.checks, 'check')} x ${plural(s.connectors, 'account')}): ${s.pass} passed, ${s.fail} failed, ${plural(s.error, 'error')}, ${s.waived} waived  [as of ${s.now}]`);
  for (const stale of s.staleExceptions) {
    const what = [stale.check, stale.connector, stale.resource].filter(Boolean).join(' / ');
    out.push(paint('33', printable(`stale exception ${stale.source}: ${what} (owner ${stale.owner}) matches no finding${stale.expired ? `; it expired ${day(stale.expires)}` : ''}`)));
  }
  for (const unknown of s.unknownExceptions) {
    out.push(paint('33', printable(`unknown exception ${unknown.source} (owner ${unknown.owner}): ${describeUnknownIds(unknown)}; it waives nothing`)));
  }
  return `${out.join('\n')}\n`;
}

function details(result: CheckResult): string[] {
  if (result.status === 'ERROR' && result.errorCode === INTERNAL_ERROR) return [`internal error (a fault in assetql, not in the account's data): ${result.error ?? 'unknown error'}`];
  if (result.status === 'ERROR') return [`error: ${result.error ?? 'unknown error'}`];
  const lines = result.findings.map(describeFinding);
  // The first sentence of the remediation is the hint; the full markdown is in the other reports.
  const remediation = result.status === 'FAIL' ? result.findings[0]?.remediation : undefined;
  const hint = remediation ? firstSentence(remediation) : '';
  if (hint) lines.push(`remediation: ${hint}`);
  return lines;
}

function describeFinding(finding: Finding): string {
  const extras = [finding.name !== finding.resource ? finding.name : null, finding.accountId ? `account ${finding.accountId}` : null].filter(Boolean);
  const named = extras.length > 0 ? `${finding.resource} (${extras.join(', ')})` : finding.resource;
  const exception = finding.exception;
  if (!exception) return `- ${named}`;
  if (exception.state === 'active') return `- ${named}  waived until ${day(exception.expires)} by ${exception.owner}: ${exception.reason}`;
  return `- ${named}  exception ${exception.source} (owner ${exception.owner}) expired ${day(exception.expires)}`;
}

/** ISO instant → its date, the way exceptions are usually written. */
function day(iso: string): string {
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
