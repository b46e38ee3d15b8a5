import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'js-yaml';
import type { z } from 'zod';
import { CHECK_ID, MAX_CHECK_ID_LENGTH, type CheckDefinitionInput } from '../definition.js';
import type { CheckValidator } from '../compile.js';
import { fsReason } from '../../fs-reason.js';
import { parseCheckText } from '../load-file.js';
import { formatFieldPath } from '../problems.js';
import { CATALOGUE_SEVERITIES, catalogueControl, cataloguePolicy, catalogueQuery, type CatalogueControl, type CataloguePolicy, type CatalogueQuery } from './catalogue-format.js';

/** One stored check an import would write: validated, its YAML text ready. */
export interface ImportedCheck {
  id: string;
  /** `controls/<file>`, and which of its rules. */
  source: string;
  text: string;
}

/** A control, rule or file that is not imported, and why. */
export interface SkippedEntry {
  source: string;
  reason: string;
  /** Not for the provider asked for, or disabled in the catalogue: expected, not a problem. */
  expected: boolean;
}

export interface ImportPlan {
  checks: ImportedCheck[];
  skipped: SkippedEntry[];
}

/** Thrown when the folder is not a catalogue at all. */
export class CatalogueFolderError extends Error {
  override readonly name = 'CatalogueFolderError';
}

/**
 * Reads a catalogue folder and turns every enabled control's rules for
 * `provider` into stored checks, each validated against the schema (views
 * included) exactly as `check add` validates a file. Nothing is written
 * here; whatever does not validate is skipped with the reason.
 */
export async function planCatalogueImport(dir: string, validator: CheckValidator, options: { provider: string }): Promise<ImportPlan> {
  const skipped: SkippedEntry[] = [];
  const controls = await readFolder(dir, 'controls', catalogueControl, skipped, { required: true });
  const queries = new Map((await readFolder(dir, 'queries', catalogueQuery, skipped, { required: true })).map(({ value }) => [value.slug, value] as const));
  const policies = await readFolder(dir, 'policies', cataloguePolicy, skipped, { required: false });
  const compliance = complianceByControl(policies.map(({ value }) => value));

  const checks: ImportedCheck[] = [];
  const taken = new Map<string, string>();
  for (const { file, value: control } of controls) {
    if (!control.isEnabled) {
      skipped.push({ source: file, reason: 'disabled in the catalogue (isEnabled: false)', expected: true });
      continue;
    }
    const rules = control.rules.filter((rule) => rule.cloudProviders.includes(options.provider));
    if (rules.length === 0) skipped.push({ source: file, reason: `no rule for ${options.provider}`, expected: true });
    rules.forEach((rule, index) => {
      const source = rules.length === 1 ? file : `${file} rule ${index + 1}`;
      const id = checkId(control.slug, rules.length === 1 ? undefined : index + 1);
      if (!id) return skipped.push({ source, reason: `slug ${JSON.stringify(control.slug.slice(0, 80))} does not make a check id (${CHECK_ID}, at most ${MAX_CHECK_ID_LENGTH} characters)`, expected: false });
      if (taken.has(id)) return skipped.push({ source, reason: `its check id ${id} is taken by ${taken.get(id)}`, expected: false });
      const query = queries.get(rule.query);
      if (!query) return skipped.push({ source, reason: `its query ${JSON.stringify(rule.query.slice(0, 80))} is not in queries/`, expected: false });
      const definition = checkDefinition(id, control, rule, query, compliance.get(control.slug));
      // No folding: a multi-line query stays a literal block, line for line as the catalogue wrote it.
      const text = dump(definition, { lineWidth: -1, noRefs: true });
      const loaded = parseCheckText(text, id, validator);
      if (!loaded.check) {
        const reasons = loaded.problems.map((problem) => `${problem.field === 'query' ? `queries/${rule.query}.json query` : problem.field ?? 'check'}: ${problem.message}`);
        return skipped.push({ source, reason: reasons.join('; '), expected: false });
      }
      taken.set(id, source);
      checks.push({ id, source, text });
    });
  }
  return { checks, skipped };
}

function checkDefinition(id: string, control: CatalogueControl, rule: CatalogueControl['rules'][number], query: CatalogueQuery, compliance: Record<string, string[]> | undefined): CheckDefinitionInput {
  return {
    id,
    title: control.name,
    ...(control.body ? { description: control.body } : {}),
    severity: CATALOGUE_SEVERITIES[control.severity],
    subjects: rule.subjects,
    query: query.query,
    expect: `${rule.comparator} ${rule.expectedResult.trim()}`,
    ...(rule.returnPath ? { returnPath: rule.returnPath } : {}),
    ...(control.remediationDescription ? { remediation: control.remediationDescription } : {}),
    compliance: compliance ?? {},
  };
}

/** A catalogue slug as a check id: lower-case, other characters as `-`; undefined when nothing usable is left. */
function checkId(slug: string, rule: number | undefined): string | undefined {
  const base = slug.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+/, '');
  const id = rule === undefined ? base : `${base}-rule-${rule}`;
  return CHECK_ID.test(id) && id.length <= MAX_CHECK_ID_LENGTH ? id : undefined;
}

/** For each control slug, the framework (policy slug) sections (procedure slugs) it sits under. */
function complianceByControl(policies: readonly CataloguePolicy[]): Map<string, Record<string, string[]>> {
  const byControl = new Map<string, Record<string, string[]>>();
  for (const policy of policies) {
    for (const procedure of policy.procedures) {
      for (const { control } of procedure.controls) {
        const entry = byControl.get(control) ?? {};
        const sections = (entry[policy.slug] ??= []);
        if (!sections.includes(procedure.slug)) sections.push(procedure.slug);
        byControl.set(control, entry);
      }
    }
  }
  return byControl;
}

/** Every `*.json` of one sub-folder, parsed and shape-checked; a file that is not is skipped with the reason. */
async function readFolder<T extends z.ZodType>(dir: string, sub: string, schema: T, skipped: SkippedEntry[], options: { required: boolean }): Promise<{ file: string; value: z.output<T> }[]> {
  let names: string[];
  try {
    names = (await readdir(path.join(dir, sub))).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if (!options.required && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CatalogueFolderError(`${sub}/ of the catalogue cannot be read: ${fsReason(error)} (a catalogue folder holds controls/, queries/ and optionally policies/)`);
  }
  const out: { file: string; value: z.output<T> }[] = [];
  for (const name of names) {
    const file = `${sub}/${name}`;
    let value: unknown;
    try {
      value = JSON.parse(await readFile(path.join(dir, sub, name), 'utf8'));
    } catch (error) {
      skipped.push({ source: file, reason: error instanceof SyntaxError ? `not JSON: ${error.message}` : `cannot be read: ${fsReason(error)}`, expected: false });
      continue;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      skipped.push({ source: file, reason: parsed.error.issues.map((issue) => `${formatFieldPath(issue.path) || '(top level)'}: ${issue.message}`).join('; '), expected: false });
      continue;
    }
    out.push({ file, value: parsed.data });
  }
  return out;
}
