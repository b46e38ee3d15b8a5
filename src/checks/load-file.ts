import { readFile } from 'node:fs/promises';
import { compileCheck, type Check, type CheckValidator } from './compile.js';
import { fsReason } from '../fs-reason.js';
import type { CheckProblem } from './problems.js';
import { parseYaml } from '../yaml/file-problem.js';
import { YamlLocations } from '../yaml/locations.js';

export { parseYaml } from '../yaml/file-problem.js';

export interface LoadedCheckFile {
  file: string;
  /** The file's text, kept so `check add` stores exactly what was validated. */
  text: string;
  check?: Check;
  problems: CheckProblem[];
}

/**
 * Parses and validates one check file's text; problems carry the file (as
 * `label` names it: relative, or as given on the command line) and line.
 */
export function parseCheckText(text: string, file: string, validator: CheckValidator, label = file): LoadedCheckFile {
  const parsed = parseYaml(text, label);
  if ('problem' in parsed) return { file, text, problems: [parsed.problem] };
  const locations = new YamlLocations(text);
  const { check, problems } = compileCheck(parsed.value, validator, { file, label, locate: (path) => locations.find(path) });
  return { file, text, check, problems };
}

export async function loadCheckFile(file: string, validator: CheckValidator, label = file): Promise<LoadedCheckFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { file, text: '', problems: [{ file: label, message: `cannot read the check file: ${fsReason(error)}` }] };
  }
  return parseCheckText(text, file, validator, label);
}
