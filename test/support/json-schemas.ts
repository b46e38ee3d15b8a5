import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
// CommonJS packages whose module object is also their default export.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/checks');

/**
 * The OASIS SARIF 2.1.0 schema (its final release, rtm.5), as
 * @microsoft/jest-sarif ships it. It is JSON Schema draft-04, hence
 * ajv-draft-04; formats (uri, date-time, ...) are ajv-formats'.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // unicodeRegExp: false, because one pattern of the published schema (`language`) is not valid with the u flag.
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** OCSF 1.5.0 Detection Finding: the subset schema in test/fixtures/checks/ocsf (no npm package ships OCSF's). */
export function ocsfValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(path.join(FIXTURES, 'ocsf/detection-finding-1.5.0.subset.schema.json'), 'utf8'));
  // strictRequired off: OCSF's "name or uid" is an anyOf of required lists over the object's properties.
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(schema);
}
