/**
 * The GraphQL value types of normalised statements. A family that shows
 * statements defines these once (the IAM authorization family does) and
 * others name them; `STATEMENT_FIELDS_SDL` is the field list a statement type
 * of its own (a role's trust statements) starts from.
 */
export const STATEMENT_FIELDS_SDL = /* GraphQL */ `
  "The statement's \`Sid\`, or null."
  sid: String
  "\`Allow\` or \`Deny\`."
  effect: String!
  "\`Action\` as a list (one string is a one-item list; empty when the statement uses \`NotAction\`). IAM compares actions case-insensitively: \`actions_COVERS\` does, \`actions_INCLUDES\` compares text."
  actions: [String!]!
  "\`NotAction\` as a list: the statement applies to every action but these."
  notActions: [String!]!
  "\`Resource\` as a list (empty in trust policies and with \`NotResource\`)."
  resources: [String!]!
  "\`NotResource\` as a list."
  notResources: [String!]!
  "\`Principal\` entries as \`TYPE|value\`: \`AWS|*\` (\`\\"Principal\\": \\"*\\"\` too), \`AWS|arn:aws:iam::111122223333:root\`, \`Service|ec2.amazonaws.com\`. Empty in identity policies."
  principals: [String!]!
  "\`NotPrincipal\` entries as \`TYPE|value\`."
  notPrincipals: [String!]!
  "Every operator and key of \`Condition\`, one entry each (\`conditions_NONE: {}\`: unconditioned)."
  conditions: [IAMPolicyCondition!]!
  "Some \`Action\` entry matches every action (\`*\`, \`*:*\`). \`NotAction\` never counts; says nothing of \`effect\`."
  grantsAllActions: Boolean!
  "Some \`Resource\` entry is \`*\`. \`NotResource\` never counts."
  onAllResources: Boolean!
`;

export const POLICY_STATEMENT_SDL = /* GraphQL */ `
  """
  One statement of a policy document, as IAM reads it: \`Statement\`,
  \`Action\` and \`Resource\` may be written as one item or a list; here
  they are always lists.
  """
  type IAMPolicyStatement {
    ${STATEMENT_FIELDS_SDL}
  }

  "One operator and key of a statement's \`Condition\`, e.g. \`{ operator: \\"StringEquals\\", key: \\"aws:SourceAccount\\", values: [\\"111122223333\\"] }\`."
  type IAMPolicyCondition {
    "As written: \`StringEquals\`, \`ForAnyValue:StringLike\`, \`BoolIfExists\`."
    operator: String!
    key: String!
    "As text: JSON booleans and numbers read as \`true\`, \`42\`."
    values: [String!]!
  }

  "One principal of a statement's \`Principal\`."
  type IAMPolicyPrincipal {
    "\`AWS\`, \`Service\`, \`Federated\` or \`CanonicalUser\`."
    type: String!
    "\`*\`, an account id, an ARN, or a service or provider name."
    value: String!
    "The 12-digit account the principal belongs to (an account id, or the account of an ARN); null when it names none (\`*\`, services, unique ids of deleted principals)."
    accountId: String
    "Anyone (\`AWS|*\`), or an AWS principal of an account other than the policy's own."
    otherAccount: Boolean!
  }
`;

export const STATEMENT_FIELDS = ['sid', 'effect', 'actions', 'notActions', 'resources', 'notResources', 'principals', 'notPrincipals', 'conditions', 'grantsAllActions', 'onAllResources'] as const;

/** The value types' fields, for a module's `values`. */
export const POLICY_STATEMENT_VALUES: Readonly<Record<string, readonly string[]>> = {
  IAMPolicyStatement: STATEMENT_FIELDS,
  IAMPolicyCondition: ['operator', 'key', 'values'],
  IAMPolicyPrincipal: ['type', 'value', 'accountId', 'otherAccount'],
};
