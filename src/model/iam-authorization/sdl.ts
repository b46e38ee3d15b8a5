import { POLICY_STATEMENT_SDL, STATEMENT_FIELDS_SDL } from '../policy-statements/index.js';

/** The IAM graph of GetAccountAuthorizationDetails: groups, roles, policies, and what it adds to the credential report's users. */
export const AUTHORIZATION_SDL = /* GraphQL */ `
  "An IAM group."
  type IAMGroup implements Asset {
    "The group's ARN."
    id: ID!
    name: String
    arn: String!
    groupId: String!
    path: String!
    createDate: DateTime
    "The IAM users in the group."
    members: [IAMUser!]!
    "The managed policies attached to the group and its inline policies."
    iamPolicies: [IAMPolicy!]!
    accountId: String!
    provider: String!
    cloudProvider: String!
    connector: Connector!
  }

  "An IAM role."
  type IAMRole implements Asset {
    "The role's ARN."
    id: ID!
    name: String
    arn: String!
    roleId: String!
    path: String!
    createDate: DateTime
    "When the role was last assumed (IAM tracks the last 400 days); null when it was not used in that time."
    lastUsedDate: DateTime
    "The region it was last used in."
    lastUsedRegion: String
    tags: [IAMTag!]!
    "The instance profiles the role is in (EC2 instances get the role through one)."
    instanceProfiles: [IAMInstanceProfile!]!
    permissionsBoundary: IAMPermissionsBoundary
    "The trust policy (AssumeRolePolicyDocument) as JSON text, for \`_MATCHES\` and \`_CONTAINS\`."
    assumeRolePolicyDocument: String!
    "The trust policy's statements: who may assume the role."
    hasIAMAssumeRolePolicyStatement: [IAMAssumeRolePolicyStatement!]!
    "The managed policies attached to the role and its inline policies."
    iamPolicies: [IAMPolicy!]!
    accountId: String!
    provider: String!
    cloudProvider: String!
    connector: Connector!
  }

  """
  An IAM policy: managed (by AWS or by the account) or inline (embedded in
  one user, group or role). Statements are those of the default version.
  """
  type IAMPolicy implements Asset {
    "The ARN of a managed policy; \`<owner ARN>/inline-policy/<name>\` for an inline one."
    id: ID!
    name: String
    policyName: String!
    "Managed policies only; null for inline ones."
    arn: String
    policyId: String
    path: String
    "\`AWS\` (AWS managed), \`Custom\` (managed by the account) or \`Inline\`."
    policyType: String!
    "Users, groups and roles it is attached to, as IAM counts them (1 for an inline policy)."
    attachmentCount: Int!
    "How many users and roles use it as their permissions boundary (managed policies; null for inline)."
    permissionsBoundaryUsageCount: Int
    "Attached to at least one user, group or role (an inline policy always is)."
    attached: Boolean!
    isAttachable: Boolean!
    defaultVersionId: String
    description: String
    createDate: DateTime
    updateDate: DateTime
    "The default version's document as JSON text, for \`_MATCHES\` and \`_CONTAINS\`."
    policyDocument: String!
    "A name unique in the account: the ARN of a managed policy, the id of an inline one."
    internalName: String!
    "The default version's statements."
    iamPolicyStatements: [IAMPolicyStatement!]!
    "The same statements, under the name the public catalogues filter on."
    hasIAMPolicyStatement: [IAMPolicyStatement!]!
    "The users it is attached to (an inline policy: its owner, if a user)."
    iamUsers: [IAMUser!]!
    iamGroups: [IAMGroup!]!
    iamRoles: [IAMRole!]!
    accountId: String!
    provider: String!
    cloudProvider: String!
    connector: Connector!
  }

  ${POLICY_STATEMENT_SDL}

  "A statement of a role's trust policy."
  type IAMAssumeRolePolicyStatement {
    ${STATEMENT_FIELDS_SDL}
    "The principals the statement names, each as \`{ type value }\`."
    hasIAMAssumeRolePolicyPrincipal: [IAMPolicyPrincipal!]!
  }

  type IAMTag {
    key: String!
    value: String!
  }

  type IAMInstanceProfile {
    name: String!
    arn: String!
    instanceProfileId: String!
    path: String!
  }

  "The managed policy that bounds what a user's or role's policies can grant."
  type IAMPermissionsBoundary {
    "\`Policy\`: a managed policy."
    permissionsBoundaryType: String!
    permissionsBoundaryArn: String!
  }

  extend type IAMUser {
    "The groups the user is a member of."
    hasIAMGroup: [IAMGroup!]!
    "The managed policies attached to the user and its inline policies (not those of its groups: \`hasIAMGroup { iamPolicies }\`)."
    iamPolicies: [IAMPolicy!]!
    permissionsBoundary: IAMPermissionsBoundary
    tags: [IAMTag!]!
    path: String
    userId: String
    createDate: DateTime
  }

  extend type Connector {
    "The account's IAM users (the credential report's, root excepted)."
    iamUsers: [IAMUser!]!
    iamGroups: [IAMGroup!]!
    iamRoles: [IAMRole!]!
    "Every managed policy in use or owned by the account, and every inline policy."
    iamPolicies: [IAMPolicy!]!
  }
`;
