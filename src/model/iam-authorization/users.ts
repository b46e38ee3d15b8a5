import { getCredentialReport } from '../iam-credential-report/sources.js';
import { many, one, type GraphView, type Relation } from '../module.js';
import { authorizationIn, cut, type Authorization } from './authorization.js';
import { oncePerRow, rowsWithIds } from './graph-rows.js';
import { policiesOf } from './policies.js';
import { getAccountAuthorizationDetails, type UserDetailValue } from './sources.js';
import { boundaryOf, tagsOf } from './values.js';

const byArn = (row: Record<string, unknown>) => row.arn as string;

/** Report users checked against these authorization details (once per account graph: the report's rows are built once). */
const checked = new WeakMap<readonly Record<string, unknown>[], Authorization>();

/**
 * IAMUser rows come from the credential report, their groups and policies
 * from the authorization details: the two must list the same users. One
 * without the other (a user created or deleted between the two reads) is
 * the account's ERROR, naming the user: a check over users must not miss
 * one, nor read another's policies as none.
 */
function sameUsers(graph: GraphView, authorization: Authorization): void {
  const report = graph.rows('IAMUser');
  if (checked.get(report) === authorization) return;
  const mismatch = (arn: string, inFile: string, notIn: string): never =>
    graph.dangling(`IAM user ${cut(arn)} is in ${inFile} but not in ${notIn} (a user created or deleted between the two reads: generate the credential report again and read both together)`);
  const details = graph.read(getAccountAuthorizationDetails).origin;
  const credentials = graph.read(getCredentialReport).origin;
  for (const row of report) if (!authorization.userByArn.has(row.arn as string)) mismatch(row.arn as string, credentials, details);
  const inReport = graph.index('IAMUser', byArn);
  for (const user of authorization.users) if (!inReport.has(user.Arn)) mismatch(user.Arn, details, credentials);
  checked.set(report, authorization);
}

/** The IAMUser rows of these user ARNs, every one of which must be a report user. */
export function reportUsers(graph: GraphView, arns: readonly string[]): Record<string, unknown>[] {
  sameUsers(graph, authorizationIn(graph));
  return rowsWithIds(graph, 'IAMUser', arns);
}

function detailOf(user: Record<string, unknown>, graph: GraphView): UserDetailValue {
  const authorization = authorizationIn(graph);
  sameUsers(graph, authorization);
  return authorization.userByArn.get(user.arn as string)!;
}

/** Read from the authorization details: loaded with the types that need them. */
const VIA = ['IAMPolicy'];
const scalar = (to: string, read: (detail: UserDetailValue) => unknown): Relation => one(to, oncePerRow((user, graph) => read(detailOf(user, graph))), VIA);

/** What the authorization details add to the credential report's users. */
export const userRelations: Record<string, Relation> = {
  hasIAMGroup: many('IAMGroup', oncePerRow((user, graph) => {
    const detail = detailOf(user, graph);
    return rowsWithIds(graph, 'IAMGroup', (authorizationIn(graph).groupsOfUser.get(detail.Arn) ?? []).map((group) => group.Arn));
  }), VIA),
  iamPolicies: many('IAMPolicy', oncePerRow((user, graph) => policiesOf(graph, detailOf(user, graph).Arn)), VIA),
  permissionsBoundary: scalar('IAMPermissionsBoundary', (detail) => boundaryOf(detail.PermissionsBoundary)),
  tags: { ...scalar('IAMTag', (detail) => tagsOf(detail.Tags)), many: true },
  path: scalar('String', (detail) => detail.Path),
  userId: scalar('String', (detail) => detail.UserId),
  createDate: scalar('DateTime', (detail) => detail.CreateDate),
};
