import { aws } from '../../sources/shape.js';
import { defineSource } from '../../sources/source.js';

const iam = { load: () => import('@aws-sdk/client-iam'), client: 'IAMClient' } as const;

export const listSamlProviders = defineSource({
  id: 'iam/list-saml-providers',
  service: 'iam',
  command: 'list-saml-providers',
  operation: 'ListSAMLProviders',
  permissions: ['iam:ListSAMLProviders'],
  scope: 'account',
  gives: 'the SAML identity providers users federate through (evidence for CIS 1.21)',
  sdk: iam,
  shape: aws.object({ SAMLProviderList: aws.list(aws.object({ Arn: aws.string(), ValidUntil: aws.timestamp().optional(), CreateDate: aws.timestamp().optional() })) }),
});

export const listOpenIdConnectProviders = defineSource({
  id: 'iam/list-open-id-connect-providers',
  service: 'iam',
  command: 'list-open-id-connect-providers',
  operation: 'ListOpenIDConnectProviders',
  permissions: ['iam:ListOpenIDConnectProviders'],
  scope: 'account',
  gives: 'the OpenID Connect identity providers (evidence for CIS 1.21)',
  sdk: iam,
  shape: aws.object({ OpenIDConnectProviderList: aws.list(aws.object({ Arn: aws.string() })) }),
});

export interface SamlProvidersValue {
  SAMLProviderList: { Arn: string; ValidUntil?: string; CreateDate?: string }[];
}

export interface OpenIdConnectProvidersValue {
  OpenIDConnectProviderList: { Arn: string }[];
}
