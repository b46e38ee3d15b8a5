import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseInstant } from '../time/instant.js';
import { fsReason } from '../fs-reason.js';
import { parseYaml } from './load-file.js';
import { CheckValidationError, formatFieldPath, type CheckProblem } from './problems.js';
import type { UnknownException } from './results.js';
import { YamlLocations } from '../yaml/locations.js';

/**
 * An approved exception: findings of `check` on one account, named by its
 * AWS account id (`account`, the stable form) or by its connector id
 * (`connector`), and only `resource` when given, are waived until
 * `expires`. Owner and expiry are required, so every waiver has someone
 * answerable for it and an end.
 */
export interface CheckException {
  check: string;
  /** Exactly one of `connector` and `account` is set. */
  connector?: string;
  /** The 12-digit AWS account id: survives renaming a connector or moving to Organization discovery. */
  account?: string;
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

const ACCOUNT_ID = /^\d{12}$/;

const exceptionSchema = z.strictObject({
  check: z.string().min(1),
  connector: z.string().min(1).optional(),
  // Unquoted, YAML reads 123456789012 as a number (and may drop a leading zero): the id must be written as text.
  account: z.string({ message: 'a quoted 12-digit account id such as "123456789012"' }).regex(ACCOUNT_ID, 'a 12-digit AWS account id such as "123456789012"').optional(),
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
    const { connector, account } = result.data;
    if ((connector === undefined) === (account === undefined)) {
      const both = connector !== undefined;
      report(both ? [...at, 'account'] : at, both ? 'name the account by account or by connector, not both' : 'required: account (the 12-digit account id) or connector');
      return;
    }
    exceptions.push({ ...withoutUndefined(result.data), source: `${file}:${locations.find(at)?.value.line ?? '?'}` });
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
 * The exceptions whose check, connector or account id names nothing that
 * exists: a typo, or a check or account since removed. They can never waive
 * a finding. Account ids are judged only when `accounts` lists every
 * configured account's id (a run narrowed to some accounts cannot know).
 */
export function unknownExceptions(exceptions: readonly CheckException[], known: { checks: Iterable<string>; connectors: Iterable<string>; accounts?: Iterable<string> }): UnknownException[] {
  const checks = new Set(known.checks);
  const connectors = new Set(known.connectors);
  const accounts = known.accounts === undefined ? undefined : new Set(known.accounts);
  return exceptions.flatMap((e) => {
    const unknown: UnknownException['unknown'] = [];
    if (!checks.has(e.check)) unknown.push('check');
    if (e.connector !== undefined && !connectors.has(e.connector)) unknown.push('connector');
    if (e.account !== undefined && accounts !== undefined && !accounts.has(e.account)) unknown.push('account');
    if (unknown.length === 0) return [];
    return [{ ...accountOf(e), check: e.check, ...(e.resource !== undefined ? { resource: e.resource } : {}), owner: e.owner, expires: e.expires.toISOString(), source: e.source, unknown }];
  });
}

/** `no check "x" is registered and no connector "y" is configured`, for every report that lists them. */
export function describeUnknownIds(exception: Pick<UnknownException, 'check' | 'connector' | 'account' | 'unknown'>): string {
  const say = { check: `no check "${exception.check}" is registered`, connector: `no connector "${exception.connector}" is configured`, account: `no configured account has the id "${exception.account}"` };
  return exception.unknown.map((kind) => say[kind]).join(' and ');
}

/** How an exception names its account, for messages: `account 123456789012` or `connector prod`. */
export function describeAccount(exception: { connector?: string; account?: string }): string {
  return exception.account !== undefined ? `account ${exception.account}` : `connector ${exception.connector}`;
}

/** `{ connector }` or `{ account }`, as the exception names it. */
export function accountOf(exception: Pick<CheckException, 'connector' | 'account'>): { connector: string } | { account: string } {
  return exception.account !== undefined ? { account: exception.account } : { connector: exception.connector ?? '' };
}

export function isExpired(exception: CheckException, now: Date): boolean {
  return exception.expires.getTime() <= now.getTime();
}

/** Whether an exception is about this check on this account (by account id, or by connector id). */
export function coversAccount(exception: CheckException, result: { check: string; connector: string; accountId: string | null }): boolean {
  if (exception.check !== result.check) return false;
  return exception.account !== undefined ? exception.account === result.accountId : exception.connector === result.connector;
}

/** The exceptions that apply to one finding, in file order. */
export function exceptionsFor(exceptions: readonly CheckException[], finding: { check: string; connector: string; accountId: string | null; resource: string }): CheckException[] {
  return exceptions.filter((e) => coversAccount(e, finding) && (e.resource === undefined || e.resource === finding.resource));
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function isMissing(entry: unknown, path: readonly PropertyKey[]): boolean {
  return path.length === 1 && typeof entry === 'object' && entry !== null && !(String(path[0]) in entry);
}
