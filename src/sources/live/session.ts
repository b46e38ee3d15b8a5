import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { LocalAwsError } from './aws-error.js';
import { SHARED_AGENTS } from './http-agents.js';

/** What a credential provider hands out (structurally the SDK's AwsCredentialIdentity). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialProvider = () => Promise<Credentials>;

/** Where an entry's base credentials and settings come from: the SDK's standard configuration. */
export interface SessionSettings {
  /** A profile of the shared config/credentials files (SSO, role_arn, credential_process all work). */
  profile?: string;
  region?: string;
  /** SDK attempts per call. @default the SDK's */
  maxAttempts?: number;
}

/** What a session resolves once for all its clients (see BaseSession.sharedSettings). */
type SharedSettings = Pick<STSClient['config'], 'useDualstackEndpoint' | 'userAgentAppId' | 'authSchemePreference' | 'retryMode' | 'maxAttempts'>;

/** The configuration an SDK client of the session is made with. */
export type ClientSettings = SharedSettings & { region: string; credentials: CredentialProvider; profile?: string; requestHandler: typeof SHARED_AGENTS };

/** A role in another account, reached from the base credentials. */
export interface RoleTarget {
  roleArn: string;
  externalId?: string;
}

/** IAM, STS and Organizations are global in the aws partition; any region reaches them. */
const FALLBACK_REGION = 'us-east-1';
/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;
const ROLE_SESSION_NAME = 'assetql';

/**
 * The base credentials of a config entry (one connector, or one
 * Organization with all its accounts) and the clients built on them.
 * Credentials are resolved once and shared; each assumed role gets one
 * memoized session, so IAM and STS calls of an account share one AssumeRole.
 */
export class BaseSession {
  readonly credentials: CredentialProvider;
  private regionPromise?: Promise<string>;
  private stsPromise?: Promise<STSClient>;
  private shared?: SharedSettings;

  constructor(private readonly settings: SessionSettings) {
    this.credentials = fromNodeProviderChain({ profile: settings.profile });
  }

  /** The configured region, else the SDK's (AWS_REGION, the profile's region), else us-east-1. */
  region(): Promise<string> {
    this.regionPromise ??= resolveRegion(this.settings);
    return this.regionPromise;
  }

  /** The credentials of the base account, or of a role in another account (assumed once, refreshed before expiry). */
  async accountCredentials(role?: RoleTarget): Promise<CredentialProvider> {
    return role ? this.assumeRole(role) : this.credentials;
  }

  /**
   * Settings for an SDK client of one account in one region. `profile` still
   * matters with explicit credentials: it can carry endpoint and retry
   * settings. Every client shares one connection pool (SHARED_AGENTS).
   */
  clientConfig(region: string, credentials: CredentialProvider): ClientSettings {
    return { ...this.sharedSettings(), region, credentials, profile: this.settings.profile, requestHandler: SHARED_AGENTS };
  }

  /**
   * The settings every client resolves alike whatever its service or region
   * (dual-stack endpoints, retry mode and attempts, app id, auth scheme
   * preference: environment, then profile, then default), as one client of
   * the session resolves them, shared by all: each new client would
   * otherwise read the environment and parse the shared config files again
   * for each, about half a millisecond of CPU per account. Left to each
   * client: FIPS (a `fips-` region turns it on) and defaults mode (its
   * "auto" depends on the client's region).
   */
  private sharedSettings(): SharedSettings {
    if (!this.shared) {
      // Its region is only there to make it: none of the values taken from it depend on one.
      const { config } = new STSClient({ region: FALLBACK_REGION, profile: this.settings.profile, maxAttempts: this.settings.maxAttempts });
      this.shared = {
        useDualstackEndpoint: config.useDualstackEndpoint,
        userAgentAppId: config.userAgentAppId,
        authSchemePreference: config.authSchemePreference,
        retryMode: config.retryMode,
        maxAttempts: config.maxAttempts,
      };
    }
    return this.shared;
  }

  async organizationsClient(): Promise<OrganizationsClient> {
    return new OrganizationsClient(this.clientConfig(await this.region(), this.credentials));
  }

  /** The STS client of the base credentials, made once: discovery and every account's AssumeRole share it. */
  stsClient(): Promise<STSClient> {
    this.stsPromise ??= this.region().then((region) => new STSClient(this.clientConfig(region, this.credentials)));
    return this.stsPromise;
  }

  /**
   * AssumeRole through the session's one STS client, rather than a client
   * of its own per account (what the SDK's fromTemporaryCredentials makes):
   * building a client resolves its whole configuration again, and an
   * Organization has hundreds of accounts.
   */
  private assumeRole(role: RoleTarget): CredentialProvider {
    return memoizeCredentials(async () => {
      const sts = await this.stsClient();
      const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: ROLE_SESSION_NAME, ExternalId: role.externalId }));
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey) throw new LocalAwsError('AssumeRoleMalformed', `AssumeRole ${role.roleArn}: no credentials in the answer`);
      return { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretAccessKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration };
    });
  }

}

async function resolveRegion(settings: SessionSettings): Promise<string> {
  if (settings.region) return settings.region;
  const probe = new STSClient({ profile: settings.profile });
  try {
    return (await probe.config.region()) || FALLBACK_REGION;
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

/**
 * One credential fetch shared by every client and call until shortly
 * before expiry; a failed fetch is forgotten so the next call tries again.
 */
export function memoizeCredentials(provider: CredentialProvider): CredentialProvider {
  let cached: { promise: Promise<Credentials>; expiresAt?: number } | undefined;
  return () => {
    const stale = cached?.expiresAt !== undefined && cached.expiresAt - Date.now() < REFRESH_BEFORE_EXPIRY_MS;
    if (!cached || stale) {
      const entry: { promise: Promise<Credentials>; expiresAt?: number } = { promise: provider() };
      cached = entry;
      entry.promise.then(
        (identity) => {
          entry.expiresAt = identity.expiration?.getTime();
        },
        () => {
          if (cached === entry) cached = undefined;
        },
      );
    }
    return cached.promise;
  };
}
