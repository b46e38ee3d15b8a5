import { fsReason } from '../../fs-reason.js';
import { CheckValidationError, formatProblem, type CheckProblem } from '../../checks/problems.js';
import { printable } from '../../checks/report/printable.js';
import { EXIT } from '../../checks/results.js';
import { UsageError, type CliIO } from '../io.js';

/** What the check commands print problems to. */
export type ProblemIO = Pick<CliIO, 'stderr'>;

/** Invalid checks or exceptions: every problem on stderr, exit 2. Anything else is rethrown for main. */
export function reportProblems(error: unknown, io: ProblemIO): number {
  if (!(error instanceof CheckValidationError)) throw error;
  return printProblems(error.problems, io);
}

export function printProblems(problems: readonly CheckProblem[], io: ProblemIO): number {
  for (const problem of problems) io.stderr.write(`assetql: ${printable(formatProblem(problem))}\n`);
  return EXIT.error;
}

/** A file system refusal (permissions, a full disk, a file where a folder should be) is the user's to fix: exit 2, not an internal error. */
export function rethrowWriteFailure(error: unknown, what: string): never {
  if (typeof (error as NodeJS.ErrnoException | undefined)?.code === 'string') throw new UsageError(`${what}: ${fsReason(error)}`);
  throw error;
}

export function parsePositiveInt(value: string, flag: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`${flag} ${value}: expected a positive whole number`);
  return Number(value);
}
