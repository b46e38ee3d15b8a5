import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseYaml } from './load-file.js';
import { CheckValidationError, formatFieldPath, type CheckProblem } from './problems.js';
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

const DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

const exceptionSchema = z.strictObject({
  check: z.string().min(1),
  connector: z.string().min(1),
  resource: z.string().min(1).optional(),
  owner: z.string().trim().min(1, 'must not be empty'),
  reason: z.string().trim().min(1, 'must not be empty'),
  expires: z
    .string({ message: 'a date such as 2025-12-31 (or an ISO-8601 timestamp)' })
    .regex(DATE_OR_TIME, 'a date such as 2025-12-31 (or an ISO-8601 timestamp)')
    .transform((text) => new Date(text.length === 10 ? `${text}T00:00:00Z` : text))
    .refine((date) => !Number.isNaN(date.getTime()), 'not a real date'),
});

const fileSchema = z.strictObject({ exceptions: z.array(z.unknown()).nullable().default([]) });

/** Parses an exceptions file; throws `CheckValidationError` listing every malformed entry with its line. */
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

export async function loadExceptions(file: string): Promise<CheckException[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new CheckValidationError([{ file, message: `cannot read the exceptions file: ${reason}` }]);
  }
  return parseExceptions(text, file);
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
