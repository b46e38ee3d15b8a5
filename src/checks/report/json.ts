import type { CheckDefinition } from '../definition.js';
import type { CheckResult, CheckRunReport, Finding } from '../results.js';
import { jsonChunks } from './json-chunks.js';
import type { RenderOptions } from './options.js';
import { TOOL_NAME, toolVersion } from './tool.js';

/**
 * The documented JSON contract (docs/checks.md): the tool, each check that
 * ran once (remediation and references live there, not in every finding),
 * the results with their account ids, the framework views when asked for,
 * and the summary.
 */
export function renderJson(report: CheckRunReport, options: RenderOptions = {}): string {
  return [...renderJsonChunks(report, options)].join('');
}

/** renderJson in pieces, for a report too large for one string. */
export function* renderJsonChunks(report: CheckRunReport, options: RenderOptions = {}): Generator<string> {
  const body = {
    tool: { name: TOOL_NAME, version: toolVersion() },
    checks: report.checks.map(checkEntry),
    results: report.results.map(resultEntry),
    ...(options.frameworks ? { frameworks: options.frameworks } : {}),
    summary: report.summary,
  };
  yield* jsonChunks(body);
  yield '\n';
}

function checkEntry(check: CheckDefinition) {
  const { id, title, description, severity, subjects, remediation, references, compliance } = check;
  return { id, title, ...(description !== undefined ? { description } : {}), severity, subjects, ...(remediation !== undefined ? { remediation } : {}), references, compliance };
}

function resultEntry(result: CheckResult) {
  const { error, errorCode, findings, ...rest } = result;
  return { ...rest, findings: findings.map(findingEntry), ...(error !== undefined ? { error } : {}), ...(errorCode !== undefined ? { errorCode } : {}) };
}

/** A finding without the check's remediation: it is in `checks`, once. */
function findingEntry(finding: Finding) {
  const { remediation: _once, ...rest } = finding;
  return rest;
}
