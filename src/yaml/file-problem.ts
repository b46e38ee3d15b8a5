import { load, YAMLException } from 'js-yaml';

/** One thing wrong with a file of ours (a check, a view, exceptions), located where possible. */
export interface FileProblem {
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** The field at fault, e.g. `severity` or `compliance.cis[0]`. */
  field?: string;
  message: string;
}

/** `file:line:column: field: message`, leaving out what is unknown. */
export function formatProblem(problem: FileProblem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(':');
  const field = problem.field ? `${problem.field}: ` : '';
  return where ? `${where}: ${field}${problem.message}` : `${field}${problem.message}`;
}

/** `['compliance', 'cis', 0]` → `compliance.cis[0]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}

/**
 * YAML text to a value, or the syntax error at its line (js-yaml marks are
 * 0-based). The reason only: js-yaml's message quotes the lines around the
 * error, and a file that does not parse may hold anything.
 */
export function parseYaml(text: string, file: string): { value: unknown } | { problem: FileProblem } {
  try {
    return { value: load(text) };
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    return { problem: { file, line: mark ? mark.line + 1 : undefined, column: mark ? mark.column + 1 : undefined, message: `invalid YAML: ${error.reason}` } };
  }
}
