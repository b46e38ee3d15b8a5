import { defineModule, many } from '../module.js';
import { kmsKeyType } from './keys.js';
import { describeKey, getKeyPolicy, getKeyRotationStatus, listKeys } from './sources.js';

const byRegion = (key: Record<string, unknown>) => key.region as string;

/** KMS keys, per region in scope: metadata, rotation (customer managed symmetric keys with KMS material) and the key policy as statements. */
export default defineModule({
  name: 'kms',
  sdl: /* GraphQL */ `
    "A KMS key."
    type KMSKey implements Asset {
      "The key's ARN."
      id: ID!
      "The key id."
      name: String
      keyId: String!
      arn: String!
      "\`CustomerManaged\` or \`AWSManaged\`."
      managementType: String!
      "\`SYMMETRIC_DEFAULT\`, \`RSA_2048\`, \`HMAC_256\`, ..."
      keySpec: String
      keyUsage: String
      "Where the key material comes from: \`AWS_KMS\`, \`EXTERNAL\`, \`AWS_CLOUDHSM\`, \`EXTERNAL_KEY_STORE\`."
      origin: String
      "\`Enabled\`, \`Disabled\`, \`PendingDeletion\`, \`PendingImport\`, ..."
      keyState: String!
      enabled: Boolean!
      "Pending deletion (or replica deletion)."
      scheduleForDeletion: Boolean!
      deletionDate: DateTime
      description: String
      creationDate: DateTime
      multiRegion: Boolean!
      "Customer managed, symmetric, KMS key material: the keys whose rotation status is read (CIS 3.6)."
      rotationApplies: Boolean!
      "Automatic rotation, for the keys it applies to; null for the others (AWS rotates managed keys itself)."
      automaticRotationEnabled: Boolean
      rotationPeriodInDays: Int
      keyPolicy: KMSKeyPolicy!
      "The key policy as JSON text, for \`_MATCHES\` and \`_CONTAINS\`."
      policyDocument: String!
      region: String!
      accountId: String!
      provider: String!
      cloudProvider: String!
      connector: Connector!
    }

    "The key policy named \`default\` (the only one a key has)."
    type KMSKeyPolicy {
      statements: [IAMPolicyStatement!]!
    }

    extend type AWSRegion {
      kmsKeys: [KMSKey!]!
    }

    extend type Connector {
      kmsKeys: [KMSKey!]!
    }
  `,
  sources: [listKeys, describeKey, getKeyRotationStatus, getKeyPolicy],
  types: { KMSKey: kmsKeyType },
  values: { KMSKeyPolicy: ['statements'] },
  relations: {
    AWSRegion: { kmsKeys: many('KMSKey', (region, graph) => graph.index('KMSKey', byRegion).get(region.name as string) ?? []) },
    Connector: { kmsKeys: many('KMSKey', (_connector, graph) => graph.rows('KMSKey')) },
  },
});
