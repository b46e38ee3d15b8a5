import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { ConnectorError } from '../../src/sources/connector.js';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, chunks };
}

describe('progress display', () => {
  it('redraws one line in place and clears it, then sums up loaded and failed accounts', () => {
    const { stream, chunks } = sink();
    const progress = createProgress(stream, { enabled: true, total: 2, intervalMs: 0 });
    progress.onLoad({ connector: 'a', data: 'iam/get-credential-report', state: 'start' });
    progress.onLoad({ connector: 'b', data: 'iam/get-credential-report', state: 'start' });
    progress.onLoad({ connector: 'a', data: 'iam/get-credential-report', state: 'done' });
    progress.onLoad({ connector: 'b', data: 'iam/get-credential-report', state: 'failed', error: new ConnectorError('b', 'AccessDenied', 'no') });
    expect(chunks.at(-1)).toBe('\r\x1b[2Kloading accounts: 1/2 loaded, 1 failed, 0 in progress');
    progress.stop();
    expect(chunks.at(-1)).toBe('\r\x1b[2K');
    expect(progress.summary()).toBe('1 account loaded, 1 failed: b (AccessDenied)');
  });

  it('writes nothing when not on a terminal', () => {
    const { stream, chunks } = sink();
    const progress = createProgress(stream, { enabled: false });
    progress.onLoad({ connector: 'a', data: 'identity', state: 'start' });
    progress.onLoad({ connector: 'a', data: 'identity', state: 'done' });
    progress.stop();
    expect(chunks).toEqual([]);
    expect(progress.summary()).toBe('1 account loaded, 0 failed');
  });
});
