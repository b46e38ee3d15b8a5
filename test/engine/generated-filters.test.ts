import { buildASTSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { compileWhere } from '../../src/filters/compile.js';
import { generateFilters } from '../../src/filters/generate.js';
import { createEngine } from '../../src/index.js';

const SDL = /* GraphQL */ `
  interface Asset { id: ID! connector: Connector! }
  type Connector implements Asset { id: ID! connector: Connector! }
  type Widget implements Asset {
    id: ID!
    connector: Connector!
    tags: [String!]!
    size: Int
    parts: [Part!]!
  }
  type Part { label: String }
  type Unrelated { secret: String }
`;

describe('generated where inputs', () => {
  it('derive every operator for a field from the SDL alone', () => {
    const { sdl, plan } = generateFilters(buildASTSchema(parse(SDL)));
    const widget = plan.get('WidgetWhere')!;
    expect([...widget.keys()].filter((key) => key.startsWith('size'))).toEqual(['size', 'size_NOT', 'size_IN', 'size_NOT_IN', 'size_LT', 'size_LTE', 'size_GT', 'size_GTE']);
    expect([...widget.keys()].filter((key) => key.startsWith('tags'))).toEqual(['tags', 'tags_NOT', 'tags_INCLUDES', 'tags_NOT_INCLUDES', 'tags_COVERS']);
    expect([...widget.keys()].filter((key) => key.startsWith('parts'))).toEqual(['parts_SOME', 'parts_NONE', 'parts_ALL', 'parts_SINGLE']);
    expect(plan.has('PartWhere')).toBe(true); // reached from an asset
    expect(plan.has('UnrelatedWhere')).toBe(false); // not reached
    expect(sdl).toContain('input WidgetWhere {');
    expect(sdl).toContain('size: IntEquality');
  });

  it('give list fields deep equality and _INCLUDES', () => {
    const { plan } = generateFilters(buildASTSchema(parse(SDL)));
    const matches = (where: Record<string, unknown>, tags: string[] | null) => compileWhere(plan, 'WidgetWhere', where, 0)({ tags });
    expect(matches({ tags: ['a', 'b'] }, ['a', 'b'])).toBe(true);
    expect(matches({ tags: ['a', 'b'] }, ['b', 'a'])).toBe(false);
    expect(matches({ tags: null }, null)).toBe(true);
    expect(matches({ tags_NOT: ['a'] }, ['a', 'b'])).toBe(true);
    expect(matches({ tags_INCLUDES: 'b' }, ['a', 'b'])).toBe(true);
    expect(matches({ tags_INCLUDES: 'c' }, ['a', 'b'])).toBe(false);
    expect(matches({ tags_NOT_INCLUDES: 'c' }, ['a', 'b'])).toBe(true);
  });

  it('are in the printed schema with every asset type', async () => {
    const engine = await createEngine({ connectors: [] });
    const printed = engine.printSchema();
    for (const type of ['Connector', 'RootUser', 'IAMUser', 'IAMUserCredentials', 'IAMAccountSummary', 'IAMAccountSummaryItem', 'IAMPasswordPolicy']) {
      expect(printed).toContain(`input ${type}Where {`);
    }
    expect(printed).toContain('accessKey1LastRotated_LT: DateTime');
    expect(printed).toContain('hasIAMAccountSummaryItem_SINGLE: IAMAccountSummaryItemWhere');
    expect(printed).toContain('rootUsers(where: RootUserWhere): [RootUser!]!');
  });
});
