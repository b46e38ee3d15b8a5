/**
 * The one reader of policy documents (identity, trust, and later resource
 * policies): IAM's shorthand forms read as lists, principals as `TYPE|value`,
 * conditions as `{ operator key values }`, and anything that is not a policy
 * refused with where, never read as "grants nothing".
 */
import { describe, expect, it } from 'vitest';
import { PolicyDocumentError, readPolicyStatements } from '../../src/model/policy-statements/index.js';

const OWN = { accountId: '123456789012' };
const read = (document: unknown) => readPolicyStatements(document, OWN);
const refusal = (document: unknown) => {
  try {
    read(document);
  } catch (error) {
    if (error instanceof PolicyDocumentError) return error.message;
    throw error;
  }
  throw new Error('read as a policy');
};

describe('IAM shorthand', () => {
  it('reads a Statement object, an Action string and a Resource string as one-item lists', () => {
    const [statement] = read({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' } });
    expect(statement).toMatchObject({ sid: null, effect: 'Allow', actions: ['s3:GetObject'], notActions: [], resources: ['arn:aws:s3:::b/*'], notResources: [], principals: [], conditions: [] });
  });

  it('keeps NotAction and NotResource apart from Action and Resource', () => {
    const [statement] = read({ Statement: [{ Sid: 'AllButIam', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*'], NotResource: 'arn:aws:s3:::secret/*' }] });
    expect(statement).toMatchObject({ sid: 'AllButIam', actions: [], notActions: ['iam:*', 'organizations:*'], resources: [], notResources: ['arn:aws:s3:::secret/*'], grantsAllActions: false, onAllResources: false });
  });

  it('derives grantsAllActions from an Action entry that matches every action, and onAllResources from "*"', () => {
    const flags = (Action: unknown, Resource: unknown) => {
      const [s] = read({ Statement: { Effect: 'Allow', Action, Resource } });
      return [s.grantsAllActions, s.onAllResources];
    };
    expect(flags('*', '*')).toEqual([true, true]);
    expect(flags(['s3:GetObject', '*:*'], ['arn:aws:s3:::b', '*'])).toEqual([true, true]);
    expect(flags('iam:*', 'arn:*')).toEqual([false, false]);
    expect(flags('*:Get*', '*')).toEqual([false, true]);
    // NotAction "*" grants nothing: not "all actions".
    expect(read({ Statement: { Effect: 'Allow', NotAction: '*', Resource: '*' } })[0].grantsAllActions).toBe(false);
  });

  it('reads "Principal": "*" as AWS|*, and every principal type as TYPE|value with its account', () => {
    const [anyone] = read({ Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } });
    expect(anyone.principals).toEqual(['AWS|*']);
    expect(anyone.principalList).toEqual([{ type: 'AWS', value: '*', accountId: null, otherAccount: true }]);
    const [many] = read({
      Statement: {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { AWS: ['arn:aws:iam::999988887777:root', '123456789012', 'arn:aws:sts::123456789012:assumed-role/r/s', 'AROAEXAMPLEDELETED01'], Service: 'ec2.amazonaws.com', Federated: 'arn:aws:iam::123456789012:saml-provider/idp' },
      },
    });
    expect(many.principals).toEqual([
      'AWS|arn:aws:iam::999988887777:root',
      'AWS|123456789012',
      'AWS|arn:aws:sts::123456789012:assumed-role/r/s',
      'AWS|AROAEXAMPLEDELETED01',
      'Service|ec2.amazonaws.com',
      'Federated|arn:aws:iam::123456789012:saml-provider/idp',
    ]);
    expect(many.principalList.map((p) => [p.accountId, p.otherAccount])).toEqual([
      ['999988887777', true],
      ['123456789012', false],
      ['123456789012', false],
      [null, false],
      [null, false],
      ['123456789012', false],
    ]);
  });

  it('reads conditions as one entry per operator and key, values as text', () => {
    const [statement] = read({
      Statement: {
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 }, 'ForAnyValue:StringLike': { 'aws:PrincipalTag/team': ['web', 'data*'] } },
      },
    });
    expect(statement.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
      { operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] },
      { operator: 'ForAnyValue:StringLike', key: 'aws:PrincipalTag/team', values: ['web', 'data*'] },
    ]);
  });

  it('reads an empty Statement list as a policy that grants nothing', () => {
    expect(read({ Version: '2012-10-17', Statement: [] })).toEqual([]);
  });
});

describe('documents that are not policies', () => {
  it('are refused, naming where, never read as an empty list', () => {
    const cases: [unknown, string][] = [
      ['{"Statement": []}', '(document): expected a JSON object, found "{\\"Statement\\": []}"'],
      [null, '(document): expected a JSON object, found null'],
      [[{ Effect: 'Allow' }], '(document): expected a JSON object, found a list'],
      [{ Version: '2012-10-17' }, 'Statement: missing: a policy has a Statement'],
      [{ Statement: 'Allow everything' }, 'Statement: expected a statement or a list of statements, found "Allow everything"'],
      [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, 7] }, 'Statement[1]: expected a statement object, found 7'],
      [{ Statement: { Action: '*', Resource: '*' } }, 'Statement.Effect: missing: a statement is Allow or Deny'],
      [{ Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] }, 'Statement[0].Effect: expected "Allow" or "Deny", found "allow"'],
      [{ Statement: { Effect: 'Allow', Action: 42, Resource: '*' } }, 'Statement.Action: expected a string or a list of strings, found 42'],
      [{ Statement: { Effect: 'Allow', Action: ['s3:GetObject', { all: true }], Resource: '*' } }, 'Statement.Action[1]: expected a string, found an object'],
      [{ Statement: { Effect: 'Allow', Action: '*', NotAction: 'iam:*', Resource: '*' } }, 'Statement: has both Action and NotAction'],
      [{ Statement: { Effect: 'Allow', Resource: '*' } }, 'Statement: has neither Action nor NotAction'],
      [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' } }, 'Statement: has both Resource and NotResource'],
      [{ Statement: { Effect: 'Allow', Action: '*', Principal: 12 } }, 'Statement.Principal: expected "*" or an object of principal types, found 12'],
      [{ Statement: { Effect: 'Allow', Action: '*', Principal: { AWS: [null] } } }, 'Statement.Principal.AWS[0]: expected a string, found null'],
      [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: ['Bool'] } }, 'Statement.Condition: expected an object of condition operators, found a list'],
      [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: true } } }, 'Statement.Condition.Bool: expected an object of condition keys, found true'],
      [{ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:x': { nested: 1 } } } } }, 'Statement.Condition.StringEquals.aws:x: expected a string, boolean or number, found an object'],
      [{ Statement: { Sid: 3, Effect: 'Allow', Action: '*', Resource: '*' } }, 'Statement.Sid: expected a string, found 3'],
    ];
    for (const [document, message] of cases) expect(refusal(document), JSON.stringify(document)).toBe(message);
  });

  it('names hostile member names quoted and cut short, never as raw text', () => {
    const key = `\u001b[2J${'k'.repeat(5000)}`;
    const message = refusal({ Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { [key]: [{}] } } } });
    expect(message).not.toContain('\u001b');
    expect(message.length).toBeLessThan(200);
    expect(message).toMatch(/^Statement\.Condition\.StringEquals\."\\u001b\[2Jk+\.\.\."\[0\]: expected a string, boolean or number, found an object$/);
  });

  it('reads a "__proto__" condition key as a key, touching no prototype', () => {
    const [statement] = read(JSON.parse('{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"__proto__": "x"}}}}'));
    expect(statement.conditions).toEqual([{ operator: 'StringEquals', key: '__proto__', values: ['x'] }]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads a very large document without a stack of its own: one statement per entry', () => {
    const statements = Array.from({ length: 20_000 }, (_, i) => ({ Effect: 'Allow', Action: `s3:Get${i}`, Resource: '*' }));
    expect(read({ Statement: statements })).toHaveLength(20_000);
  });
});
