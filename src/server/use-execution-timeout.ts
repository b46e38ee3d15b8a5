import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export interface ExecutionTimeoutOptions {
  /** Milliseconds before the request is answered with a timeout error. */
  timeout: number;
}

/**
 * Answers a request whose execution outlasts the timeout with an error
 * instead of holding the connection. The work itself is not interrupted
 * (account loads are shared and cached, filters run in linear time), only
 * the wait for it. Must come after the plugin that sets the execute function.
 */
export function useExecutionTimeout(options: ExecutionTimeoutOptions): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => withTimeout(Promise.resolve(executeFn(args)) as Promise<ExecutionResult>, options.timeout));
    },
  };
}

/** The execution's result, or a TIMEOUT error once `ms` have passed (then `onTimeout`, to stop the work). */
export function withTimeout(execution: Promise<ExecutionResult>, ms: number, onTimeout?: () => void): Promise<ExecutionResult> {
  // One promise and one timer (not a race and a finally): this runs for every request the hot path answers.
  return new Promise<ExecutionResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      const seconds = ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
      resolve({ errors: [new GraphQLError(`Execution timed out after ${seconds} (server.limits.timeout).`, { extensions: { code: 'TIMEOUT' } })] });
    }, ms);
    timer.unref();
    execution.then(
      (result) => (clearTimeout(timer), resolve(result)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
