/**
 * `<list>_COVERS`: some item of a list of IAM patterns matches the value the
 * way IAM matches it (`*`, `?`; actions case-insensitively), so
 * `actions_COVERS: "iam:PassRole"` finds `iam:*` and `*` too.
 */
import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/filters/compile.js';
import { generateFilters } from '../../src/filters/generate.js';
import { iamWildcardMatches } from '../../src/filters/operators.js';
import { createEngine } from '../../src/index.js';
import { PROJECT_ROOT } from '../support/cli.js';

describe('IAM wildcard matching', () => {
  it.each([
    ['*', 'iam:PassRole', true],
    ['*', '', true],
    ['iam:*', 'iam:PassRole', true],
    ['iam:Pass*', 'iam:PassRole', true],
    ['iam:?assRole', 'iam:PassRole', true],
    ['s3:Get*Acl', 's3:GetObjectVersionAcl', true],
    ['s3:Get*Acl', 's3:GetObjectVersionAclX', false],
    ['iam:Pass', 'iam:PassRole', false],
    ['iam:PassRole', 'iam:Pass', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket-two/a', false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['**', 'anything', true],
    ['?', '', false],
  ])('%s matches %s: %s', (pattern, value, expected) => {
    expect(iamWildcardMatches(pattern, value)).toBe(expected);
  });

  it('treats regular-expression characters in a pattern as text', () => {
    expect(iamWildcardMatches('s3:Get.*', 's3:GetObject')).toBe(false);
    expect(iamWildcardMatches('(a|b)', 'a')).toBe(false);
    expect(iamWildcardMatches('(a|b)', '(a|b)')).toBe(true);
  });

  it('answers a hostile pattern (many stars, no match) without backtracking for ever', () => {
    expect(iamWildcardMatches(`${'*a'.repeat(500)}b`, 'a'.repeat(5000))).toBe(false);
  });
});

describe('the _COVERS filter', () => {
  const SDL = /* GraphQL */ `
    interface Asset { id: ID! connector: Connector! }
    type Connector implements Asset { id: ID! connector: Connector! }
    type Statement implements Asset { id: ID! connector: Connector! actions: [String!]! resources: [String!]! name: String }
  `;
  const { plan, sdl } = generateFilters(buildASTSchema(parse(SDL)));
  const covers = (where: Record<string, unknown>, node: Record<string, unknown>) => compileWhere(plan, 'StatementWhere', where, 0)(node);

  it('is generated for lists of strings only, and described', () => {
    expect(plan.get('StatementWhere')!.has('actions_COVERS')).toBe(true);
    expect(plan.get('StatementWhere')!.has('name_COVERS')).toBe(false);
    expect(sdl).toMatch(/"actions: some item, read as an IAM wildcard pattern .*iam:PassRole.*"\n {2}actions_COVERS: String\n/);
  });

  it('finds the action itself, and every pattern that covers it, case-insensitively', () => {
    for (const actions of [['iam:PassRole'], ['s3:GetObject', 'iam:Pass*'], ['iam:*'], ['*'], ['IAM:passrole']]) {
      expect(covers({ actions_COVERS: 'iam:PassRole' }, { actions }), JSON.stringify(actions)).toBe(true);
    }
    for (const actions of [[], ['iam:PassRoles'], ['iam:Get*'], ['s3:*']]) {
      expect(covers({ actions_COVERS: 'iam:PassRole' }, { actions }), JSON.stringify(actions)).toBe(false);
    }
    expect(covers({ actions_COVERS: 'IAM:PASSROLE' }, { actions: ['iam:Pass*'] })).toBe(true);
  });

  it('compares ARNs and principals as written, as IAM does', () => {
    expect(covers({ resources_COVERS: 'arn:aws:s3:::Bucket/key' }, { resources: ['arn:aws:s3:::bucket/*'] })).toBe(false);
    expect(covers({ resources_COVERS: 'arn:aws:s3:::bucket/key' }, { resources: ['arn:aws:s3:::bucket/*'] })).toBe(true);
  });

  it('leaves _INCLUDES as it was: the item itself, compared as text', () => {
    expect(covers({ actions_INCLUDES: 'iam:PassRole' }, { actions: ['iam:*'] })).toBe(false);
    expect(covers({ actions_INCLUDES: 'iam:*' }, { actions: ['iam:*'] })).toBe(true);
  });

  it('reads a null or missing list as covering nothing', () => {
    expect(covers({ actions_COVERS: 'iam:PassRole' }, { actions: null })).toBe(false);
    expect(covers({ actions_COVERS: null }, { actions: ['*'] })).toBe(false);
  });
});

describe('on the IAM graph', () => {
  it('finds the policies and roles that cover an action or a principal', async () => {
    const engine = await createEngine({ config: { connectors: [{ id: 'graph', provider: 'aws', snapshot: `${PROJECT_ROOT}/test/fixtures/modules/iam-authorization/graph` }] }, storedChecks: false });
    const result = await engine.query(`{
      passRole: iamPolicies(where: { iamPolicyStatements_SOME: { effect: "Allow", actions_COVERS: "iam:PassRole" } }) { name }
      listBucket: iamPolicies(where: { iamPolicyStatements_SOME: { actions_COVERS: "S3:LISTBUCKET" } }) { name }
      partner: iamRoles(where: { hasIAMAssumeRolePolicyStatement_SOME: { principals_COVERS: "AWS|arn:aws:iam::999988887777:root" } }) { name }
    }`);
    expect(result.errors).toBeUndefined();
    // AdminEverything ("*"); ReadOnlyAccess has iam:Get*/iam:List* only; PowerUserAccess allows iam:* only through NotAction.
    expect(result.data).toEqual({
      passRole: [{ name: 'AdminEverything' }],
      listBucket: [{ name: 'AdminEverything' }, { name: 'ReadOnlyAccess' }, { name: 'DataReaders' }, { name: 'BoundaryDevelopers' }, { name: 'vendor-read-bucket' }],
      partner: [{ name: 'partner-audit' }, { name: 'vendor-access' }],
    });
    await engine.close();
  });
});
