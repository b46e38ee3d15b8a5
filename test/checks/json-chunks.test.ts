import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jsonChunks } from '../../src/checks/report/json-chunks.js';

const join = (value: unknown, depth?: number) => [...jsonChunks(value, depth)].join('');

describe('jsonChunks: a report in pieces, character for character JSON.stringify(value, null, 2)', () => {
  test('for any value, walked to any depth', () => {
    const value = fc.anything({ withDate: true, withNullPrototype: true, withSparseArray: true, maxDepth: 6 });
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 8 }), (v, depth) => {
        expect(join(v, depth)).toBe(JSON.stringify(v, null, 2) ?? '');
      }),
      { numRuns: 2000 },
    );
  });

  test('what JSON leaves out of an object is left out, and written null in an array', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s'), 1], d: { toJSON: () => 'd' } };
    expect(join(value)).toBe(JSON.stringify(value, null, 2));
    expect(join(undefined)).toBe('');
  });

  test('a report larger than one string can be is written in pieces none of which is large', () => {
    // 40,000 results of 20 kB each: 800 MB as one string, beyond V8's longest (about 512 MiB).
    const result = { check: 'c', connector: 'x', findings: [{ id: 'f'.repeat(20_000) }] };
    const report = { results: Array.from({ length: 40_000 }, () => result) };
    expect(() => JSON.stringify(report, null, 2)).toThrow(RangeError);
    let total = 0;
    let largest = 0;
    for (const piece of jsonChunks(report)) {
      total += piece.length;
      largest = Math.max(largest, piece.length);
    }
    expect(total).toBeGreaterThan(800_000_000);
    expect(largest).toBeLessThan(100_000);
  });
});
