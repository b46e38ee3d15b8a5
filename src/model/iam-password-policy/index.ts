import { isNotConfigured } from '../../sources/source.js';
import { defineModule } from '../module.js';
import { getAccountPasswordPolicy, type AwsPasswordPolicy } from './sources.js';

/**
 * What IAM enforces when an account has no custom policy: 8 characters,
 * no per-class requirements, no expiry, no reuse prevention, and users
 * cannot change their own password unless a policy grants it.
 */
export const AWS_DEFAULT_PASSWORD_POLICY: AwsPasswordPolicy = {
  MinimumPasswordLength: 8,
  RequireSymbols: false,
  RequireNumbers: false,
  RequireUppercaseCharacters: false,
  RequireLowercaseCharacters: false,
  AllowUsersToChangePassword: false,
  ExpirePasswords: false,
  HardExpiry: false,
};

/** The account password policy: one per account, AWS's default where none is set. */
export default defineModule({
  name: 'iam-password-policy',
  sdl: /* GraphQL */ `
    """
    The account password policy. An account without a custom policy still has
    one, with the values AWS applies by default and \`isDefault: true\`.
    """
    type IAMPasswordPolicy implements Asset {
      id: ID!
      name: String
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
      "True when the account has no custom policy and AWS's default applies."
      isDefault: Boolean!
      minimumPasswordLength: Int
      requireSymbols: Boolean
      requireNumbers: Boolean
      requireUppercaseCharacters: Boolean
      requireLowercaseCharacters: Boolean
      allowUsersToChangePassword: Boolean
      expirePasswords: Boolean
      maxPasswordAge: Int
      passwordReusePrevention: Int
      hardExpiry: Boolean
    }
  `,
  sources: [getAccountPasswordPolicy],
  types: {
    IAMPasswordPolicy: {
      root: 'iamPasswordPolicies',
      description: 'One password policy per account, the default where none is set.',
      needs: [getAccountPasswordPolicy],
      fields: [
        'id', 'name', 'isDefault', 'minimumPasswordLength', 'requireSymbols', 'requireNumbers', 'requireUppercaseCharacters',
        'requireLowercaseCharacters', 'allowUsersToChangePassword', 'expirePasswords', 'maxPasswordAge', 'passwordReusePrevention', 'hardExpiry',
      ],
      rows: (view) => {
        const value = view.value(getAccountPasswordPolicy);
        const isDefault = isNotConfigured(getAccountPasswordPolicy, value);
        const policy = isDefault ? AWS_DEFAULT_PASSWORD_POLICY : (value as { PasswordPolicy: AwsPasswordPolicy }).PasswordPolicy;
        return [
          {
            id: `${view.accountId}/iam-password-policy`,
            name: 'IAM password policy',
            isDefault,
            minimumPasswordLength: policy.MinimumPasswordLength ?? null,
            requireSymbols: policy.RequireSymbols ?? null,
            requireNumbers: policy.RequireNumbers ?? null,
            requireUppercaseCharacters: policy.RequireUppercaseCharacters ?? null,
            requireLowercaseCharacters: policy.RequireLowercaseCharacters ?? null,
            allowUsersToChangePassword: policy.AllowUsersToChangePassword ?? null,
            expirePasswords: policy.ExpirePasswords ?? null,
            maxPasswordAge: policy.MaxPasswordAge ?? null,
            passwordReusePrevention: policy.PasswordReusePrevention ?? null,
            hardExpiry: policy.HardExpiry ?? null,
          },
        ];
      },
    },
  },
});
