import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseCheckText } from '../../src/checks/load-file.js';
import { createEngine } from '../../src/create-engine.js';
import { createQueryEngine } from '../../src/engine/engine.js';
import type { Engine } from '../../src/engine/types.js';
import { FIXTURES, ROOT } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = await createQueryEngine({ connectors: [] });
});

/**
 * One invalid check file per case. Each file states the problems it must
 * produce in header comments: `# problem: <line> <field>: <message fragment>`
 * (field `-` when the problem is about the file as a whole).
 */
const INVALID = path.join(FIXTURES, 'invalid');

describe('invalid check files report every problem with its line', () => {
  for (const name of readdirSync(INVALID).filter((f) => f.endsWith('.yaml')).sort()) {
    test(name, () => {
      const file = path.join(INVALID, name);
      const text = readFileSync(file, 'utf8');
      const expected = [...text.matchAll(/^# problem: (\d+) (\S+): (.+)$/gm)].map((m) => ({ line: Number(m[1]), field: m[2] === '-' ? undefined : m[2], message: m[3] }));
      expect(expected.length).toBeGreaterThan(0);

      const { check, problems } = parseCheckText(text, file, engine);
      expect(check).toBeUndefined();
      expect(problems.map((p) => ({ line: p.line, field: p.field }))).toEqual(expected.map((e) => ({ line: e.line, field: e.field })));
      problems.forEach((problem, i) => {
        expect(problem.file).toBe(file);
        expect(problem.message).toContain(expected[i].message);
      });
    });
  }
});

describe('the documented check', () => {
  test('is valid, with the query verbatim, eq [] and returnPath connector', () => {
    const file = path.join(ROOT, 'checks/aws-root-users-with-access-key.yaml');
    const { check, problems } = parseCheckText(readFileSync(file, 'utf8'), file, engine);
    expect(problems).toEqual([]);
    expect(check?.definition).toMatchObject({ id: 'aws-root-users-with-access-key', severity: 'critical', expect: 'eq []', returnPath: 'connector' });
    expect(check?.expectation).toMatchObject({ kind: 'compare', comparator: 'eq', expected: [] });
    expect(check?.definition.query.replace(/\s+/g, ' ').trim()).toBe(
      '{ rootUsers( where: { hasIAMUserCredentials: { OR: [{ accessKey1Active: true }, { accessKey2Active: true }] } } ) { connector { ...AssetFragment } } }',
    );
    expect(check?.definition.compliance['cis-aws-foundations-v3.0.0']).toEqual(['1.4']);
  });
});

describe('valid fixture checks', () => {
  for (const name of readdirSync(path.join(FIXTURES, 'valid')).sort()) {
    test(name, () => {
      const file = path.join(FIXTURES, 'valid', name);
      expect(parseCheckText(readFileSync(file, 'utf8'), file, engine).problems).toEqual([]);
    });
  }
});

describe('registerCheck refuses what check validate refuses', () => {
  test.each([
    ['a mutation', 'mutation { rootUsers { arn } }', /must be a query operation, not a mutation/],
    ['two operations', 'query A { rootUsers { arn } } query B { iamUsers { arn } }', /must be one operation, found 2/],
    ['a variable without a default', 'query($mfa: BooleanEquality) { iamUsers(where: { hasIAMUserCredentials: { mfaActive: $mfa } }) { arn } }', /variable "\$mfa" needs a default value/],
  ])('%s', async (_name, query, message) => {
    const library = await createEngine({ connectors: [], storedChecks: false });
    expect(() => library.registerCheck({ id: 'shape', title: 'Shape', severity: 'low', query, expect: 'eq []' })).toThrow(message);
    expect(library.checks()).toEqual([]);
    await library.close();
  });
});

test('registerCheck refuses an id too long to be stored as a file', async () => {
  const library = await createEngine({ connectors: [], storedChecks: false });
  const check = (id: string) => ({ id, title: 'Long', severity: 'low' as const, query: '{ iamUsers { arn } }', expect: 'eq []' });
  expect(() => library.registerCheck(check('a'.repeat(129)))).toThrow(/id: at most 128 characters/);
  expect(library.registerCheck(check('a'.repeat(128))).id).toHaveLength(128);
  await library.close();
});
