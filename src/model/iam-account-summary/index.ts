import { defineModule } from '../module.js';
import { getAccountSummary, type AccountSummaryValue } from './sources.js';

/** The account's IAM summary: one per account. */
export default defineModule({
  name: 'iam-account-summary',
  sdl: /* GraphQL */ `
    "The account's IAM summary (GetAccountSummary)."
    type IAMAccountSummary implements Asset {
      id: ID!
      name: String
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
      "Every SummaryMap entry."
      hasIAMAccountSummaryItem: [IAMAccountSummaryItem!]!
      "Root access keys present, active or not (Security Hub IAM.4 counts these)."
      accountAccessKeysPresent: Int
      "1 when the root user has MFA (Security Hub IAM.9)."
      accountMFAEnabled: Int
    }

    "One SummaryMap entry, e.g. \`{ key: \\"Users\\", value: 12 }\`."
    type IAMAccountSummaryItem {
      key: String!
      value: Int!
    }
  `,
  sources: [getAccountSummary],
  types: {
    IAMAccountSummary: {
      root: 'iamAccountSummaries',
      description: 'One summary per account.',
      needs: [getAccountSummary],
      fields: ['id', 'name', 'hasIAMAccountSummaryItem', 'accountAccessKeysPresent', 'accountMFAEnabled'],
      rows: (view) => {
        const { SummaryMap } = view.value(getAccountSummary) as AccountSummaryValue;
        return [
          {
            id: `${view.accountId}/iam-account-summary`,
            name: 'IAM account summary',
            hasIAMAccountSummaryItem: Object.entries(SummaryMap).map(([key, value]) => ({ key, value })),
            accountAccessKeysPresent: SummaryMap.AccountAccessKeysPresent ?? null,
            accountMFAEnabled: SummaryMap.AccountMFAEnabled ?? null,
          },
        ];
      },
    },
  },
  values: { IAMAccountSummaryItem: ['key', 'value'] },
});
