import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load as loadYaml, YAMLException } from 'js-yaml';
import { z } from 'zod';
import { REGION_NAME } from '../sources/layout.js';
import { formatDuration, parseDuration } from './duration.js';
import { tokenProblem } from './token.js';

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
  return parseConfig(parsed, { file, baseDir: path.dirname(absolute) });
}

/** Validates a config object. `file` names it in errors; paths resolve against `baseDir`. */
export function parseConfig(input: unknown, where: { file?: string; baseDir: string }): AssetqlConfig {
  const label = where.file ?? 'config';
  const top = configFile.safeParse(input ?? {});
  if (!top.success) throw new ConfigError(formatIssues(label, top.error.issues, []));
  const value = top.data;
  const connectors = value.connectors.map((entry, index) => parseConnector(entry, index, label, where.baseDir));
  const ids = new Set<string>();
  connectors.forEach((connector, index) => {
    if (connector.kind === 'organization') return;
    if (ids.has(connector.id)) throw new ConfigError(`${label}: connectors[${index}].id: "${connector.id}" is used twice`);
    ids.add(connector.id);
  });
  return {
    file: where.file ? path.resolve(where.file) : null,
    baseDir: path.resolve(where.baseDir),
    connectors,
    checks: (value.checks ?? []).map((dir) => path.resolve(where.baseDir, dir)),
    exceptions: value.exceptions === undefined ? undefined : path.resolve(where.baseDir, value.exceptions),
    concurrency: value.concurrency,
    cacheTtlMs: value.cacheTtl,
    server: value.server ?? {},
  };
}

function parseConnector(entry: unknown, index: number, label: string, baseDir: string): ConnectorConfig {
  const at: (string | number)[] = ['connectors', index];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ConfigError(`${label}: ${formatPath(at)}: expected a mapping with id and provider (or discover)`);
  }
  if ('discover' in entry) {
    const result = organizationDiscovery.safeParse(entry);
    if (!result.success) throw new ConfigError(formatIssues(label, result.error.issues, at));
    return { ...result.data, kind: 'organization' };
  }
  if ('snapshot' in entry) {
    const result = snapshotConnector.safeParse(entry);
    if (!result.success) throw new ConfigError(formatIssues(label, result.error.issues, at));
    return { ...result.data, snapshot: path.resolve(baseDir, result.data.snapshot), kind: 'snapshot' };
  }
  const result = awsConnector.safeParse(entry);
  if (!result.success) throw new ConfigError(formatIssues(label, result.error.issues, at));
  return { ...result.data, kind: 'aws' };
}

function formatIssues(label: string, issues: z.core.$ZodIssue[], prefix: (string | number)[]): string {
  const lines = issues.map((issue) => {
    const at = formatPath([...prefix, ...(issue.path as (string | number)[])]);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${label}: ${formatPath([...prefix, ...(issue.path as (string | number)[]), key])}: unknown key`).join('\n');
    }
    return `${label}: ${at || '(top level)'}: ${issue.message}`;
  });
  return lines.join('\n');
}

function formatPath(parts: (string | number)[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
