import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOCALHOST_NAMES_IMPORT, resolveLocalhostNames } from './localhost-names.js';

/** The standard settings the AWS SDK reads; nothing else of the machine's own AWS setup may leak in. */
export interface SdkEnvironment {
  endpointUrl: string;
  accessKeyId: string;
  secretAccessKey?: string;
  region?: string;
  /** Extra lines for the shared config file (profiles). */
  configFile?: string;
  /** Extra lines for the shared credentials file. */
  credentialsFile?: string;
}

const VARIABLES = [
  'NODE_OPTIONS', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE',
  'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ROLE_ARN', 'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_MAX_ATTEMPTS', 'AWS_RETRY_MODE',
] as const;

/**
 * Points the SDK at the loopback endpoint through environment and temp
 * config files; returns the undo. The global AWS_ENDPOINT_URL reaches every
 * service but S3 and S3 Control, which prefix the host (the bucket, the
 * account id): they reach it as `localhost`, whose subdomains resolve to
 * the loopback address while installed. With an IP address in its
 * endpoint (AWS_ENDPOINT_URL_S3 set so) the S3 client addresses buckets
 * path-style (`/my-bucket?policy`); the endpoint routes both.
 */
export function useSdkEnvironment(settings: SdkEnvironment): () => void {
  // Service-specific endpoints (AWS_ENDPOINT_URL_S3, ...) of this machine would win over the global one.
  const names = [...VARIABLES, ...Object.keys(process.env).filter((name) => name.startsWith('AWS_ENDPOINT_URL_'))];
  const saved = new Map(names.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-aws-'));
  const configFile = path.join(dir, 'config');
  const credentialsFile = path.join(dir, 'credentials');
  writeFileSync(configFile, settings.configFile ?? '');
  writeFileSync(credentialsFile, settings.credentialsFile ?? '');
  for (const name of names) delete process.env[name];
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: settings.endpointUrl,
    AWS_ACCESS_KEY_ID: settings.accessKeyId,
    AWS_SECRET_ACCESS_KEY: settings.secretAccessKey ?? `fake-secret-${settings.accessKeyId}`,
    AWS_REGION: settings.region ?? 'us-east-1',
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
    // S3 Control prefixes the host with the account id, and S3 with a bucket name that has dots in it
    // (virtual-host style): a name takes a prefix, an IP address does not.
    AWS_ENDPOINT_URL_S3_CONTROL: settings.endpointUrl.replace('//127.0.0.1:', '//localhost:'),
    AWS_ENDPOINT_URL_S3: settings.endpointUrl.replace('//127.0.0.1:', '//localhost:'),
    // Child processes (the built CLI) resolve those names as this one does.
    NODE_OPTIONS: [saved.get('NODE_OPTIONS'), LOCALHOST_NAMES_IMPORT].filter(Boolean).join(' '),
  });
  if (settings.region === '') delete process.env.AWS_REGION;
  const restoreLookup = resolveLocalhostNames();
  return () => {
    restoreLookup();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
