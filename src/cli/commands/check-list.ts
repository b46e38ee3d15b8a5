import { loadStoredChecks } from '../../checks/catalog.js';
import type { CheckDefinition } from '../../checks/definition.js';
import { compareControlIds } from '../../checks/frameworks/definition.js';
import { formatProblem } from '../../checks/problems.js';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { frameworkSelection, type FrameworkSelection } from '../framework-options.js';
import { UsageError, type CliIO } from '../io.js';
import { openEngine, optionalConfig } from './check.js';

export interface CheckListArgs {
  config?: string;
  /** table or json. @default table */
  format?: string;
  /** Only checks mapped to these frameworks; with one, its controls are listed with the checks behind each. */
  framework?: string[];
  /** Only checks mapped to these control ids. */
  control?: string[];
}

/** `assetql check list`: the registered checks, or a framework's controls and their checks; problems of stored files go to stderr (exit 2). */
export async function checkListCommand(args: CheckListArgs, io: Pick<CliIO, 'stdout' | 'stderr'>): Promise<number> {
  const format = args.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format ${format}: expected table or json`);
  const engine = await openEngine(optionalConfig(args.config));
  try {
    const stored = await loadStoredChecks(engine);
    const all = stored.registry.list();
    const selection = await frameworkSelection(args, all.map((c) => c.definition));
    const checks = all.filter((c) => mapsTo(c.definition, selection));
    if (selection.frameworks.length > 0) {
      io.stdout.write(format === 'json' ? `${JSON.stringify(selection.frameworks.map((id) => controlList(id, selection, checks.map((c) => c.definition))), null, 2)}\n` : controlTable(selection, checks.map((c) => c.definition)));
    } else if (format === 'json') {
      const rows = checks.map((c) => ({ ...c.definition, file: c.file === null ? null : stored.label(c.file) }));
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      const rows = checks.map(({ definition }) => [definition.id, definition.severity, definition.title].map(printable));
      const width = Math.max(2, ...rows.map(([id]) => id.length));
      io.stdout.write(`${'ID'.padEnd(width)}  SEVERITY  TITLE\n`);
      for (const [id, severity, title] of rows) io.stdout.write(`${id.padEnd(width)}  ${severity.padEnd(8)}  ${title}\n`);
    }
    for (const problem of stored.problems) io.stderr.write(`${printable(formatProblem(problem))}\n`);
    return stored.problems.length === 0 ? EXIT.ok : EXIT.error;
  } finally {
    await engine.close();
  }
}

function mapsTo(check: CheckDefinition, selection: FrameworkSelection): boolean {
  if (selection.frameworks.length === 0 && selection.controls.length === 0) return true;
  return Object.entries(check.compliance).some(
    ([framework, ids]) => (selection.frameworks.length === 0 || selection.frameworks.includes(framework)) && (selection.controls.length === 0 || ids.some((id) => selection.controls.includes(id))),
  );
}

/** A framework's controls (narrowed by `--control`), each with the checks mapped to it, for the json listing. */
function controlList(id: string, selection: FrameworkSelection, checks: readonly CheckDefinition[]) {
  const definition = selection.definitions.get(id);
  const listed = definition?.controls ?? [];
  const extra = [...new Set(checks.flatMap((c) => c.compliance[id] ?? []))].filter((c) => !listed.some((l) => l.id === c)).sort(compareControlIds);
  const controls = [...listed.map((c) => ({ ...c, assessment: c.assessment as string | null })), ...extra.map((c) => ({ id: c, title: '', section: '', assessment: null }))]
    .filter((c) => selection.controls.length === 0 || selection.controls.includes(c.id))
    .map((c) => ({ ...c, checks: checks.filter((check) => check.compliance[id]?.includes(c.id)).map((check) => check.id) }));
  return { id, title: definition?.title ?? id, controls };
}

function controlTable(selection: FrameworkSelection, checks: readonly CheckDefinition[]): string {
  const out: string[] = [];
  for (const id of selection.frameworks) {
    const list = controlList(id, selection, checks);
    const width = Math.max(7, ...list.controls.map((c) => c.id.length));
    out.push(printable(`${list.title} (${list.id})`), `${'CONTROL'.padEnd(width)}  ASSESSMENT  TITLE`);
    for (const control of list.controls) {
      out.push(printable(`${control.id.padEnd(width)}  ${(control.assessment ?? '-').padEnd(10)}  ${control.title}`));
      const behind = control.checks.length > 0 ? control.checks : [control.assessment === 'manual' ? '(manual: no check)' : '(no check)'];
      for (const check of behind) out.push(`    ${printable(check)}`);
    }
    const covered = list.controls.filter((c) => c.checks.length > 0).length;
    out.push(`${list.controls.length} controls, ${covered} with checks`, '');
  }
  return `${out.join('\n')}`;
}
