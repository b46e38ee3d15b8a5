import { z } from 'zod';
import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** IAM's account-wide counts and quotas. */
export const getAccountSummary = defineSource({
  id: 'iam/get-account-summary',
  service: 'iam',
  command: 'get-account-summary',
  operation: 'GetAccountSummary',
  permissions: ['iam:GetAccountSummary'],
  scope: 'account',
  gives: 'root access keys present and root MFA, as AWS Config and Security Hub count them (IAM.4, IAM.9)',
  legacyFile: 'account-summary.json',
  malformedCode: 'AccountSummaryMalformed',
  sdk: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  shape: aws.object({ SummaryMap: z.record(z.string(), aws.integer(), { error: 'expected an object' }) }),
});

export interface AccountSummaryValue {
  SummaryMap: Record<string, number>;
}
