import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { closest, distance } from 'fastest-levenshtein';
import path from 'node:path';
import { load as loadYaml, YAMLException } from 'js-yaml';
import { z } from 'zod';
import { REGION_NAME } from '../sources/layout.js';
import { formatDuration, parseDuration } from './duration.js';
import { tokenProblem } from './token.js';
import { YamlLocations } from '../yaml/locations.js';

/** A config file that cannot be read, parsed or validated. The message names the file and the field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const DEFAULT_CONFIG_FILE = 'assetql.config.yaml';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit');
/**
 * Seconds as a number, or text like `30s`, `15m`, `4h`, `1d`; read as
 * milliseconds, and only within the range that makes sense for the field
 * (`.inf`, `0` where nothing would work, `30d` where a timer overflows).
 */
const duration = (range: { zero: boolean; max: number }) =>
  z.unknown().transform((value, ctx) => {
    const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? parseDuration(value) : null;
    // JSON.stringify escapes control characters; long text is cut, numbers such as Infinity are shown as YAML read them.
    const shown = typeof value === 'number' ? String(value) : typeof value === 'string' && value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}...` : JSON.stringify(value);
    const allowed = `${range.zero ? '0 (off) or ' : 'more than 0 and '}at most ${formatDuration(range.max)}`;
    if (ms === null || Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: `${shown} is not a duration like 30s, 15m, 4h or 1d (or seconds); allowed: ${allowed}` });
    else if (ms < 0 || (ms === 0 && !range.zero) || ms > range.max) ctx.addIssue({ code: 'custom', message: `${shown} is out of range; allowed: ${allowed}` });
    return ms ?? 0;
  });

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** AWS regenerates a report at most every 4 hours; a week-old limit is already generous. */
const maxReportAge = duration({ zero: false, max: 7 * DAY_MS });

/**
 * The regions regional checks read: a list of region names; absent, every
 * region the account has enabled (`ec2 describe-regions --all-regions`).
 */
const regions = z
  .array(z.string().regex(REGION_NAME, 'a region name such as eu-west-1'), { message: 'a list of region names' })
  .min(1, 'name at least one region, or leave regions out for every enabled one')
  .refine((list) => new Set(list).size === list.length, 'a region is named twice');

/** An account read offline from a folder of AWS CLI output. */
const snapshotConnector = z.strictObject({
  id,
  name: z.string().optional(),
  provider: z.literal('aws'),
  snapshot: z.string().min(1),
  regions: regions.optional(),
});

/** One live account through the AWS SDK's standard configuration. */
const awsConnector = z.strictObject({
  id,
  name: z.string().optional(),
  provider: z.literal('aws'),
  profile: z.string().optional(),
  region: z.string().optional(),
  roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN').optional(),
  externalId: z.string().optional(),
  /** Regenerate a report older than this, although AWS would reuse it for 4 hours. */
  maxReportAge: maxReportAge.optional(),
  regions: regions.optional(),
});

/** Every ACTIVE account of the AWS Organization the base credentials belong to. */
const organizationDiscovery = z.strictObject({
  discover: z.literal('organization'),
  roleName: z.string().default('OrganizationAccountAccessRole'),
  profile: z.string().optional(),
  region: z.string().optional(),
  externalId: z.string().optional(),
  maxReportAge: maxReportAge.optional(),
  regions: regions.optional(),
});

const limit = z.number().int().positive();
/** The keys of the engine's document limits and the server's own; meanings and defaults in src/engine/limits.ts and src/server/options.ts. */
const serverLimits = z.strictObject({
  maxDepth: limit.optional(),
  maxAliases: z.number().int().nonnegative().optional(),
  maxDirectives: limit.optional(),
  maxTokens: limit.optional(),
  maxCost: limit.optional(),
  maxSelections: limit.optional(),
  maxInListLength: limit.optional(),
  maxFilterDepth: limit.optional(),
  maxRegexLength: limit.optional(),
  maxRegexSize: limit.optional(),
  maxBodyBytes: limit.optional(),
  /** A request that runs this long is answered with a timeout error; the timer cannot go past 24.8 days, a person waits far less. */
  timeout: duration({ zero: false, max: HOUR_MS }).optional(),
});

const server = z.strictObject({
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  /** Bearer token every request must carry; ASSETQL_TOKEN overrides it. */
  token: z
    .string()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  limits: serverLimits.optional(),
});

const configFile = z.strictObject({
  connectors: z.array(z.unknown()).min(1, 'name at least one account'),
  /** More folders of stored checks, besides the bundled `checks/`. */
  checks: z.array(z.string()).optional(),
  /** More folders of views (named root fields), besides the bundled `views/`. */
  views: z.array(z.string()).optional(),
  /** A YAML file of approved exceptions. */
  exceptions: z.string().optional(),
  /** Accounts loaded at once. */
  concurrency: z.number().int().positive().default(8),
  /** How long account data is reused across requests by a long-running process; 0 = once per run. Served data older than a day is no posture. */
  cacheTtl: duration({ zero: true, max: DAY_MS }).default(0),
  server: server.optional(),
});

export type SnapshotConnectorConfig = z.infer<typeof snapshotConnector> & { kind: 'snapshot' };
export type AwsConnectorConfig = z.infer<typeof awsConnector> & { kind: 'aws' };
export type OrganizationDiscoveryConfig = z.infer<typeof organizationDiscovery> & { kind: 'organization' };
export type ConnectorConfig = SnapshotConnectorConfig | AwsConnectorConfig | OrganizationDiscoveryConfig;
export type ServerConfig = z.infer<typeof server>;

export interface AssetqlConfig {
  /** The file this came from, or null for a config built in code. */
  file: string | null;
  /** Where its relative paths resolved (the file's folder, or the baseDir of a config object), absolute. */
  baseDir?: string;
  connectors: ConnectorConfig[];
  /** Extra check folders, absolute. */
  checks: string[];
  /** Extra view folders, absolute. */
  views: string[];
  /** Exceptions file, absolute. */
  exceptions?: string;
  concurrency: number;
  cacheTtlMs: number;
  server: ServerConfig;
}

/** The shape users write in YAML (or pass to `createEngine` as an object). */
export type AssetqlConfigInput = z.input<typeof configFile>;

/** Reads and validates a YAML config; relative paths resolve against its folder. */
export async function loadConfig(file: string): Promise<AssetqlConfig> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new ConfigError(`${file}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = loadYaml(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    // js-yaml's `message` quotes the lines around the error, and a config holds the token: say where and why only.
    const at = error.mark ? `:${error.mark.line + 1}:${error.mark.column + 1}` : '';
    throw new ConfigError(`${file}${at}: invalid YAML: ${error.reason}`);
  }
  // Located only when a problem is reported: indexing every key of a 10,000-account config cost 0.2 s a start.
  let locations: YamlLocations | undefined;
  return parseConfig(parsed, { file, baseDir: path.dirname(absolute), locate: (at) => (locations ??= new YamlLocations(text)).find(at)?.key });
}

/** Where a config is, for messages: its name, its folder, and (read from a file) the line of each field. */
export interface ConfigSource {
  file?: string;
  baseDir: string;
  locate?: (at: readonly (string | number)[]) => { line: number; column: number } | undefined;
}

/**
 * Validates a config object. `file` names it in errors, each problem with its
 * line when read from a file and a suggestion for a misspelt key; paths
 * resolve against `baseDir`, and a snapshot folder that does not exist is an
 * error here, not one ERROR per check later.
 */
export function parseConfig(input: unknown, where: ConfigSource): AssetqlConfig {
  // Every problem at once, each with its line: a config is fixed in one go, not one error per run.
  const problems: string[] = [];
  const top = configFile.safeParse(input ?? {});
  if (!top.success) problems.push(formatIssues(where, top.error.issues, [], configFile));
  const entries = (input as { connectors?: unknown } | null)?.connectors;
  const connectors = (Array.isArray(entries) ? entries : []).flatMap((entry, index) => {
    try {
      return [parseConnector(entry, index, where)];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(error.message);
      return [];
    }
  });
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  const value = top.data!;
  const ids = new Set<string>();
  connectors.forEach((connector, index) => {
    if (connector.kind === 'organization') return;
    if (ids.has(connector.id)) throw new ConfigError(`${located(where, ['connectors', index, 'id'])}: "${connector.id}" is used twice`);
    ids.add(connector.id);
  });
  return {
    file: where.file ? path.resolve(where.file) : null,
    baseDir: path.resolve(where.baseDir),
    connectors,
    checks: (value.checks ?? []).map((dir) => path.resolve(where.baseDir, dir)),
    views: (value.views ?? []).map((dir) => path.resolve(where.baseDir, dir)),
    exceptions: value.exceptions === undefined ? undefined : path.resolve(where.baseDir, value.exceptions),
    concurrency: value.concurrency,
    cacheTtlMs: value.cacheTtl,
    server: value.server ?? {},
  };
}

function parseConnector(entry: unknown, index: number, where: ConfigSource): ConnectorConfig {
  const at: (string | number)[] = ['connectors', index];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ConfigError(`${located(where, at)}: expected a mapping with id and provider (or discover)`);
  }
  if ('discover' in entry) {
    const result = organizationDiscovery.safeParse(entry);
    if (!result.success) throw new ConfigError(formatIssues(where, result.error.issues, at, CONNECTOR_KEYS));
    return { ...result.data, kind: 'organization' };
  }
  if ('snapshot' in entry) {
    const result = snapshotConnector.safeParse(entry);
    if (!result.success) throw new ConfigError(formatIssues(where, result.error.issues, at, CONNECTOR_KEYS));
    const dir = path.resolve(where.baseDir, result.data.snapshot);
    if (!isFolder(dir)) throw new ConfigError(`${located(where, [...at, 'snapshot'])}: ${result.data.snapshot} is not a folder${folderSuggestion(result.data.snapshot, dir)}`);
    return { ...result.data, snapshot: dir, kind: 'snapshot' };
  }
  const result = awsConnector.safeParse(entry);
  if (!result.success) throw new ConfigError(formatIssues(where, result.error.issues, at, CONNECTOR_KEYS));
  return { ...result.data, kind: 'aws' };
}

/** Every key a connector entry may have, whichever kind: a misspelt `snapshto` is most likely one of them. */
const CONNECTOR_KEYS = [...new Set([snapshotConnector, awsConnector, organizationDiscovery].flatMap((schema) => Object.keys(schema.shape)))];

function isFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** ` (did you mean ./accounts/prod?)` when a sibling folder is a likely typo of the one named. */
function folderSuggestion(given: string, dir: string): string {
  let siblings: string[];
  try {
    siblings = readdirSync(path.dirname(dir), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return '';
  }
  const guess = suggestion(path.basename(dir), siblings);
  return guess ? ` (did you mean ${given.slice(0, given.length - path.basename(given.replace(/[/\\]+$/, '')).length)}${guess}?)` : '';
}

function formatIssues(where: ConfigSource, issues: z.core.$ZodIssue[], prefix: (string | number)[], keys: z.ZodObject | readonly string[]): string {
  const lines = issues.map((issue) => {
    const at = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const allowed = Array.isArray(keys) ? keys : keysAt(keys as z.ZodObject, issue.path as (string | number)[]);
      return issue.keys
        .map((key) => {
          const guess = suggestion(key, allowed);
          return `${located(where, [...at, key])}: unknown key${guess ? ` (did you mean ${guess}?)` : ''}`;
        })
        .join('\n');
    }
    return `${located(where, at)}: ${issue.message}`;
  });
  return lines.join('\n');
}

/** The keys an object schema allows at a path of it (through optional, default and array wrappers). */
function keysAt(schema: z.ZodType, at: readonly (string | number)[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const part of at) {
    current = unwrap(current);
    if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else if (current instanceof z.ZodObject && typeof part === 'string') current = current.shape[part] as z.ZodType | undefined;
    else return [];
  }
  current = unwrap(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap() as z.ZodType;
  return current;
}

/** The closest allowed name, when it is close enough to be a typo. */
function suggestion(name: string, allowed: readonly string[]): string | undefined {
  const best = closest(name, [...allowed]);
  return best && distance(name.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** `file:line:column: connectors[0].snapshot`, the line when the config was read from a file. */
function located(where: ConfigSource, at: (string | number)[]): string {
  const position = where.locate?.(at);
  const file = where.file ?? 'config';
  const field = formatPath(at) || '(top level)';
  return position ? `${file}:${position.line}:${position.column}: ${field}` : `${file}: ${field}`;
}

function formatPath(parts: (string | number)[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
