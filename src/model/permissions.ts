import { snapshotPath } from '../sources/layout.js';
import { cliCommand } from '../sources/source.js';
import type { Registry } from './registry.js';

/** What reading an account needs besides its sources: naming it, and reaching it. */
const ACCOUNT_ACCESS = [
  { permission: 'iam:ListAccountAliases', why: 'the account alias as its name (optional: without it the account is named by its id)' },
];

/**
 * The IAM policy a principal needs to read every source of every family:
 * derived from the registry, so a new family's permissions are listed by
 * declaring its sources. `sts:AssumeRole` (on the roles assetql assumes) and
 * `organizations:ListAccounts` (for `discover: organization`) are the
 * caller's, not the audited account's, and are documented beside it.
 */
export function readOnlyPolicy(registry: Registry): { Version: string; Statement: { Sid: string; Effect: string; Action: string[]; Resource: string }[] } {
  const actions = new Set<string>(ACCOUNT_ACCESS.map((entry) => entry.permission));
  for (const source of registry.sources) for (const permission of source.permissions) actions.add(permission);
  return { Version: '2012-10-17', Statement: [{ Sid: 'AssetqlRead', Effect: 'Allow', Action: [...actions].sort(), Resource: '*' }] };
}

/**
 * Every source as a markdown table: its snapshot file, the AWS CLI command
 * that writes it, the permission it needs, and why it is read. Derived from
 * the registry; docs/sources.md holds it (a test keeps the two equal).
 */
export function sourcesTable(registry: Registry): string {
  const rows = registry.sources.map((source) => {
    const calls = source.perResource ? `per ${source.perResource.param}${source.scope === 'region' ? ' and region' : ''}` : source.scope === 'region' ? 'per region' : 'per account';
    const file = source.scope === 'region' ? snapshotPath(source, { region: '<region>' }) : snapshotPath(source);
    return `| \`${file}\` | \`${cliCommand(source)}\` | \`${source.permissions.join('`, `')}\` | ${calls} | ${source.gives} |`;
  });
  for (const entry of ACCOUNT_ACCESS) rows.push(`| \`snapshot.json\` (\`accountAliases\`) | \`aws iam list-account-aliases\` | \`${entry.permission}\` | per account | ${entry.why} |`);
  return ['| snapshot file | AWS CLI command | permission | calls | gives |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
