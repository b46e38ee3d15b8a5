import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseInstant } from '../time/instant.js';
import { fsReason } from './fs-reason.js';
import { parseYaml } from './load-file.js';
import { CheckValidationError, formatFieldPath, type CheckProblem } from './problems.js';
import type { UnknownException } from './results.js';
import { YamlLocations } from './yaml-locations.js';

/**
 * An approved exception: findings of `check` on `connector` (only `resource`,
 * when given) are waived until `expires`. Owner and expiry are required, so
 * every waiver has someone answerable for it and an end.
 */
export interface CheckException {
  check: string;
  connector: string;
  /** The finding's resource (ARN, or asset id); absent = every finding of the check on that account. */
  resource?: string;
  owner: string;
  reason: string;
  /** The instant it stops waiving. A date alone means the start of that day, UTC. */
  expires: Date;
  /** Where it is written, e.g. `exceptions.yaml:12`, so a report can say which exception. */
  source: string;
}

const EXPIRY = 'a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)';

const exceptionSchema = z.strictObject({
  check: z.string().min(1),
  connector: z.string().min(1),
  resource: z.string().min(1).optional(),
  owner: z.string().trim().min(1, 'must not be empty'),
  reason: z.string().trim().min(1, 'must not be empty'),
  // The shared instant parser: real calendar dates only, and no zone means UTC whatever the machine's zone.
  expires: z.string({ message: EXPIRY }).transform((text, ctx) => {
    const ms = parseInstant(text.trim());
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not ${EXPIRY}` });
      return z.NEVER;
    }
    return new Date(ms);
  }),
});

const fileSchema = z.strictObject({ exceptions: z.array(z.unknown()).nullable().default([]) });

/**
 * Parses an exceptions file; throws `CheckValidationError` listing every
 * malformed entry with its line. `file` is how problems and each exception's
 * `source` name the file (relative to the config's folder, say).
 */
export function parseExceptions(text: string, file: string): CheckException[] {
  const parsed = parseYaml(text, file);
  if ('problem' in parsed) throw new CheckValidationError([parsed.problem]);
  const locations = new YamlLocations(text);
  const problems: CheckProblem[] = [];
  const report = (path: (string | number)[], message: string) => {
    const at = locations.find(path)?.key;
    problems.push({ file, line: at?.line, column: at?.column, field: formatFieldPath(path) || undefined, message });
  };

  const top = fileSchema.safeParse(parsed.value ?? {});
  if (!top.success) {
    for (const issue of top.error.issues) report(issue.path as (string | number)[], issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.join(', ')}; expected "exceptions:" with a list` : issue.message);
    throw new CheckValidationError(problems);
  }

  const exceptions: CheckException[] = [];
  (top.data.exceptions ?? []).forEach((entry, index) => {
    const at: (string | number)[] = ['exceptions', index];
    const result = exceptionSchema.safeParse(entry);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = [...at, ...(issue.path as (string | number)[])];
        if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => report([...path, key], 'unknown field'));
        else report(path, isMissing(entry, issue.path) ? 'required' : issue.message);
      }
      return;
    }
    exceptions.push({ ...result.data, source: `${file}:${locations.find(at)?.value.line ?? '?'}` });
  });
  if (problems.length > 0) throw new CheckValidationError(problems);
  return exceptions;
}

/** Reads and parses an exceptions file; `label` names it in problems and sources. @default the path as given */
export async function loadExceptions(file: string, label = file): Promise<CheckException[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CheckValidationError([{ file: label, message: `cannot read the exceptions file: ${fsReason(error)}` }]);
  }
  return parseExceptions(text, label);
}

/**
 * The exceptions whose check or connector id names nothing that exists: a
 * typo, or a check or account since removed. They can never waive a finding.
 */
export function unknownExceptions(exceptions: readonly CheckException[], known: { checks: Iterable<string>; connectors: Iterable<string> }): UnknownException[] {
  const checks = new Set(known.checks);
  const connectors = new Set(known.connectors);
  return exceptions.flatMap((e) => {
    const unknown = [...(checks.has(e.check) ? [] : ['check' as const]), ...(connectors.has(e.connector) ? [] : ['connector' as const])];
    if (unknown.length === 0) return [];
    return [{ check: e.check, connector: e.connector, ...(e.resource !== undefined ? { resource: e.resource } : {}), owner: e.owner, expires: e.expires.toISOString(), source: e.source, unknown }];
  });
}

/** `no check "x" is registered and no connector "y" is configured`, for every report that lists them. */
export function describeUnknownIds(exception: Pick<UnknownException, 'check' | 'connector' | 'unknown'>): string {
  return exception.unknown.map((kind) => (kind === 'check' ? `no check "${exception.check}" is registered` : `no connector "${exception.connector}" is configured`)).join(' and ');
}

export function isExpired(exception: CheckException, now: Date): boolean {
  return exception.expires.getTime() <= now.getTime();
}

/** The exceptions that apply to one finding, in file order. */
export function exceptionsFor(exceptions: readonly CheckException[], finding: { check: string; connector: string; resource: string }): CheckException[] {
  return exceptions.filter(
    (e) => e.check === finding.check && e.connector === finding.connector && (e.resource === undefined || e.resource === finding.resource),
  );
}

function isMissing(entry: unknown, path: readonly PropertyKey[]): boolean {
  return path.length === 1 && typeof entry === 'object' && entry !== null && !(String(path[0]) in entry);
}
