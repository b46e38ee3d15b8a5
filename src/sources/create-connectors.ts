import path from 'node:path';
import type { AssetqlConfig } from '../config/config.js';
import type { AccountSlots } from './account-slots.js';
import type { Connector } from './connector.js';
import type { Log } from './log.js';
import type { AwsTiming } from './live/timing.js';
import { SnapshotConnector } from './snapshot/snapshot-connector.js';

export interface CreateConnectorsOptions {
  /** Poll intervals, back-offs and deadlines of live AWS connectors. @default suited to real AWS */
  awsTiming?: Partial<AwsTiming>;
  /** Bounds accounts doing I/O at once (the engine's `concurrency`); each connector takes a slot per request or file read. */
  slots?: AccountSlots;
  /** Told of every live request and retry decision. */
  log?: Log;
  /** Snapshot folders read synchronously (one-shot runs; see SnapshotConnectorOptions.blockingReads). @default false */
  blockingReads?: boolean;
}

/**
 * Turns the config's connector entries into connectors. Organization
 * entries expand to one per ACTIVE account (this is what makes it async);
 * a discovered account whose id is already a connector id is skipped, so an
 * explicit entry for it wins.
 */
export async function createConnectors(config: Pick<AssetqlConfig, 'connectors' | 'baseDir'>, options: CreateConnectorsOptions = {}): Promise<Connector[]> {
  const taken = new Set(config.connectors.flatMap((entry) => (entry.kind === 'organization' ? [] : [entry.id])));
  const connectors: Connector[] = [];
  // The AWS SDK costs ~100 ms to load: only configs with live accounts pay it.
  const live = config.connectors.some((entry) => entry.kind !== 'snapshot');
  const { createAwsConnector, createOrganizationConnectors } = live ? await import('./live/index.js') : ({} as typeof import('./live/index.js'));
  for (const entry of config.connectors) {
    switch (entry.kind) {
      case 'snapshot':
        connectors.push(new SnapshotConnector({ id: entry.id, name: entry.name, dir: entry.snapshot, label: folderLabel(config, entry.snapshot), regions: entry.regions, slots: options.slots, blockingReads: options.blockingReads }));
        break;
      case 'aws':
        connectors.push(createAwsConnector(entry, options.awsTiming, options.slots, options.log));
        break;
      case 'organization':
        for (const connector of await createOrganizationConnectors(entry, options.awsTiming, options.slots, options.log)) {
          if (taken.has(connector.id)) continue;
          taken.add(connector.id);
          connectors.push(connector);
        }
        break;
    }
  }
  return connectors;
}

/** A snapshot folder as messages name it: relative to the config's folder, so reports and API errors carry no path of this machine. */
function folderLabel(config: Pick<AssetqlConfig, 'baseDir'>, dir: string): string {
  if (!config.baseDir) return dir;
  const relative = path.relative(config.baseDir, dir);
  if (relative === '') return '.';
  // Outside the config's folder, only the folder's own name: the way there says nothing the reader needs.
  return relative.startsWith('..') || path.isAbsolute(relative) ? `.../${path.basename(dir)}` : relative;
}
