import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { codeConnector, firstError, post } from './support.js';

/**
 * `_MATCHES` runs on RE2 (re2js): matching is linear in the input, so the
 * patterns that make backtracking engines run for ages return at once. The
 * assertions are about results; vitest's timeout is only a safety net.
 */
describe('_MATCHES over the API', async () => {
  // Long names of the shape catastrophic patterns feed on: many a's, then a character that fails the match.
  const names = ['a'.repeat(5_000) + '!', 'a'.repeat(20_000) + 'b!', 'x'.repeat(10_000) + 'y'];
  const engine = await createEngine({ connectors: [codeConnector('long-names', names)], storedChecks: false });
  const server = createServer(engine);
  afterAll(() => engine.close());

  it.each([
    ['nested quantifiers', '(a+)+$'],
    ['overlapping alternation', '(a|a)*c'],
    ['exponential blow-up', '(a|aa)+'],
    ['overlapping repetitions', '(x+x+)+z'],
    ['repeated wildcards', '(.*a){12}c'],
  ])('a pathological regex (%s) returns, matching nothing', async (_name, pattern) => {
    const result = await post(server, `{ iamUsers(where: { name_MATCHES: ${JSON.stringify(pattern)} }) { name } }`);
    expect(result.body).toEqual({ data: { iamUsers: [] } });
  });

  it('still matches what it should, whole-string, (?i) for case', async () => {
    const result = await post(server, '{ iamUsers(where: { name_MATCHES: "(?i)A+!" }) { id } }');
    expect(result.body.data?.iamUsers).toHaveLength(1);
  });

  it('rejects what RE2 cannot do in linear time (backreferences) as a validation error', async () => {
    const result = await post(server, '{ iamUsers(where: { name_MATCHES: "(a)\\\\1" }) { id } }');
    expect(result.body.data ?? undefined).toBeUndefined();
    expect(firstError(result)).toMatch(/invalid regular expression .*invalid escape sequence/);
  });
});
