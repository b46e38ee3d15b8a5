import type { AwsConnectorConfig, OrganizationDiscoveryConfig } from '../../config/config.js';
import { AwsConnector } from './aws-connector.js';
import { discoverOrganization } from './organization.js';
import { BaseSession } from './session.js';
import { resolveTiming, type AwsTiming } from './timing.js';
import type { AccountSlots } from '../account-slots.js';
import type { Log } from '../log.js';

export { AwsConnector, type AwsConnectorOptions } from './aws-connector.js';
export { DISCOVERY_ID } from './organization.js';
export { DEFAULT_TIMING, type AwsTiming } from './timing.js';

/** A configured live account: base credentials from the profile (or environment), optionally a role. */
export function createAwsConnector(entry: Omit<AwsConnectorConfig, 'kind'>, timing?: Partial<AwsTiming>, slots?: AccountSlots, log?: Log): AwsConnector {
  const resolved = resolveTiming(timing);
  return new AwsConnector({
    id: entry.id,
    name: entry.name,
    session: new BaseSession({ profile: entry.profile, region: entry.region, maxAttempts: resolved.maxAttempts }),
    role: entry.roleArn ? { roleArn: entry.roleArn, externalId: entry.externalId } : undefined,
    regions: entry.regions,
    maxReportAgeMs: entry.maxReportAge,
    timing: resolved,
    slots,
    log,
  });
}

/** Every ACTIVE account of the Organization; rejects with a ConnectorError (id "organization") when discovery fails. */
export function createOrganizationConnectors(entry: Omit<OrganizationDiscoveryConfig, 'kind'>, timing?: Partial<AwsTiming>, slots?: AccountSlots, log?: Log): Promise<AwsConnector[]> {
  return discoverOrganization({ ...entry, kind: 'organization' }, resolveTiming(timing), slots, log);
}
