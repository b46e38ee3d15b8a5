import pLimit from 'p-limit';
import { ConnectorError, type AccountIdentity, type AccountSummaryMap, type AwsPasswordPolicy, type Connector } from '../connectors/types.js';
import { CredentialReport } from '../connectors/credential-report.js';
import type { LoadEvent } from './types.js';

/** What the engine loads per account, by kind. */
export interface AccountDataKinds {
  identity: AccountIdentity;
  credentialReport: CredentialReport;
  accountSummary: AccountSummaryMap;
  passwordPolicy: AwsPasswordPolicy | null;
}
export type DataKind = keyof AccountDataKinds;

interface Cached {
  value: Promise<unknown>;
  expires: number;
}

/**
 * The engine's door to connectors: bounds how many loads run at once and,
 * for long-running processes, reuses results for `cacheTtlMs`. Failures are
 * never cached, so the next request tries again.
 */
export class AccountDataSource {
  private readonly byId: Map<string, Connector>;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly cache = new Map<string, Cached>();

  constructor(
    connectors: readonly Connector[],
    private readonly options: { concurrency: number; cacheTtlMs: number; onLoad?: (event: LoadEvent) => void },
  ) {
    this.byId = new Map(connectors.map((connector) => [connector.id, connector]));
    this.limit = pLimit(options.concurrency);
  }

  load<K extends DataKind>(connectorId: string, kind: K): Promise<AccountDataKinds[K]> {
    const key = `${kind}\u0000${connectorId}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as Promise<AccountDataKinds[K]>;
    const value = this.limit(() => this.fetch(connectorId, kind));
    if (this.options.cacheTtlMs > 0) {
      this.cache.set(key, { value, expires: Date.now() + this.options.cacheTtlMs });
      value.catch(() => this.cache.delete(key));
    }
    return value;
  }

  /** Forget cached data (all, or one connector's). */
  clear(connectorId?: string): void {
    if (connectorId === undefined) this.cache.clear();
    else for (const key of this.cache.keys()) if (key.endsWith(`\u0000${connectorId}`)) this.cache.delete(key);
  }

  private async fetch<K extends DataKind>(connectorId: string, kind: K): Promise<AccountDataKinds[K]> {
    const connector = this.byId.get(connectorId);
    if (!connector) throw new ConnectorError(connectorId, 'UnknownConnector', 'no such connector in the config');
    const notify = (state: LoadEvent['state'], error?: Error) => this.options.onLoad?.({ connector: connectorId, data: kind, state, error });
    notify('start');
    try {
      const value = await this.call(connector, kind);
      notify('done');
      return value as AccountDataKinds[K];
    } catch (error) {
      const failure = error instanceof ConnectorError ? error : new ConnectorError(connectorId, 'LoadFailed', (error as Error)?.message ?? String(error), { cause: error });
      notify('failed', failure);
      throw failure;
    }
  }

  private async call(connector: Connector, kind: DataKind): Promise<unknown> {
    switch (kind) {
      case 'identity':
        return connector.identify();
      case 'credentialReport':
        return new CredentialReport(connector.id, await connector.credentialReport());
      case 'accountSummary':
        return connector.accountSummary();
      case 'passwordPolicy':
        return connector.passwordPolicy();
    }
  }
}
