import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activeKey, credentialReportCsv, startAwsEndpoint, type AwsEndpoint } from '../support/aws-endpoint/index.js';
import { useSdkEnvironment } from '../support/aws-endpoint/sdk-env.js';
import { PROJECT_ROOT } from '../support/cli.js';
import { extractDocs, type DocCommand } from './markdown-commands.js';

/**
 * Every command of README.md and docs/*.md, as pasted, from the root of a
 * copy of the project as a clone holds it (its files, and node_modules as
 * `npm install` left it): `npx assetql` runs there the way it runs in a
 * fresh clone, building the package once through its `prepare` script.
 * The documents run in order in the one copy, so a command may use a file an
 * earlier one wrote. See markdown-commands.ts for the markers.
 */

const DOCUMENTS = ['README.md', ...readdirSync(path.join(PROJECT_ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
const NPM_COMMANDS = new Set(['install', 'ci']);
const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const MANAGEMENT_KEY = 'AKIAMANAGEMENT000001';

let endpoint: AwsEndpoint;
/** The environment of an `aws` block: the SDK reaches only the loopback endpoint, with a profile the docs use. */
let awsEnv: NodeJS.ProcessEnv;
/** No AWS at all for the other blocks: nothing may reach a real account or an instance metadata service. */
let offlineEnv: NodeJS.ProcessEnv;
let scriptEnv: NodeJS.ProcessEnv;
const sandboxes: string[] = [];
let restoreEnv = () => {};

beforeAll(async () => {
  endpoint = await startAwsEndpoint({
    managementAccountId: MANAGEMENT,
    accounts: [
      { id: MANAGEMENT, name: 'Management', accessKeyId: MANAGEMENT_KEY, credentialReport: credentialReportCsv(MANAGEMENT, {}) },
      { id: MEMBER, name: 'Member', credentialReport: credentialReportCsv(MEMBER, { root: activeKey(1) }) },
    ],
  });
  restoreEnv = useSdkEnvironment({
    endpointUrl: endpoint.url,
    accessKeyId: MANAGEMENT_KEY,
    configFile: '[profile security-audit]\nregion = us-east-1\n',
    credentialsFile: `[security-audit]\naws_access_key_id = ${MANAGEMENT_KEY}\naws_secret_access_key = fake-secret-${MANAGEMENT_KEY}\n`,
  });
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));
  awsEnv = { ...base };
  // A script sets up its own AWS environment (the loopback endpoint's env file): nothing of ours may override it.
  scriptEnv = { ...Object.fromEntries(Object.entries(base).filter(([name]) => !name.startsWith('AWS_'))), AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
  offlineEnv = { ...base, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_ORGANIZATIONS: 'http://127.0.0.1:9' };
  // The SDK's config and credentials files live until afterAll restores the environment.
});

afterAll(async () => {
  restoreEnv();
  await endpoint?.close();
  forgetNpxLinks();
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
});

/** The project's files (tracked, or new and not ignored) and its build, copied; node_modules linked. */
function cloneOfProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-docs-'));
  sandboxes.push(dir);
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of [...listed, 'dist']) {
    if (!existsSync(path.join(PROJECT_ROOT, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, file), path.join(dir, file), { recursive: true });
  }
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** npx links a project it runs the bin of into its cache (~/.npm/_npx/<hash>): remove the links to our copies. */
function forgetNpxLinks(): void {
  const cache = path.join(homedir(), '.npm', '_npx');
  for (const entry of existsSync(cache) ? readdirSync(cache) : []) {
    const manifest = path.join(cache, entry, 'package.json');
    const text = existsSync(manifest) ? readFileSync(manifest, 'utf8') : '';
    if (sandboxes.some((dir) => text.includes(JSON.stringify(dir)))) rmSync(path.join(cache, entry), { recursive: true, force: true });
  }
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv, until?: RegExp): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: Boolean(until) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // A server: once it says it listens, stop its whole process group (npm start runs node under npm).
      if (until?.test(stdout)) process.kill(-child.pid!, 'SIGTERM');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : null), stdout, stderr }));
  });
}

/** npm scripts that install, run this very suite or benchmark: each must be an npm command or a script of package.json. */
function checkScripts(command: string): void {
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const part of command.replace(/#.*$/, '').split('&&').map((p) => p.trim().split(/\s+/))) {
    expect(part[0], command).toBe('npm');
    const [verb, name] = part.slice(1);
    if (NPM_COMMANDS.has(verb)) continue;
    const script = verb === 'run' ? name : verb;
    expect(scripts, `${command}: no script "${script}" in package.json`).toHaveProperty(script);
  }
}

const SERVING = /serving \d+ accounts; GraphiQL and the API at http:\/\/127\.0\.0\.1:\d+\/graphql/;

async function runCommand(doc: DocCommand, cwd: string): Promise<void> {
  const mayFail = /\bcheck run\b/.test(doc.command);
  if (doc.mode === 'scripts') return checkScripts(doc.command);
  if (doc.mode === 'server') {
    // Loopback and a free port: a doc's --host or --port (even 0.0.0.0) is overridden, the rest runs as written.
    const command = doc.command.replace(/#.*$/, '').trim();
    const loopback = command.startsWith('npm start') ? `${command} -- --host 127.0.0.1 --port 0` : `${command} --host 127.0.0.1 --port 0`;
    const ran = await sh(loopback, cwd, offlineEnv, SERVING);
    expect(ran.stdout, `${doc.where}: ${doc.command}\n${ran.stderr}`).toMatch(SERVING);
    return;
  }
  const ran = doc.mode === 'script' ? await sh(`set -e\n${doc.command}`, cwd, scriptEnv) : await sh(doc.command, cwd, doc.mode === 'aws' ? awsEnv : offlineEnv);
  const allowed = mayFail ? [0, 1] : [0];
  expect(allowed, `${doc.where}: ${doc.command}\nexit ${ran.code}\n${ran.stderr}`).toContain(ran.code);
  expect(ran.stderr, doc.where).not.toMatch(/internal error/);
}

describe('the commands of the docs', () => {
  let clone: string;
  beforeAll(() => {
    clone = cloneOfProject();
  });

  test.each(DOCUMENTS)('%s: each runs as written from the project root', { timeout: 240_000 }, async (document) => {
    const { commands, files } = extractDocs(path.join(PROJECT_ROOT, document), document);
    expect(commands.length, `${document} has no sh block`).toBeGreaterThan(0);
    for (const file of files) writeFileSync(path.join(clone, file.name), file.content);
    for (const command of commands) await runCommand(command, clone);
  });
});

describe('what the docs say about commands', () => {
  test('no sh block names a bare `assetql`, which is not on PATH in a clone', () => {
    for (const document of DOCUMENTS) {
      for (const { where, command } of extractDocs(path.join(PROJECT_ROOT, document), document).commands) {
        // Each command of a line (after && ; |), past any VAR=value assignments, must not start with assetql.
        const starts = command.split(/&&|\|\||;|\|/).map((part) => part.trim().replace(/^(\w+=\S+\s+)+/, '').split(/\s+/)[0]);
        expect(starts, `${where}: ${command}`).not.toContain('assetql');
      }
    }
  });

  test('the example checks use ids that are not bundled, so check add can store them', () => {
    const bundled = readdirSync(path.join(PROJECT_ROOT, 'checks')).map((name) => name.replace(/\.ya?ml$/, ''));
    const examples = DOCUMENTS.flatMap((document) => extractDocs(path.join(PROJECT_ROOT, document), document).files).filter((file) => /^id:/m.test(file.content));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const file of examples) expect(bundled, file.where).not.toContain(/^id:\s*(\S+)/m.exec(file.content)![1]);
  });
});
