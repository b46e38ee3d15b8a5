/**
 * Start-up builds assetql's own schema without validating its SDL (a third
 * of `assetql query`'s start-up): this is where it is validated instead,
 * with every rule graphql-js applies, for the schema the CLI serves and the
 * one the server extends with its check API. SDL handed in from outside is
 * still validated at start-up.
 */
import { buildASTSchema, validateSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MODULES, createEngine, defineModule } from '../../src/index.js';
import { engineSchemaParts } from '../../src/engine/schema.js';
import { Registry } from '../../src/model/registry.js';
import { checkApi } from '../../src/server/check-api/index.js';
import { loadViews } from '../../src/views/load-views.js';

describe("assetql's own SDL", () => {
  it('is valid: asset types, generated filters, root fields and the bundled views', async () => {
    const { document } = engineSchemaParts(new Registry(), [], await loadViews([]));
    expect(validateSchema(buildASTSchema(document))).toEqual([]);
  });

  it('is valid with the check API layered on', async () => {
    const engine = await createEngine({ connectors: [], storedChecks: false });
    const { document } = engineSchemaParts(new Registry(), [checkApi(engine, { clientText: (text) => text })], await loadViews([]));
    expect(validateSchema(buildASTSchema(document))).toEqual([]);
  });
});

describe('SDL from outside', () => {
  it("is validated at start-up: a module redefining another's field is refused, not silently built", async () => {
    const broken = defineModule({ name: 'broken', sdl: 'extend type Connector { accountId: Int }', sources: [] });
    await expect(createEngine({ connectors: [], storedChecks: false, modules: [...MODULES, broken] })).rejects.toThrow(/Field "Connector.accountId" can only be defined once/);
  });
});
