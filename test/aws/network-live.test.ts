/**
 * The network checks live: fixture accounts of test/fixtures/cis-network
 * served by the loopback endpoint (EC2's Query dialect, two items a page),
 * read through the pinned SDK by role assumption, give the verdicts the
 * snapshot path gives, ERRORs included; and the cross-type query answers
 * alike through both paths.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/checks/results.js';
import { parseConfig } from '../../src/config/config.js';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { createConnectors } from '../../src/sources/create-connectors.js';
import { startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { NETWORK_CHECKS } from '../cis/network-checks.js';
import { FAST } from './fixtures.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures/cis-network');
/** The instances module's fixture: a public instance in a group open to the internet, roles through a profile. */
const INSTANCES = path.join(PROJECT_ROOT, 'test/fixtures/modules/ec2-instances/network');
/** A representative part of the matrix: each check failing somewhere, a pass at every boundary, a dangling reference. */
const ACCOUNTS = ['compliant', 'sg-all-traffic', 'sg-port-range', 'sg-ipv6-only', 'default-sg-open', 'nacl-allow-all-after-ssh-deny', 'opted-in-region-ebs-off', 'vpc-without-flow-log', 'instance-without-profile', 'imdsv1-stopped', 'volume-of-no-instance'];
const KEY = 'AKIANETWORKLIVE00001';
const IDS = Object.keys(NETWORK_CHECKS);
const NOW = '2024-06-15T00:00:00Z';
const CROSS_TYPE = '{ vms(where: { publicIpAddress_NOT: null, securityGroups_SOME: { rules_SOME: { direction: "Inbound", sources_INCLUDES: "cidr:0.0.0.0/0", destFromPort_LTE: 22, destToPort_GTE: 22 } } }) { instanceID iamRoles { name } securityGroups { groupName } } }';

const accountIdOf = async (name: string) => JSON.parse(await readFile(path.join(FIXTURES, name, 'sts/get-caller-identity.json'), 'utf8')).Account as string;
const verdict = (r: CheckResult) => ({ check: r.check, connector: r.connector, status: r.status, findings: r.findings.map((f) => f.resource).sort(), errorCode: r.errorCode ?? null });

describe('the network checks, live through the loopback endpoint', () => {
  let endpoint: AwsEndpoint;
  let restoreEnv: () => void;
  let live: AssetqlEngine;
  let offline: AssetqlEngine;
  let instancesLive: AssetqlEngine;
  let instancesOffline: AssetqlEngine;

  beforeAll(async () => {
    const ids = await Promise.all(ACCOUNTS.map(accountIdOf));
    const instancesId = JSON.parse(await readFile(path.join(INSTANCES, 'sts/get-caller-identity.json'), 'utf8')).Account as string;
    endpoint = await startAwsEndpoint({
      accounts: [
        { id: ids[0], name: 'compliant', accessKeyId: KEY, snapshot: path.join(FIXTURES, ACCOUNTS[0]) },
        ...ACCOUNTS.slice(1).map((name, i) => ({ id: ids[i + 1], name, snapshot: path.join(FIXTURES, name) })),
        { id: instancesId, name: 'instances', snapshot: INSTANCES },
      ],
    });
    restoreEnv = useSdkEnvironment({ endpointUrl: endpoint.url, accessKeyId: KEY });
    const liveConfig = { connectors: ACCOUNTS.map((name, i) => ({ id: name, provider: 'aws' as const, roleArn: `arn:aws:iam::${ids[i]}:role/OrganizationAccountAccessRole` })) };
    live = await createEngine({ config: liveConfig, connectors: await createConnectors(parseConfig(liveConfig, { baseDir: PROJECT_ROOT }), { awsTiming: FAST }) });
    offline = await createEngine({ config: { connectors: ACCOUNTS.map((name) => ({ id: name, provider: 'aws' as const, snapshot: path.join(FIXTURES, name) })) } });
    const instancesConfig = { connectors: [{ id: 'instances', provider: 'aws' as const, roleArn: `arn:aws:iam::${instancesId}:role/OrganizationAccountAccessRole` }] };
    instancesLive = await createEngine({ config: instancesConfig, connectors: await createConnectors(parseConfig(instancesConfig, { baseDir: PROJECT_ROOT }), { awsTiming: FAST }) });
    instancesOffline = await createEngine({ config: { connectors: [{ id: 'instances', provider: 'aws', snapshot: INSTANCES }] } });
  });
  afterAll(async () => {
    await live?.close();
    await offline?.close();
    await instancesLive?.close();
    await instancesOffline?.close();
    restoreEnv?.();
    await endpoint?.close();
  });

  it('gives every check on every account the verdict the snapshot gives', async () => {
    const [fromLive, fromSnapshot] = await Promise.all([live, offline].map((engine) => engine.runChecks({ checks: IDS, exceptions: [], now: NOW })));
    expect(fromLive.results.map(verdict)).toEqual(fromSnapshot.results.map(verdict));
    // Not vacuous: the part holds passes, failures of every check and an ERROR.
    expect(new Set(fromLive.results.filter((r) => r.status === 'FAIL').map((r) => r.check))).toEqual(new Set(IDS));
    expect(fromLive.results.filter((r) => r.status === 'ERROR').map((r) => `${r.connector} ${r.errorCode}`)).toEqual(['volume-of-no-instance DanglingReference', 'volume-of-no-instance DanglingReference']);
    // EC2's lists were paged: the endpoint hands out two items a page.
    expect(endpoint.calls.filter((c) => c.action === 'DescribeSecurityGroups').length).toBeGreaterThan(ACCOUNTS.length * 2);
  });

  it('answers the cross-type query alike', async () => {
    const [a, b] = await Promise.all([instancesLive.query(CROSS_TYPE), instancesOffline.query(CROSS_TYPE)]);
    expect(b).toEqual({ data: { vms: [{ instanceID: 'i-0a1b2c3d4e5f60001', iamRoles: [{ name: 'web-server' }], securityGroups: [{ groupName: 'web' }, { groupName: 'admin-anywhere' }] }] } });
    expect(a).toEqual(b);
  });
});
