/** One thing wrong with a check (or exceptions) file, located where possible. */
export interface CheckProblem {
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
export function formatProblem(problem: CheckProblem): string {
  const where = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(':');
  const field = problem.field ? `${problem.field}: ` : '';
  return where ? `${where}: ${field}${problem.message}` : `${field}${problem.message}`;
}

/** Checks that cannot be registered: every problem found, not just the first. */
export class CheckValidationError extends Error {
  override readonly name = 'CheckValidationError';
  constructor(readonly problems: readonly CheckProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `['compliance', 'cis', 0]` → `compliance.cis[0]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join('');
}
