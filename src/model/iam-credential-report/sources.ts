import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';
import { liveCredentialReport } from './fetch-report.js';

/**
 * The IAM credential report: one CSV row per user and one for root. Its
 * snapshot file predates the layout rule and holds the CSV itself
 * (`aws iam get-credential-report --query Content --output text | base64 -d`);
 * the time IAM generated it is in snapshot.json.
 */
export const getCredentialReport = defineSource({
  id: 'iam/get-credential-report',
  service: 'iam',
  command: 'get-credential-report',
  operation: 'GetCredentialReport',
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  scope: 'account',
  gives: 'every user\'s passwords, access keys, certificates and MFA, and the root user\'s (CIS 1.4-1.5, 1.7, 1.10-1.14)',
  legacyFile: 'credential-report.csv',
  text: true,
  sdk: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  live: liveCredentialReport,
  shape: aws.object({ Content: aws.string(), GeneratedTime: aws.timestamp().optional() }),
});

export interface CredentialReportValue {
  Content: string;
  GeneratedTime?: string;
}
