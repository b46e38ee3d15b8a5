import { AwsFault } from './aws-fault.js';
import { callerAccount, type CustomOperations } from './handler.js';

/** How ListAccounts pages: as AWS does, or (to test the bounds) a NextToken that never ends or comes back. */
export type Paging = 'normal' | 'endless' | 'circular';

/** Organizations: ListAccounts, paginated, callable from the management account only. */
export function organizationsOperations(managementAccountId: string, pageSize: number, paging: Paging = 'normal'): CustomOperations {
  return {
    sdk: { load: () => import('@aws-sdk/client-organizations'), client: 'OrganizationsClient' },
    handlers: {
      ListAccounts(request, world) {
        const caller = callerAccount(request, world);
        if (caller.id !== managementAccountId) throw new AwsFault('AccessDeniedException', 400, "You don't have permissions to access this resource.");
        const all = [...world.accounts.values()];
        const start = Number(request.input.NextToken ?? 0);
        const limit = Math.min(Number(request.input.MaxResults ?? pageSize), pageSize);
        const page = all.slice(start, start + limit);
        return {
          Accounts: page.map((account) => ({
            Id: account.id,
            Arn: `arn:aws:organizations::${managementAccountId}:account/o-example/${account.id}`,
            Email: `${account.id}@example.com`,
            Name: account.name,
            State: account.state,
            Status: account.state === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
            JoinedMethod: account.id === managementAccountId ? 'CREATED' : 'INVITED',
            JoinedTimestamp: new Date(1_600_000_000_000),
          })),
          NextToken: paging === 'endless' ? String(start + limit) : paging === 'circular' ? '0' : start + limit < all.length ? String(start + limit) : undefined,
        };
      },
    },
  };
}
