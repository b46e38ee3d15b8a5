import type { AccountIdentity, AccountSummaryMap, AwsPasswordPolicy } from '../connectors/types.js';
import type { CredentialRow } from '../connectors/credential-report.js';

/**
 * Asset objects are what resolvers return and filters read: plain
 * properties or getters named exactly as the SDL fields, so graphql's
 * default resolvers and the compiled `where` predicates both use them as is.
 */

export class ConnectorAsset {
  readonly __typename = 'Connector';
  readonly provider = 'aws';
  readonly accountId: string;
  readonly name: string;
  constructor(readonly id: string, identity: AccountIdentity) {
    this.accountId = identity.accountId;
    this.name = identity.name;
  }
  get connector(): ConnectorAsset {
    return this;
  }
}

/** RootUser and IAMUser: one credential report row each. */
export class CredentialUserAsset {
  readonly provider = 'aws';
  constructor(
    readonly __typename: 'RootUser' | 'IAMUser',
    readonly hasIAMUserCredentials: CredentialRow,
    readonly connector: ConnectorAsset,
  ) {}
  get id(): string {
    return this.hasIAMUserCredentials.arn;
  }
  get arn(): string {
    return this.hasIAMUserCredentials.arn;
  }
  get name(): string {
    return this.hasIAMUserCredentials.user;
  }
  get accountId(): string {
    return this.connector.accountId;
  }
}

export class AccountSummaryAsset {
  readonly __typename = 'IAMAccountSummary';
  readonly provider = 'aws';
  readonly id: string;
  readonly name = 'IAM account summary';
  readonly accountId: string;
  readonly hasIAMAccountSummaryItem: { key: string; value: number }[];
  readonly accountAccessKeysPresent: number | null;
  readonly accountMFAEnabled: number | null;
  constructor(summary: AccountSummaryMap, readonly connector: ConnectorAsset) {
    this.id = `${connector.id}/iam-account-summary`;
    this.accountId = connector.accountId;
    this.hasIAMAccountSummaryItem = Object.entries(summary).map(([key, value]) => ({ key, value }));
    this.accountAccessKeysPresent = summary.AccountAccessKeysPresent ?? null;
    this.accountMFAEnabled = summary.AccountMFAEnabled ?? null;
  }
}

/**
 * What IAM enforces when an account has no custom policy: 8 characters,
 * no per-class requirements, no expiry, no reuse prevention, and users
 * cannot change their own password unless a policy grants it.
 */
export const AWS_DEFAULT_PASSWORD_POLICY: Required<Omit<AwsPasswordPolicy, 'MaxPasswordAge' | 'PasswordReusePrevention'>> = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: false,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: false,
  ExpirePasswords: false,
  HardExpiry: false,
};

export class PasswordPolicyAsset {
  readonly __typename = 'IAMPasswordPolicy';
  readonly provider = 'aws';
  readonly id: string;
  readonly name = 'IAM password policy';
  readonly accountId: string;
  readonly isDefault: boolean;
  readonly minimumPasswordLength: number | null;
  readonly requireSymbols: boolean | null;
  readonly requireNumbers: boolean | null;
  readonly requireUppercaseCharacters: boolean | null;
  readonly requireLowercaseCharacters: boolean | null;
  readonly allowUsersToChangePassword: boolean | null;
  readonly expirePasswords: boolean | null;
  readonly maxPasswordAge: number | null;
  readonly passwordReusePrevention: number | null;
  readonly hardExpiry: boolean | null;
  constructor(custom: AwsPasswordPolicy | null, readonly connector: ConnectorAsset) {
    const policy: AwsPasswordPolicy = custom ?? AWS_DEFAULT_PASSWORD_POLICY;
    this.id = `${connector.id}/iam-password-policy`;
    this.accountId = connector.accountId;
    this.isDefault = custom === null;
    this.minimumPasswordLength = policy.MinimumPasswordLength ?? null;
    this.requireSymbols = policy.RequireSymbols ?? null;
    this.requireNumbers = policy.RequireNumbers ?? null;
    this.requireUppercaseCharacters = policy.RequireUppercaseCharacters ?? null;
    this.requireLowercaseCharacters = policy.RequireLowercaseCharacters ?? null;
    this.allowUsersToChangePassword = policy.AllowUsersToChangePassword ?? null;
    this.expirePasswords = policy.ExpirePasswords ?? null;
    this.maxPasswordAge = policy.MaxPasswordAge ?? null;
    this.passwordReusePrevention = policy.PasswordReusePrevention ?? null;
    this.hardExpiry = policy.HardExpiry ?? null;
  }
}
