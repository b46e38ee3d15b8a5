import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../../paths.js';
import { CHECK_ID } from '../definition.js';
import { parseYaml } from '../load-file.js';
import { CheckValidationError, formatFieldPath, type CheckProblem } from '../problems.js';
import { YamlLocations } from '../../yaml/locations.js';

/** The framework definitions that ship with assetql, one YAML file per framework, named `<id>.yaml`. */
export const BUNDLED_FRAMEWORKS_DIR = path.join(PACKAGE_ROOT, 'frameworks');

/** How the framework itself says a control is assessed: by a tool, or by a person. */
export const ASSESSMENTS = ['automated', 'manual'] as const;
export type Assessment = (typeof ASSESSMENTS)[number];

const controlSchema = z.strictObject({
  // Quoted in YAML: an unquoted 1.10 reads as the number 1.1.
  id: z.string({ message: 'a quoted control id such as "1.4"' }).trim().min(1, 'must not be empty'),
  title: z.string().trim().min(1, 'must not be empty'),
  section: z.string().trim().min(1, 'must not be empty'),
  assessment: z.enum(ASSESSMENTS, { message: `one of ${ASSESSMENTS.join(', ')}` }),
});

const frameworkSchema = z.strictObject({
  id: z.string().regex(CHECK_ID, 'lower-case letters, digits, ".", "_" and "-", as in checks\' compliance: keys'),
  title: z.string().trim().min(1, 'must not be empty'),
  controls: z.array(controlSchema).min(1, 'list every control of the framework'),
});

/** A compliance framework: every control, in the framework's own order. */
export type Framework = z.output<typeof frameworkSchema>;
export type FrameworkControl = Framework['controls'][number];

/** Parses a framework file; throws `CheckValidationError` listing every problem with its line. */
export function parseFramework(text: string, file: string): Framework {
  const parsed = parseYaml(text, file);
  if ('problem' in parsed) throw new CheckValidationError([parsed.problem]);
  const locations = new YamlLocations(text);
  const problems: CheckProblem[] = [];
  const report = (at: (string | number)[], message: string) => {
    const where = locations.find(at)?.key;
    problems.push({ file, line: where?.line, column: where?.column, field: formatFieldPath(at) || undefined, message });
  };
  const result = frameworkSchema.safeParse(parsed.value ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      const at = issue.path as (string | number)[];
      if (issue.code === 'unrecognized_keys') issue.keys.forEach((key) => report([...at, key], 'unknown field'));
      else report(at, issue.message);
    }
    throw new CheckValidationError(problems);
  }
  const seen = new Set<string>();
  result.data.controls.forEach((control, index) => {
    if (seen.has(control.id)) report(['controls', index, 'id'], `"${control.id}" is listed twice`);
    seen.add(control.id);
  });
  if (problems.length > 0) throw new CheckValidationError(problems);
  return result.data;
}

/** Every bundled framework, by id; a file must be named after the id it defines. */
export async function loadBundledFrameworks(dir = BUNDLED_FRAMEWORKS_DIR): Promise<Map<string, Framework>> {
  const names = (await readdir(dir)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const frameworks = new Map<string, Framework>();
  for (const name of names) {
    const label = path.join('assetql', 'frameworks', name);
    const framework = parseFramework(await readFile(path.join(dir, name), 'utf8'), label);
    if (framework.id !== name.replace(/\.ya?ml$/, '')) throw new CheckValidationError([{ file: label, field: 'id', message: `"${framework.id}" must match the file name` }]);
    frameworks.set(framework.id, framework);
  }
  return frameworks;
}

/** Orders control ids as people read them: 1.2 before 1.10, 2.1.4 after 2.1.3. */
export function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
