import { createColors } from 'picocolors';
import { describeUnknownIds } from '../exceptions.js';
import type { ControlStatus, FrameworkView } from '../frameworks/view.js';
import { INTERNAL_ERROR, type CheckResult, type CheckRunReport, type CheckStatus, type Finding } from '../results.js';
import { firstSentence } from './first-sentence.js';
import type { RenderOptions } from './options.js';
import { printable } from './printable.js';

type Colors = ReturnType<typeof createColors>;
type Paint = (text: string) => string;

const STATUS_PAINT: Record<CheckStatus | ControlStatus, (c: Colors) => Paint> = {
  PASS: (c) => c.green,
  FAIL: (c) => c.red,
  ERROR: (c) => c.magenta,
  WAIVED: (c) => c.yellow,
  MANUAL: (c) => c.cyan,
  NOT_COVERED: (c) => c.dim,
};

/**
 * A table for people: one row per check and account, findings and errors
 * beneath, then a summary and the stale and unknown exceptions; or, for a
 * framework, one row per control with the checks and accounts behind it.
 * Every value is made printable before it is laid out, so a hostile name can
 * neither move the cursor nor forge a row. Colours come from picocolors, on
 * only when the caller says the terminal wants them.
 */
export function renderTable(report: CheckRunReport, options: RenderOptions = {}): string {
  const colors = createColors(options.color ?? false);
  const body = options.tableView === 'frameworks' ? (options.frameworks ?? []).flatMap((view) => frameworkRows(view, colors)) : checkRows(report, colors);
  return `${[...body, '', ...footer(report, colors)].join('\n')}\n`;
}

function checkRows(report: CheckRunReport, colors: Colors): string[] {
  const header = ['STATUS', 'SEVERITY', 'CHECK', 'CONNECTOR', 'FINDINGS'];
  const rows = report.results.map((r) => [r.status, r.severity, r.check, r.connector, r.status === 'ERROR' ? '-' : String(r.findings.length)].map(printable));
  const line = columns(header, rows);
  const out: string[] = [colors.bold(line(header))];
  report.results.forEach((result, i) => {
    out.push(line(rows[i], STATUS_PAINT[result.status](colors)));
    out.push(...details(result).map((text) => `    ${printable(text)}`));
  });
  return out;
}

function frameworkRows(view: FrameworkView, colors: Colors): string[] {
  const header = ['CONTROL', 'STATUS', 'TITLE'];
  const rows = view.controls.map((c) => [c.id, c.status, c.title].map(printable));
  const line = columns(header, rows);
  const out = [colors.bold(printable(`${view.title} (${view.id})`)), colors.bold(line(header))];
  view.controls.forEach((control, i) => {
    out.push(line(rows[i], STATUS_PAINT[control.status](colors)));
    for (const check of control.checks) {
      const accounts = (['FAIL', 'ERROR', 'WAIVED', 'PASS'] as const)
        .map((status) => [status, check.results.filter((r) => r.status === status).map((r) => r.connector)] as const)
        .filter(([, connectors]) => connectors.length > 0)
        .map(([status, connectors]) => `${status} ${connectors.join(', ')}`);
      out.push(`    ${printable(`${check.check}: ${accounts.length ? accounts.join('; ') : 'not run'}`)}`);
    }
    if (control.assessment === 'manual' && control.checks.length > 0) out.push('    manual control: the checks can show it failed, a person decides that it holds');
  });
  const counts = Object.entries(view.summary).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status.toLowerCase().replace('_', ' ')}`);
  out.push(`${plural(view.controls.length, 'control')}: ${counts.join(', ')}`);
  return out;
}

/** Pads every column but the last to its widest cell; paints the first when asked. */
function columns(header: readonly string[], rows: readonly string[][]): (cells: readonly string[], paint?: Paint) => string {
  // A fold, not Math.max(...cells): a run of 5,000 accounts has more rows than a call takes arguments.
  const widths = header.map((h, i) => rows.reduce((widest, row) => Math.max(widest, row[i].length), h.length));
  return (cells, paint) =>
    cells
      .map((cell, i) => {
        const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]);
        return i === 0 && paint ? paint(padded) : padded;
      })
      .join('  ');
}

function footer(report: CheckRunReport, colors: Colors): string[] {
  const s = report.summary;
  const out = [`${plural(s.results, 'result')} (${plural(s.checks, 'check')} x ${plural(s.connectors, 'account')}): ${s.pass} passed, ${s.fail} failed, ${plural(s.error, 'error')}, ${s.waived} waived  [as of ${s.now}]`];
  for (const stale of s.staleExceptions) {
    const what = [stale.check, stale.account ?? stale.connector, stale.resource].filter(Boolean).join(' / ');
    out.push(colors.yellow(printable(`stale exception ${stale.source}: ${what} (owner ${stale.owner}) matches no finding${stale.expired ? `; it expired ${day(stale.expires)}` : ''}`)));
  }
  for (const unknown of s.unknownExceptions) {
    out.push(colors.yellow(printable(`unknown exception ${unknown.source} (owner ${unknown.owner}): ${describeUnknownIds(unknown)}; it waives nothing`)));
  }
  return out;
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
  const extras = [finding.name !== finding.resource ? finding.name : null, finding.accountId && finding.accountId !== finding.resource ? `account ${finding.accountId}` : null].filter(Boolean);
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
