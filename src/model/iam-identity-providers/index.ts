import { defineModule, many } from '../module.js';
import { listOpenIdConnectProviders, listSamlProviders, type OpenIdConnectProvidersValue, type SamlProvidersValue } from './sources.js';

/** `arn:aws:iam::<id>:saml-provider/<name>`, `arn:aws:iam::<id>:oidc-provider/<host/path>`: the name is what follows the kind. */
const nameOf = (arn: string) => arn.replace(/^arn:[^:]*:iam::\d*:(saml|oidc)-provider\//, '');

/** The identity providers the account trusts for federation, SAML and OpenID Connect alike. */
export default defineModule({
  name: 'iam-identity-providers',
  sdl: /* GraphQL */ `
    "A SAML or OpenID Connect identity provider of IAM."
    type IAMIdentityProvider implements Asset {
      "The provider's ARN."
      id: ID!
      "The SAML provider's name, or the OIDC provider's URL without \`https://\`."
      name: String
      arn: String!
      "\`SAML\` or \`OIDC\`."
      type: String!
      createDate: DateTime
      "When the SAML metadata document expires (SAML only)."
      validUntil: DateTime
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    extend type Connector {
      iamIdentityProviders: [IAMIdentityProvider!]!
    }
  `,
  sources: [listSamlProviders, listOpenIdConnectProviders],
  types: {
    IAMIdentityProvider: {
      root: 'iamIdentityProviders',
      description: 'SAML and OpenID Connect identity providers.',
      needs: [listSamlProviders, listOpenIdConnectProviders],
      fields: ['id', 'name', 'arn', 'type', 'createDate', 'validUntil'],
      rows: (view) => [
        ...(view.value(listSamlProviders) as SamlProvidersValue).SAMLProviderList.map((provider) => ({
          id: provider.Arn,
          name: nameOf(provider.Arn),
          arn: provider.Arn,
          type: 'SAML',
          createDate: provider.CreateDate ?? null,
          validUntil: provider.ValidUntil ?? null,
        })),
        ...(view.value(listOpenIdConnectProviders) as OpenIdConnectProvidersValue).OpenIDConnectProviderList.map((provider) => ({
          id: provider.Arn,
          name: nameOf(provider.Arn),
          arn: provider.Arn,
          type: 'OIDC',
          createDate: null,
          validUntil: null,
        })),
      ],
    },
  },
  relations: {
    Connector: { iamIdentityProviders: many('IAMIdentityProvider', (_connector, graph) => graph.rows('IAMIdentityProvider')) },
  },
});
