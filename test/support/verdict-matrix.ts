import { expect, it } from 'vitest';
import type { CheckResult, CheckRunReport } from '../../src/checks/results.js';

/** How a check comes out on an account in a matrix: the names at fault, or `ERROR <code>`; a check not named must PASS. */
export type Outcome = string[] | `ERROR ${string}`;

/** The same outcome for several checks. */
export const every = (ids: readonly string[], outcome: Outcome): Record<string, Outcome> => Object.fromEntries(ids.map((id) => [id, outcome]));

/** A result as the matrices write it. */
export const outcomeOf = (r: CheckResult): Outcome | 'PASS' =>
  r.status === 'FAIL' ? r.findings.map((f) => f.name ?? f.resource).sort() : r.status === 'ERROR' ? `ERROR ${r.errorCode}` : (r.status as 'PASS');

/** One check's result on one account, or a failure saying it is missing. */
export function resultOf(report: CheckRunReport, connector: string, check: string): CheckResult {
  const result = report.results.find((r) => r.connector === connector && r.check === check);
  if (!result) throw new Error(`no result for ${check} on ${connector}`);
  return result;
}

/**
 * The tests of a pack's verdict matrix, inside the caller's `describe`: each
 * check ran once per account; on each account every check comes out exactly
 * as expected (a check not named must PASS; a list of assets is compared
 * sorted); and every check both passes and fails somewhere, so none can pass
 * by never looking.
 */
export function verdictMatrixTests<Outcome>(
  report: () => CheckRunReport,
  ids: readonly string[],
  expected: Readonly<Record<string, Readonly<Record<string, Outcome>>>>,
  outcomeOf: (result: CheckResult) => unknown,
): void {
  it('runs each check once per account', () => {
    expect(report().results).toHaveLength(ids.length * Object.keys(expected).length);
  });

  for (const [connector, outcomes] of Object.entries(expected)) {
    it(`${connector}: ${Object.keys(outcomes).length === 0 ? 'every check passes' : 'fails or errors exactly where expected'}`, () => {
      const results = report().results.filter((r) => r.connector === connector);
      const actual = Object.fromEntries(ids.map((id) => [id, outcomeOf(found(results, connector, id))]));
      const wanted = Object.fromEntries(ids.map((id) => [id, outcomes[id] === undefined ? 'PASS' : Array.isArray(outcomes[id]) ? [...(outcomes[id] as unknown[])].sort() : outcomes[id]]));
      expect(actual).toEqual(wanted);
    });
  }

  it('has an account that passes and one that fails for every check', () => {
    for (const id of ids) {
      const statuses = new Set(report().results.filter((r) => r.check === id).map((r) => r.status));
      expect([...statuses].sort(), id).toEqual(expect.arrayContaining(['FAIL', 'PASS']));
    }
  });
}

function found(results: readonly CheckResult[], connector: string, check: string): CheckResult {
  const result = results.find((r) => r.check === check);
  if (!result) throw new Error(`no result for ${check} on ${connector}`);
  return result;
}
