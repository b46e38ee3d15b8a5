import { ConnectorError, type AccountIdentity, type Connector, type SourceRead } from '../../src/sources/connector.js';
import { notConfigured, type SourceSpec } from '../../src/sources/source.js';

/** The IAM values a test account holds, one async method each (absent: that source is not collected). */
export interface AccountMethods {
  identify(): Promise<AccountIdentity>;
  credentialReport?(): Promise<{ csv: string; generatedAt: Date | null }>;
  accountSummary?(): Promise<Record<string, number>>;
  /** null: the account has no custom policy (NoSuchEntity). */
  passwordPolicy?(): Promise<Record<string, unknown> | null>;
}

/**
 * A connector built in code from one method per IAM source, answering
 * `read` with what the AWS CLI prints for each: how tests write an account
 * in a few lines, through the same public Connector contract.
 */
export function fromMethods(id: string, methods: AccountMethods): Connector {
  return {
    id,
    provider: 'aws',
    identify: () => methods.identify(),
    async read(source: SourceSpec): Promise<SourceRead> {
      const origin = `code:${source.id}`;
      switch (source.id) {
        case 'iam/get-credential-report': {
          if (!methods.credentialReport) break;
          const report = await methods.credentialReport();
          return { value: { Content: report.csv, ...(report.generatedAt ? { GeneratedTime: report.generatedAt.toISOString() } : {}) }, origin };
        }
        case 'iam/get-account-summary':
          if (!methods.accountSummary) break;
          return { value: { SummaryMap: await methods.accountSummary() }, origin };
        case 'iam/get-account-password-policy': {
          if (!methods.passwordPolicy) break;
          const policy = await methods.passwordPolicy();
          return { value: policy ? { PasswordPolicy: policy } : notConfigured('NoSuchEntity', 'no custom policy'), origin };
        }
      }
      throw new ConnectorError(id, 'NotCollected', `${source.id} is not held by this test account`);
    },
  };
}
