import { defineModule } from '../module.js';

/** The account itself: one Connector per configured (or discovered) account, built from its identity alone. */
export default defineModule({
  name: 'connector',
  sdl: /* GraphQL */ `
    "One AWS account, as configured (snapshot folder or live AWS)."
    type Connector implements Asset {
      "Connector id from the config; the account id for discovered accounts."
      id: ID!
      "Configured name, else the account alias, else the id."
      name: String
      "The account's root principal, \`arn:aws:iam::<account id>:root\`: the account's identity whatever the connector is called."
      arn: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }
  `,
  sources: [],
  types: {
    Connector: {
      root: 'connectors',
      description: 'Every configured account.',
      needs: [],
      fields: ['id', 'name', 'arn'],
      rows: (view) => [{ id: view.connectorId, name: view.accountName, arn: `arn:aws:iam::${view.accountId}:root` }],
    },
  },
});
