/** Docs derived from the registry stay equal to it: a family's new source shows in docs/sources.md or this fails. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { sourcesTable } from '../../src/model/permissions.js';
import { Registry } from '../../src/model/registry.js';
import { PROJECT_ROOT } from '../support/cli.js';

it('docs/sources.md lists every source as the registry declares it (regenerate with: npx assetql permissions --format markdown)', () => {
  const page = readFileSync(path.join(PROJECT_ROOT, 'docs/sources.md'), 'utf8');
  const section = /<!-- generated: sources -->\n([\s\S]*?)\n<!-- end generated: sources -->/.exec(page)?.[1];
  expect(section).toBe(sourcesTable(new Registry()));
});
