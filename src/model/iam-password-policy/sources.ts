import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

/** The account password policy; `NoSuchEntity` means the account has none (AWS's defaults apply). */
export const getAccountPasswordPolicy = defineSource({
  id: 'iam/get-account-password-policy',
  service: 'iam',
  command: 'get-account-password-policy',
  operation: 'GetAccountPasswordPolicy',
  permissions: ['iam:GetAccountPasswordPolicy'],
  scope: 'account',
  gives: 'the password policy (CIS 1.8, 1.9)',
  legacyFile: 'password-policy.json',
  notConfigured: ['NoSuchEntity'],
  // Snapshots written before "absent is not empty": no file means no custom policy.
  absentMeans: 'NoSuchEntity',
  malformedCode: 'PasswordPolicyMalformed',
  sdk: { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' },
  // IAM's PasswordPolicy type: the ranges are the API's own constraints.
  shape: aws.object({
    PasswordPolicy: aws.object({
      MinimumPasswordLength: aws.integer(6, 128).optional(),
      RequireSymbols: aws.boolean().optional(),
      RequireNumbers: aws.boolean().optional(),
      RequireUppercaseCharacters: aws.boolean().optional(),
      RequireLowercaseCharacters: aws.boolean().optional(),
      AllowUsersToChangePassword: aws.boolean().optional(),
      ExpirePasswords: aws.boolean().optional(),
      MaxPasswordAge: aws.integer(1, 1095).optional(),
      PasswordReusePrevention: aws.integer(1, 24).optional(),
      HardExpiry: aws.boolean().optional(),
    }),
  }),
});

/** PasswordPolicy of GetAccountPasswordPolicy, in AWS's own field names. */
export interface AwsPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}
