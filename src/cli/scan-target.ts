import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE, type AssetqlConfigInput } from '../config/config.js';
import { ConnectorError } from '../sources/connector.js';
import type { Engine } from '../engine/types.js';
import { UsageError } from './io.js';

/** The connector id of the account the AWS SDK's standard configuration points at, when no config names it. */
export const DEFAULT_CONNECTOR_ID = 'default';

export interface ScanTargetOptions {
  /** `--config FILE`. */
  config?: string;
  /** `--profile NAME`: a profile of the shared AWS files, without a config file. */
  profile?: string;
  /** `--organization`: every ACTIVE account of the Organization, without a config file. */
  organization?: boolean;
}

/** A config file, or (no file) the live account or Organization the AWS SDK's standard configuration reaches. */
export type ScanTarget = { file: string; live?: undefined } | { file?: undefined; live: 'account' | 'organization'; config: AssetqlConfigInput };

/**
 * `--config FILE`, else ./assetql.config.yaml, else, as `prowler aws` does,
 * the account the SDK's credentials belong to (environment, AWS_PROFILE or
 * `--profile`), or the whole Organization with `--organization`.
 */
export function scanTarget(options: ScanTargetOptions): ScanTarget {
  const file = options.config ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  if (file !== undefined) {
    const flag = options.organization ? '--organization' : options.profile !== undefined ? '--profile' : undefined;
    // A config names its accounts; a flag that silently did nothing would scan something else than asked.
    if (flag) throw new UsageError(`${flag} scans without a config file, but ${file} is used; set profile or discover: organization in its connectors instead`);
    return { file };
  }
  const profile = options.profile === undefined ? {} : { profile: options.profile };
  if (options.organization) return { live: 'organization', config: { connectors: [{ discover: 'organization', ...profile }] } };
  return { live: 'account', config: { connectors: [{ id: DEFAULT_CONNECTOR_ID, provider: 'aws', ...profile }] } };
}

/** What to pass when the SDK found no usable credentials: said once, instead of one ERROR per check. */
function noCredentials(reason: string): UsageError {
  return new UsageError(
    `no usable AWS credentials (${reason}). With no ${DEFAULT_CONFIG_FILE} here, assetql scans the account your AWS credentials point at: ` +
      'set AWS_PROFILE or pass --profile NAME (after `aws sso login` for SSO), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; ' +
      'add --organization to scan every account of the Organization; or pass --config FILE (see examples/assetql.config.yaml)',
  );
}

/** Error codes meaning the SDK has no credentials, or the ones it has are refused. */
const CREDENTIAL_CODES = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId']);

function isCredentialsCode(code: unknown): boolean {
  return typeof code === 'string' && CREDENTIAL_CODES.has(code);
}

/** Where an engine's accounts come from: the config file, or the config built here (relative paths against the working folder). */
export type EngineSource = { config: string; baseDir?: undefined } | { config: AssetqlConfigInput; baseDir: string };

/**
 * Opens an engine on the target. For a live scan without a config, missing
 * or refused credentials are one clear error naming what to pass.
 */
export async function openTarget<E extends Pick<Engine, 'query' | 'close'>>(target: ScanTarget, open: (source: EngineSource) => Promise<E>, cwd: string): Promise<E> {
  if (!target.live) return open({ config: target.file });
  let engine: E;
  try {
    // Organization discovery runs here: its credentials are checked by ListAccounts.
    engine = await open({ config: target.config, baseDir: cwd });
  } catch (error) {
    if (error instanceof ConnectorError && isCredentialsCode(error.code)) throw noCredentials(error.message);
    throw error;
  }
  if (target.live === 'account') {
    try {
      await checkLiveAccount(engine);
    } catch (error) {
      await engine.close();
      throw error;
    }
  }
  return engine;
}

/**
 * Before a live scan without a config: ask who the credentials belong to.
 * Credentials that are missing or refused are one clear error (exit 2) rather
 * than an ERROR for every check; the answer is loaded once either way.
 */
async function checkLiveAccount(engine: Pick<Engine, 'query'>): Promise<void> {
  const result = await engine.query('{ connectors { accountId } }');
  const error = result.errors?.[0];
  if (!error) return;
  const failures = (error.extensions?.connectors as { code?: string; message?: string }[] | undefined) ?? [];
  const reason = failures[0]?.message ?? error.message;
  if (failures.some((f) => isCredentialsCode(f.code))) throw noCredentials(reason);
  throw new UsageError(`cannot read the AWS account your credentials point at: ${reason}`);
}
