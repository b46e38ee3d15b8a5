import { ConnectorError, type AccountIdentity, type AccountSummaryMap, type AwsPasswordPolicy, type Connector } from '../connectors/types.js';
import { CredentialReport } from '../connectors/credential-report.js';
import type { AccountSlots } from '../connectors/account-slots.js';
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
  /** When the value may no longer be used: counted from when the load settled, so a slow load is never started twice. */
  expires: number;
}

/**
 * The engine's door to connectors. For long-running processes it reuses
 * results for `cacheTtlMs`, counted from when a load finished (a load still
 * running is shared, however long it takes). Failures are never cached, so
 * the next request tries again. Connectors the engine built itself bound
 * their own I/O through the engine's account slots; connectors handed in
 * by the caller are bounded here, one slot per account while a load runs.
 */
export class AccountDataSource {
  private readonly byId: Map<string, Connector>;
  private readonly cache = new Map<string, Cached>();

  constructor(
    connectors: readonly Connector[],
    private readonly options: { cacheTtlMs: number; slots?: AccountSlots; onLoad?: (event: LoadEvent) => void },
  ) {
    this.byId = new Map(connectors.map((connector) => [connector.id, connector]));
  }

  load<K extends DataKind>(connectorId: string, kind: K): Promise<AccountDataKinds[K]> {
    const key = `${kind}\u0000${connectorId}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as Promise<AccountDataKinds[K]>;
    const slots = this.options.slots;
    const value = slots ? slots.run(connectorId, () => this.fetch(connectorId, kind)) : this.fetch(connectorId, kind);
    if (this.options.cacheTtlMs > 0) {
      const entry: Cached = { value, expires: Number.POSITIVE_INFINITY };
      this.cache.set(key, entry);
      value.then(
        () => {
          entry.expires = Date.now() + this.options.cacheTtlMs;
        },
        () => {
          // Only this entry: a newer load of the same data may have replaced it meanwhile.
          if (this.cache.get(key) === entry) this.cache.delete(key);
        },
      );
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
      // A ConnectorError is about the account's data; anything else is a fault of the code, and stays one.
      notify('failed', error instanceof Error ? error : new Error(String(error)));
      throw error;
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
