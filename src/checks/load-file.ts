import { readFile } from 'node:fs/promises';
import { load, YAMLException } from 'js-yaml';
import { compileCheck, type Check, type CheckValidator } from './compile.js';
import { fsReason } from './fs-reason.js';
import type { CheckProblem } from './problems.js';
import { YamlLocations } from '../yaml/locations.js';

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

/**
 * YAML text to a value, or the syntax error at its line (js-yaml marks are
 * 0-based). The reason only: js-yaml's message quotes the lines around the
 * error, and a file that does not parse may hold anything.
 */
export function parseYaml(text: string, file: string): { value: unknown } | { problem: CheckProblem } {
  try {
    return { value: load(text) };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    return { problem: { file, line: mark ? mark.line + 1 : undefined, column: mark ? mark.column + 1 : undefined, message: `invalid YAML: ${error.reason}` } };
  }
}
