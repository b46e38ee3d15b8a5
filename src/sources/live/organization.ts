import { ListAccountsCommand, type Account } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { OrganizationDiscoveryConfig } from '../../config/config.js';
import { LocalAwsError, toConnectorError } from './aws-error.js';
import { AwsConnector } from './aws-connector.js';
import { withRetry } from './retry.js';
import { BaseSession } from './session.js';
import type { AwsTiming } from './timing.js';
import type { AccountSlots } from '../account-slots.js';
import type { Log } from '../log.js';

/** ListAccounts answers at most 20 accounts a page: 2,000 pages is 40,000 accounts, past any Organization's quota. */
const MAX_LIST_ACCOUNTS_PAGES = 2_000;
const ACCOUNT_ID = /^\d{12}$/;

/** Connector id used in errors raised while discovering an Organization. */
export const DISCOVERY_ID = 'organization';

/**
 * Every ACTIVE account of the Organization the base credentials belong to,
 * as one connector each: id = account id, name = account name. The account
 * of the base credentials (the management account) is read with them; every
 * other account through `arn:<partition>:iam::<id>:role/<roleName>`.
 */
export async function discoverOrganization(entry: OrganizationDiscoveryConfig, timing: AwsTiming, slots?: AccountSlots, log?: Log): Promise<AwsConnector[]> {
  const session = new BaseSession({ profile: entry.profile, region: entry.region, maxAttempts: timing.maxAttempts });
  const policy = (operation: string) => ({ deadline: Date.now() + timing.callDeadlineMs, initialMs: timing.retryInitialMs, maxMs: timing.retryMaxMs, operation });

  let caller: { account: string; partition: string };
  try {
    const sts = await session.stsClient();
    const identity = await withRetry((abortSignal) => sts.send(new GetCallerIdentityCommand({}), { abortSignal }), policy('GetCallerIdentity'));
    caller = { account: identity.Account ?? '', partition: identity.Arn?.split(':')[1] ?? 'aws' };
  } catch (error) {
    throw toConnectorError(DISCOVERY_ID, 'GetCallerIdentity', error);
  }

  const accounts: Account[] = [];
  try {
    const organizations = await session.organizationsClient();
    // One deadline per page: a large Organization is many pages.
    let NextToken: string | undefined;
    const seen = new Set<string>();
    do {
      // An endpoint that never stops paging (or pages in a circle) must not hang discovery.
      if (seen.size >= MAX_LIST_ACCOUNTS_PAGES) throw new LocalAwsError('PaginationRunaway', `more than ${MAX_LIST_ACCOUNTS_PAGES} pages of accounts; stopped`);
      const page = await withRetry((abortSignal) => organizations.send(new ListAccountsCommand({ NextToken }), { abortSignal }), policy('ListAccounts'));
      accounts.push(...(page.Accounts ?? []));
      NextToken = page.NextToken;
      if (NextToken !== undefined && seen.has(NextToken)) throw new LocalAwsError('PaginationRunaway', 'the same NextToken came back twice; stopped');
      if (NextToken !== undefined) seen.add(NextToken);
    } while (NextToken);
  } catch (error) {
    throw toConnectorError(DISCOVERY_ID, 'ListAccounts', error);
  }
  // Account ids name folders and roles: anything but 12 digits is a malformed answer, never a path.
  const malformed = accounts.find((account) => typeof account.Id !== 'string' || !ACCOUNT_ID.test(account.Id));
  if (malformed) {
    throw toConnectorError(DISCOVERY_ID, 'ListAccounts', new LocalAwsError('AccountListMalformed', `an account id is not 12 digits: ${JSON.stringify(String(malformed.Id)).slice(0, 40)}`));
  }

  log?.({ level: 'info', message: `Organization: ${accounts.length} accounts listed, ${accounts.filter((a) => (a.State ?? a.Status) === 'ACTIVE').length} ACTIVE`, detail: { operation: 'ListAccounts' } });
  return accounts
    .filter((account) => (account.State ?? account.Status) === 'ACTIVE')
    .map((account) => {
      const id = account.Id as string;
      const isCaller = id === caller.account;
      return new AwsConnector({
        id,
        name: account.Name ?? id,
        accountId: id,
        session,
        role: isCaller ? undefined : { roleArn: `arn:${caller.partition}:iam::${id}:role/${entry.roleName}`, externalId: entry.externalId },
        regions: entry.regions,
        maxReportAgeMs: entry.maxReportAge,
        timing,
        slots,
        log,
      });
    });
}
