import { formatProblem, type FileProblem } from '../yaml/file-problem.js';

export { formatFieldPath, formatProblem } from '../yaml/file-problem.js';

/** One thing wrong with a check (or exceptions) file, located where possible. */
export type CheckProblem = FileProblem;

/** Checks that cannot be registered: every problem found, not just the first. */
export class CheckValidationError extends Error {
  override readonly name = 'CheckValidationError';
  constructor(readonly problems: readonly CheckProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}
