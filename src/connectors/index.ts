import type { AssetqlConfig } from '../config/config.js';
import { SnapshotConnector } from './snapshot.js';
import type { Connector } from './types.js';

export { SnapshotConnector } from './snapshot.js';
export { SNAPSHOT_FILES } from './snapshot-files.js';
export * from './types.js';

/** Turns the config's connector entries into connectors (organization entries expand to one per account). */
export async function createConnectors(config: Pick<AssetqlConfig, 'connectors'>): Promise<Connector[]> {
  const connectors: Connector[] = [];
  for (const entry of config.connectors) {
    switch (entry.kind) {
      case 'snapshot':
        connectors.push(new SnapshotConnector({ id: entry.id, name: entry.name, dir: entry.snapshot }));
        break;
      case 'aws':
      case 'organization':
        throw new Error(`live AWS connectors are not available yet (${entry.kind})`);
    }
  }
  return connectors;
}
