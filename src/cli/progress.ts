import { printable } from '../checks/report/printable.js';
import type { LoadEvent } from '../engine/types.js';

export interface ProgressOptions {
  /** Draw at all: pass the stream's `isTTY`, so piped and logged output stays clean. */
  enabled: boolean;
  /** Accounts expected, when known up front. */
  total?: number;
  /** Least time between redraws, ms. @default 80 */
  intervalMs?: number;
}

export interface Progress {
  /** Feed the engine's `onLoad` events (or a command's own, in the same shape). */
  onLoad(event: LoadEvent): void;
  /** Accounts whose loads all finished, and those with a failed load (id and error code). */
  counts(): { loaded: number; failed: { connector: string; code: string }[]; loading: number };
  /** `3 accounts loaded, 1 failed: 333333333333 (AccessDenied)`, for the end of a run. */
  summary(): string;
  /** Clears the progress line; call before writing the final summary. */
  stop(): void;
}

/**
 * A one-line stderr display while accounts load:
 * `loading accounts: 3/10 loaded, 1 failed, 2 in progress`.
 * Redrawn in place with a carriage return, at most every `intervalMs`.
 */
export function createProgress(stream: NodeJS.WritableStream, options: ProgressOptions): Progress {
  const accounts = new Map<string, { running: number; failure?: string }>();
  const interval = options.intervalMs ?? 80;
  let lastDraw = 0;
  let drawn = false;

  const counts = () => {
    let loaded = 0;
    let loading = 0;
    const failed: { connector: string; code: string }[] = [];
    for (const [connector, state] of accounts) {
      if (state.failure !== undefined) failed.push({ connector, code: state.failure });
      else if (state.running > 0) loading += 1;
      else loaded += 1;
    }
    return { loaded, failed, loading };
  };

  const draw = (force: boolean) => {
    if (!options.enabled) return;
    const now = Date.now();
    if (!force && now - lastDraw < interval) return;
    lastDraw = now;
    const { loaded, failed, loading } = counts();
    const total = options.total === undefined ? '' : `/${options.total}`;
    stream.write(`\r\x1b[2Kloading accounts: ${loaded}${total} loaded, ${failed.length} failed, ${loading} in progress`);
    drawn = true;
  };

  return {
    onLoad(event) {
      const state = accounts.get(event.connector) ?? { running: 0 };
      accounts.set(event.connector, state);
      if (event.state === 'start') state.running += 1;
      else state.running = Math.max(0, state.running - 1);
      if (event.state === 'failed' && state.failure === undefined) {
        state.failure = (event.error as { code?: string } | undefined)?.code ?? 'Error';
      }
      draw(event.state === 'failed');
    },
    counts,
    summary() {
      const { loaded, failed } = counts();
      // Ids and codes come from AWS (discovered accounts, error codes): shown, never interpreted.
      const failures = failed.map((f) => printable(`${f.connector} (${f.code})`)).join(', ');
      return `${loaded} ${loaded === 1 ? 'account' : 'accounts'} loaded, ${failed.length} failed${failures ? `: ${failures}` : ''}`;
    },
    stop() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
