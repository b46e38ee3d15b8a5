import type { CheckDefinition } from '../checks/definition.js';
import { loadBundledFrameworks, type Framework } from '../checks/frameworks/definition.js';
import { CONTROL_STATUSES, frameworkView, summarize, type ControlStatus, type FrameworkView } from '../checks/frameworks/view.js';
import type { CheckResult, CheckRunReport, CheckStatus } from '../checks/results.js';
import { UsageError } from './io.js';

const RESULT_STATUSES: readonly CheckStatus[] = ['PASS', 'FAIL', 'ERROR', 'WAIVED'];

export interface FrameworkArgs {
  /** `--framework ID`, repeatable. */
  framework?: readonly string[];
  /** `--control ID`, repeatable. */
  control?: readonly string[];
  /** `--status STATUS`, repeatable. */
  status?: readonly string[];
}

/** What `--framework`, `--control` and `--status` select, checked against the bundled frameworks and the registered checks. */
export interface FrameworkSelection {
  frameworks: string[];
  controls: string[];
  /** Empty: every status. */
  statuses: Set<CheckStatus | ControlStatus>;
  definitions: Map<string, Framework>;
}

/**
 * Reads the three options. A framework must be bundled or named by some
 * check's `compliance:`; a control must belong to a selected framework (or,
 * without `--framework`, be named by some check); MANUAL and NOT_COVERED are
 * statuses of framework controls only. A typo is an error, never an empty run.
 */
export async function frameworkSelection(args: FrameworkArgs, checks: readonly CheckDefinition[]): Promise<FrameworkSelection> {
  const definitions = await loadBundledFrameworks();
  const mapped = new Map<string, Set<string>>();
  for (const check of checks) for (const [framework, controls] of Object.entries(check.compliance)) mapped.set(framework, new Set([...(mapped.get(framework) ?? []), ...controls]));

  const frameworks = [...new Set(args.framework ?? [])];
  for (const id of frameworks) {
    if (definitions.has(id) || mapped.has(id)) continue;
    throw new UsageError(`--framework ${id}: no such framework; bundled: ${[...definitions.keys()].join(', ')}; named by checks: ${[...mapped.keys()].sort().join(', ') || 'none'}`);
  }
  const controls = [...new Set(args.control ?? [])];
  const scope = frameworks.length > 0 ? frameworks : [...mapped.keys()];
  for (const control of controls) {
    const known = scope.some((id) => mapped.get(id)?.has(control) || (frameworks.includes(id) && definitions.get(id)?.controls.some((c) => c.id === control)));
    if (!known) throw new UsageError(`--control ${control}: ${frameworks.length > 0 ? `not a control of ${frameworks.join(', ')}` : 'no check maps to it; pass --framework to choose among a framework\'s controls'}`);
  }
  const allowed: readonly string[] = frameworks.length > 0 ? [...RESULT_STATUSES, ...CONTROL_STATUSES] : RESULT_STATUSES;
  const statuses = new Set(
    (args.status ?? []).map((value) => {
      const status = value.toUpperCase().replace('-', '_');
      if (!allowed.includes(status)) throw new UsageError(`--status ${value}: expected one of ${allowed.join(', ')}${frameworks.length > 0 ? '' : ' (MANUAL and NOT_COVERED need --framework)'}`);
      return status as CheckStatus | ControlStatus;
    }),
  );
  return { frameworks, controls, statuses, definitions };
}

/**
 * The framework views of a run: the selected frameworks, else every bundled
 * framework a check of the run maps to; narrowed to `--control` and
 * `--status`.
 */
export function viewsOf(selection: FrameworkSelection, report: CheckRunReport): FrameworkView[] {
  const ids = selection.frameworks.length > 0 ? selection.frameworks : [...selection.definitions.keys()].filter((id) => report.checks.some((check) => id in check.compliance));
  return ids.map((id) => {
    const view = frameworkView(selection.definitions.get(id) ?? { id }, report.checks, report.results);
    const controls = view.controls.filter((c) => (selection.controls.length === 0 || selection.controls.includes(c.id)) && (selection.statuses.size === 0 || selection.statuses.has(c.status)));
    return { ...view, controls, summary: summarize(controls) };
  });
}

/** The results `--status` asks to see; the summary (and the exit code) stay those of the whole run. */
export function shownResults(selection: FrameworkSelection, results: readonly CheckResult[]): CheckResult[] {
  return selection.statuses.size === 0 ? [...results] : results.filter((r) => selection.statuses.has(r.status));
}
