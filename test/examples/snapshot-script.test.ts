/**
 * examples/snapshot-with-aws-cli.sh writes, with the AWS CLI alone, the
 * snapshot layout of every source assetql reads: when a family adds a
 * source, this fails until the script writes its file too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/model/registry.js';
import { snapshotPath } from '../../src/sources/layout.js';
import { PROJECT_ROOT } from '../support/cli.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&');
const SCRIPT = readFileSync(path.join(PROJECT_ROOT, 'examples/snapshot-with-aws-cli.sh'), 'utf8');

describe('examples/snapshot-with-aws-cli.sh', () => {
  it('writes the file of every account-wide source with the command that prints it', () => {
    for (const source of new Registry().sources.filter((s) => s.scope === 'account')) {
      const file = snapshotPath(source);
      if (source.text) {
        // The credential report: its CSV, decoded, is the file.
        expect(SCRIPT).toContain(`aws ${source.service} ${source.command} --query Content --output text | base64 -d > "$out/${file}"`);
        continue;
      }
      // One call per resource (bucket) in the resource's region, the answers keyed by it in one file.
      const runner = source.perResource ? 'run_per_bucket' : 'run';
      expect(SCRIPT, source.id).toContain(`${runner} ${file} ${[source.service, source.command, ...(source.cliArgs ?? [])].join(' ')}`);
    }
  });

  it('writes every regional source in each region read', () => {
    for (const source of new Registry().sources.filter((s) => s.scope === 'region')) {
      const file = `regions/$region/${source.service}/${source.command}.json`;
      const command = [source.service, source.command, ...(source.cliArgs ?? [])].join(' ');
      if (!source.perResource) {
        expect(SCRIPT, source.id).toContain(`run ${file} ${command} --region "$region"`);
        continue;
      }
      // Per resource: one call per key the loop lists, given with the command's own flag, into one file.
      const each = new RegExp(`run_each ${escape(file)} ${escape(source.perResource.cliParam)} "\\$[a-z_]+" ${escape(command)} --region "\\$region"`);
      expect(SCRIPT, source.id).toMatch(each);
    }
  });
});

describe('examples/snapshot-with-aws-cli.sh, run', () => {
  // About 50 AWS CLI processes (six per bucket): the bound is generous for a busy machine, not a timing.
  it('writes, with the AWS CLI alone, a folder that reads back as the account it was run against', async () => {
    const { existsSync, mkdtempSync, writeFileSync, chmodSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { execFile } = await import('node:child_process');
    const { startAwsEndpoint } = await import('../support/aws-endpoint/index.js');
    const { foldersOf, servedAccounts } = await import('../support/aws-endpoint/served-folders.js');
    const { createEngine } = await import('../../src/index.js');
    if (!existsSync('/usr/bin/aws')) throw new Error('Debian\'s AWS CLI is missing: apt-get install -y awscli');
    const source = path.join(PROJECT_ROOT, 'examples/accounts/production');
    const [account] = await servedAccounts(foldersOf([source]));
    const accountId = account.id;
    const endpoint = await startAwsEndpoint({ accounts: [account] });
    try {
      // The AWS CLI on this Debian predates AWS_ENDPOINT_URL: a wrapper adds --endpoint-url, the script runs unchanged.
      const bin = mkdtempSync(path.join(tmpdir(), 'assetql-aws-shim-'));
      writeFileSync(path.join(bin, 'aws'), `#!/bin/sh\nexec /usr/bin/aws --endpoint-url "${endpoint.url}" "$@"\n`);
      chmodSync(path.join(bin, 'aws'), 0o755);
      const out = path.join(mkdtempSync(path.join(tmpdir(), 'assetql-cli-snapshot-')), 'production');
      const env = {
        PATH: `${bin}:/usr/bin:/bin`,
        HOME: tmpdir(),
        AWS_ACCESS_KEY_ID: account.accessKeyId,
        AWS_SECRET_ACCESS_KEY: 'loopback',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const ran = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = execFile('bash', [path.join(PROJECT_ROOT, 'examples/snapshot-with-aws-cli.sh'), out, 'us-east-1', 'eu-west-1'], { env }, (error, _stdout, stderr) => resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stderr }));
        child.stdin?.end();
      });
      expect(ran.code, ran.stderr).toBe(0);
      expect(ran.stderr).toContain(`wrote ${out} (account ${accountId}, 2 regions)`);
      // Every family reads the same from the script's folder as from the folder the endpoint served.
      const query = '{ connectors { id name accountId } rootUsers { arn hasIAMUserCredentials { mfaActive accessKey1Active reportGeneratedAt } } iamUsers { name } iamAccountSummaries { id accountAccessKeysPresent hasIAMAccountSummaryItem { key value } } iamPasswordPolicies { id isDefault minimumPasswordLength passwordReusePrevention } awsRegions { name optInStatus enabled inScope } ' +
        // Logging and monitoring, per-resource files (trail status, key rotation, topic subscriptions) included.
        'trails { arn homeRegion status { isLogging } managementEvents } metricFilters { id filterPattern alarms { arn topics { arn subscriptions { endpoint confirmed } } } } configurationRecorders { id recording allSupported } kmsKeys { arn automaticRotationEnabled keyPolicy { statements { principals } } } securityHubs { id enabled } }';
      const served = await createEngine({ config: { connectors: [{ id: 'production', name: 'Production', provider: 'aws', snapshot: source, regions: ['us-east-1', 'eu-west-1'] }] }, storedChecks: false });
      const written = await createEngine({ config: { connectors: [{ id: 'production', name: 'Production', provider: 'aws', snapshot: out, regions: ['us-east-1', 'eu-west-1'] }] }, storedChecks: false });
      const [expected, actual] = [await served.query(query), await written.query(query)];
      expect(expected.errors).toBeUndefined();
      expect(actual).toEqual(expected);
    } finally {
      await endpoint.close();
    }
  }, 240_000); // about a hundred AWS CLI processes, one per call
});
