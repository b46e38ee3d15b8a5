import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { EXAMPLES_CONFIG } from './support.js';

function captureIO(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = { stdout: '', stderr: '' };
  stdout.on('data', (chunk) => (out.stdout += chunk));
  stderr.on('data', (chunk) => (out.stderr += chunk));
  const io: CliIO = { stdout, stderr, isTTY: false, env };
  return { io, out };
}

/** Resolves with the URL once the command has printed it. */
async function printedUrl(out: { stdout: string }): Promise<string> {
  while (!/http:\/\/\S+/.test(out.stdout)) await new Promise((resolve) => setTimeout(resolve, 10));
  return /http:\/\/\S+/.exec(out.stdout)![0];
}

describe('assetql serve', () => {
  it('prints the URL, serves the examples, and resolves 0 once stopped', async () => {
    const { io, out } = captureIO();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const exit = serveCommand({ config: EXAMPLES_CONFIG, port: 0 }, io, stopped);
    const url = await printedUrl(out);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(out.stdout).toMatch(/serving 3 accounts/);
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ connectors { id } }' }) });
    expect(await response.json()).toEqual({ data: { connectors: [{ id: 'production' }, { id: 'staging' }, { id: 'sandbox' }] } });
    stop();
    expect(await exit).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it('takes the token from ASSETQL_TOKEN', async () => {
    const token = 'token-from-the-environment-42';
    const { io, out } = captureIO({ ASSETQL_TOKEN: token });
    let stop!: () => void;
    const exit = serveCommand({ config: EXAMPLES_CONFIG, port: 0 }, io, new Promise<void>((resolve) => (stop = resolve)));
    const url = await printedUrl(out);
    const ask = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ connectors { id } }' }) });
    expect((await ask({})).status).toBe(401);
    expect((await ask({ authorization: `Bearer ${token}` })).status).toBe(200);
    stop();
    expect(await exit).toBe(0);
  });

  it('refuses an ASSETQL_TOKEN shorter than the config allows: exit 2, nothing bound', async () => {
    const { io, out } = captureIO({ ASSETQL_TOKEN: 'x' });
    const code = await main(['serve', '--config', EXAMPLES_CONFIG, '--host', '0.0.0.0', '--port', '0'], io);
    expect(code).toBe(2);
    expect(out.stderr).toBe('assetql: ASSETQL_TOKEN: at least 16 characters (found 1)\n');
    expect(out.stdout).toBe('');
  });

  it('refuses a non-loopback address without a token: exit 2 with the reason', async () => {
    const { io, out } = captureIO();
    const code = await main(['serve', '--config', EXAMPLES_CONFIG, '--host', '0.0.0.0', '--port', '0'], io);
    expect(code).toBe(2);
    expect(out.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(out.stdout).toBe('');
  });
});
