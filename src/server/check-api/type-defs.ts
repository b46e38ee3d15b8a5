/** The check API's SDL, layered on the asset schema. Field names and values follow the check runner's JSON report. */
export const checkApiTypeDefs = /* GraphQL */ `
"How urgent a check's findings are, most urgent first."
enum Severity {
  critical
  high
  medium
  low
  info
}

"The outcome of one check on one account."
enum CheckStatus {
  "The query returned what the check expects."
  PASS
  "Findings that no active exception waives."
  FAIL
  "The check could not give a verdict (e.g. the account could not be read)."
  ERROR
  "Every finding is waived by an active exception."
  WAIVED
}

"Whether an exception still waives the finding it matches."
enum ExceptionState {
  active
  expired
}

"Any JSON value: only a finding's value is untyped, since it is whatever the check's query selected."
scalar JSON

"Control ids of one compliance framework, e.g. cis-aws-foundations-v3.0.0: [\\"1.4\\"]."
type ComplianceMapping {
  framework: String!
  controls: [String!]!
}

"A stored check: a query, what its result must be, and what to do when it is not."
type Check {
  id: ID!
  title: String!
  description: String
  severity: Severity!
  "Asset types the check covers (e.g. RootUser)."
  subjects: [String!]!
  "GraphQL in the query dialect; the outer braces may be left out."
  query: String!
  "The expectation, e.g. \\"eq []\\"."
  expect: String!
  "Dot path picking the asset at fault out of each result element, e.g. connector."
  returnPath: String
  "Markdown."
  remediation: String
  references: [String!]!
  compliance: [ComplianceMapping!]!
}

input ComplianceMappingInput {
  framework: String!
  controls: [String!]!
}

"A check to register; validated as \`assetql check add\` validates a check file."
input CheckInput {
  "Lower-case letters, digits, ., _ and -; also the stored file's name."
  id: String!
  title: String!
  description: String
  severity: Severity!
  subjects: [String!]
  query: String!
  expect: String!
  returnPath: String
  remediation: String
  references: [String!]
  compliance: [ComplianceMappingInput!]
}

"An approved exception that matched a finding."
type AppliedException {
  "active waives the finding; expired says it no longer does, and since when."
  state: ExceptionState!
  owner: String!
  reason: String!
  expires: DateTime!
  "Where the exception is written (file:line)."
  source: String!
}

"One violating asset (or the account, when the result names no asset)."
type Finding {
  "The asset at fault: its ARN, else its asset id, else the connector id."
  resource: String!
  name: String
  accountId: String
  "The asset's GraphQL type, when the query selected __typename."
  type: String
  severity: Severity!
  remediation: String
  message: String!
  "The result element narrowed by returnPath, as the query returned it."
  value: JSON
  "The exception covering this finding, if any."
  exception: AppliedException
}

type CheckResult {
  check: ID!
  title: String!
  severity: Severity!
  connector: ID!
  status: CheckStatus!
  findings: [Finding!]!
  "With ERROR: what went wrong, led by the connector error code when there is one."
  error: String
  errorCode: String
}

"An exception in the run's scope that matched no finding (it may be lifted)."
type StaleException {
  check: ID!
  connector: ID!
  resource: String
  owner: String!
  expires: DateTime!
  expired: Boolean!
  source: String!
}

type RunSummary {
  "The clock the run used."
  now: DateTime!
  checks: Int!
  connectors: Int!
  results: Int!
  pass: Int!
  fail: Int!
  error: Int!
  waived: Int!
  "Findings across FAIL results that no active exception covers."
  findings: Int!
  staleExceptions: [StaleException!]!
  "As \`assetql check run\` would exit: 0 pass, 1 fail, 2 error."
  exitCode: Int!
}

type CheckRun {
  results: [CheckResult!]!
  summary: RunSummary!
}

extend type Query {
  "The registered checks, in id order."
  checks: [Check!]!
  "One registered check, or null."
  check(id: ID!): Check
}

type Mutation {
  """
  Validates a check as \`assetql check add\` does (shape, query against the
  schema, expectation, returnPath), registers it and stores it in the check
  folder. Every problem comes back as an error naming the field.
  """
  registerCheck(input: CheckInput!): Check!
  """
  Runs registered checks once per account, with the config's exceptions.
  Leave a list out (or empty) for all; \`now\` (ISO-8601) fixes the clock.
  """
  runChecks(checks: [ID!], severities: [Severity!], connectors: [ID!], now: String): CheckRun!
}
`;
