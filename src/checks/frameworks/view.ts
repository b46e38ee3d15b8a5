import type { CheckDefinition } from '../definition.js';
import type { CheckResult, CheckStatus } from '../results.js';
import { compareControlIds, type Assessment, type Framework } from './definition.js';

/**
 * A control's status across every account and check behind it, most
 * serious first: FAIL (some check failed somewhere), ERROR (some result could
 * not be had and none failed), MANUAL (the framework says a person decides;
 * checks found nothing against it), WAIVED (failures covered by live
 * exceptions), PASS (every check passed on every account), NOT_COVERED (no
 * check of this run decides it). Never PASS where something could not be read.
 */
export const CONTROL_STATUSES = ['FAIL', 'ERROR', 'MANUAL', 'WAIVED', 'PASS', 'NOT_COVERED'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface ControlCheck {
  check: string;
  title: string;
  /** One per account the check ran on. */
  results: { connector: string; accountId: string | null; status: CheckStatus }[];
}

export interface ControlView {
  id: string;
  title: string;
  section: string;
  /** As the framework classifies it; null for a control id that checks map to but the definition does not list. */
  assessment: Assessment | null;
  status: ControlStatus;
  checks: ControlCheck[];
}

export interface FrameworkView {
  id: string;
  title: string;
  controls: ControlView[];
  /** Controls per status. */
  summary: Record<ControlStatus, number>;
}

/**
 * Rolls a run up per control of a framework. Every control of the
 * definition is listed (a framework without a bundled definition lists the
 * controls its checks map to); controls that checks map to but the
 * definition lacks are listed after it, so a mistyped id is seen, not lost.
 */
export function frameworkView(framework: Framework | { id: string; title?: undefined; controls?: undefined }, checks: readonly CheckDefinition[], results: readonly CheckResult[]): FrameworkView {
  const mapped = new Map<string, CheckDefinition[]>();
  for (const check of checks) {
    for (const control of check.compliance[framework.id] ?? []) mapped.set(control, [...(mapped.get(control) ?? []), check]);
  }
  const listed = framework.controls ?? [];
  const known = new Set(listed.map((control) => control.id));
  const extra = [...mapped.keys()].filter((id) => !known.has(id)).sort(compareControlIds);
  const rows = [
    ...listed.map((control) => ({ ...control, assessment: control.assessment as Assessment | null })),
    ...extra.map((id) => ({ id, title: framework.controls ? `not a control of ${framework.id}` : '', section: '', assessment: null })),
  ];

  // Grouped once: filtering every result for each check of each control grew as checks x results.
  const byCheck = new Map<string, ControlCheck['results']>();
  for (const r of results) {
    let own = byCheck.get(r.check);
    if (!own) byCheck.set(r.check, (own = []));
    own.push({ connector: r.connector, accountId: r.accountId, status: r.status });
  }
  const controls = rows.map((control): ControlView => {
    const behind = (mapped.get(control.id) ?? []).map((check) => ({
      check: check.id,
      title: check.title,
      results: (byCheck.get(check.id) ?? []).slice(),
    }));
    return { ...control, status: rollUp(control.assessment, behind.flatMap((c) => c.results.map((r) => r.status))), checks: behind };
  });
  return { id: framework.id, title: framework.title ?? framework.id, controls, summary: summarize(controls) };
}

/** Controls per status. */
export function summarize(controls: readonly ControlView[]): Record<ControlStatus, number> {
  return Object.fromEntries(CONTROL_STATUSES.map((status) => [status, controls.filter((c) => c.status === status).length])) as Record<ControlStatus, number>;
}

function rollUp(assessment: Assessment | null, statuses: readonly CheckStatus[]): ControlStatus {
  if (statuses.includes('FAIL')) return 'FAIL';
  if (statuses.includes('ERROR')) return 'ERROR';
  if (assessment === 'manual') return 'MANUAL';
  if (statuses.length === 0) return 'NOT_COVERED';
  if (statuses.includes('WAIVED')) return 'WAIVED';
  return 'PASS';
}
