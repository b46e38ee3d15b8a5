import type { AssetqlConfig } from '../config/config.js';
import { formatDuration } from '../config/duration.js';
import type { Connector } from '../sources/connector.js';
import { AwsConnector } from '../sources/live/aws-connector.js';
import { QueueError } from './errors.js';
import type { AccountTarget } from './job.js';

/**
 * What a job says about each account: its config entry, or for a
 * discovered account its id, name and role (the Organization entry's
 * profile and region). Snapshot-folder connectors are files on this
 * machine, not accounts a worker elsewhere could read: refused.
 */
export function accountTargets(config: Pick<AssetqlConfig, 'connectors'>, connectors: readonly Connector[]): AccountTarget[] {
  const organizations = config.connectors.filter((entry) => entry.kind === 'organization');
  return connectors.map((connector) => {
    if (!(connector instanceof AwsConnector)) throw new QueueError(`--queue: connector ${connector.id} reads a snapshot folder; workers scan live accounts only (run it without --queue)`);
    const entry = config.connectors.find((each) => each.kind === 'aws' && each.id === connector.id);
    if (entry?.kind === 'aws') {
      return clean({ id: entry.id, name: entry.name, profile: entry.profile, region: entry.region, roleArn: entry.roleArn, externalId: entry.externalId, maxReportAge: age(entry.maxReportAge), regions: entry.regions });
    }
    // A discovered account; with two Organization entries it could not be told which one's settings apply.
    if (organizations.length !== 1) throw new QueueError(`--queue: connector ${connector.id} was discovered, but the config has ${organizations.length} discover: organization entries; keep one`);
    const organization = organizations[0];
    return clean({
      id: connector.id,
      name: connector.name,
      profile: organization.profile,
      region: organization.region,
      roleArn: connector.role?.roleArn,
      externalId: connector.role?.externalId,
      maxReportAge: age(organization.maxReportAge),
      regions: connector.regions ? [...connector.regions] : undefined,
    });
  });
}

/** The config entry a worker builds the account's connector from: the same path as a single process. */
export function connectorEntryOf(target: AccountTarget): Record<string, unknown> {
  return clean({ ...target, provider: 'aws' });
}

const age = (ms: number | undefined) => (ms === undefined ? undefined : formatDuration(ms));

/** Leaves out absent keys: the payload stays small and the config parser sees only what was set. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
