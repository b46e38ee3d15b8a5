/** What a command may touch of the outside world; only main.ts builds it from `process`. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** stderr is a terminal: progress displays and colour are welcome. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

/** A command-line mistake (bad flag value, missing file): exit 2 with the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
