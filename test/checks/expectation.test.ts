import { describe, expect, test } from 'vitest';
import { ExpectationError, meetsExpectation, parseExpectation, subjectOf } from '../../src/checks/expectation.js';

const meets = (expectation: string, subject: unknown) => meetsExpectation(parseExpectation(expectation), subject);

describe('parseExpectation', () => {
  test.each([
    ['eq []', { kind: 'compare', comparator: 'eq', expected: [] }],
    ['neq []', { kind: 'compare', comparator: 'neq', expected: [] }],
    ['eq true', { kind: 'compare', comparator: 'eq', expected: true }],
    ['eq false', { kind: 'compare', comparator: 'eq', expected: false }],
    ['eq null', { kind: 'compare', comparator: 'eq', expected: null }],
    ['eq 3', { kind: 'compare', comparator: 'eq', expected: 3 }],
    ['neq "x y"', { kind: 'compare', comparator: 'neq', expected: 'x y' }],
    ['eq [{"id": "a"}]', { kind: 'compare', comparator: 'eq', expected: [{ id: 'a' }] }],
    ['  eq   []  ', { kind: 'compare', comparator: 'eq', expected: [] }],
    ['count lte 3', { kind: 'count', operator: 'lte', expected: 3 }],
    ['count eq 0', { kind: 'count', operator: 'eq', expected: 0 }],
  ])('%s', (text, parsed) => {
    expect(parseExpectation(text)).toMatchObject(parsed);
  });

  test.each([
    ['eq', /needs a value/],
    ['eq [alice]', /not a JSON literal/],
    ['eq yes', /not a JSON literal/],
    ['lte []', /expected "eq <value>"/],
    ['', /expected "eq <value>"/],
    ['count lte', /whole number/],
    ['count lte -1', /whole number/],
    ['count about 3', /unknown count operator/],
  ])('%s is rejected', (text, message) => {
    expect(() => parseExpectation(text)).toThrow(ExpectationError);
    expect(() => parseExpectation(text)).toThrow(message);
  });
});

describe('meetsExpectation', () => {
  test('eq [] passes only on an empty list; neq [] is its opposite', () => {
    expect(meets('eq []', [])).toBe(true);
    expect(meets('eq []', [{ id: 'a' }])).toBe(false);
    expect(meets('eq []', null)).toBe(false);
    expect(meets('neq []', [])).toBe(false);
    expect(meets('neq []', [{ id: 'a' }])).toBe(true);
  });

  test('eq true and eq false compare the value, not its truthiness', () => {
    expect(meets('eq true', true)).toBe(true);
    expect(meets('eq true', false)).toBe(false);
    expect(meets('eq true', 1)).toBe(false);
    expect(meets('eq true', [true])).toBe(false);
    expect(meets('eq false', false)).toBe(true);
    expect(meets('eq false', null)).toBe(false);
    expect(meets('eq false', [])).toBe(false);
  });

  test('any JSON literal: deep equality, key order ignored, list order kept', () => {
    expect(meets('eq {"a": 1, "b": [1, 2]}', { b: [1, 2], a: 1 })).toBe(true);
    expect(meets('eq {"a": 1, "b": [1, 2]}', { b: [2, 1], a: 1 })).toBe(false);
    expect(meets('eq {"a": 1}', { a: 1, c: 2 })).toBe(false);
    expect(meets('eq {"a": 1}', Object.assign(Object.create(null), { a: 1 }))).toBe(true);
    expect(meets('neq "x"', 'y')).toBe(true);
  });

  test('count compares the number of elements (of every list, with several root fields)', () => {
    expect(meets('count lte 1', [1])).toBe(true);
    expect(meets('count lte 1', [1, 2])).toBe(false);
    expect(meets('count gt 0', [])).toBe(false);
    expect(meets('count eq 3', { a: [1], b: [2, 3] })).toBe(true);
    expect(meets('count neq 0', null)).toBe(false);
  });
});

describe('subjectOf', () => {
  test('the single root field value, else the whole data object', () => {
    expect(subjectOf({ rootUsers: [] })).toEqual([]);
    expect(subjectOf({ a: [1], b: [] })).toEqual({ a: [1], b: [] });
    expect(subjectOf(null)).toBeNull();
  });
});
