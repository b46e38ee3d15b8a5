import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'js-yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { assetql } from '../support/cli.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';

/**
 * Names, titles, owners and messages from AWS and from files reach the
 * terminal escaped: no escape sequence is interpreted, no newline forges a
 * row. Machine formats keep the exact values.
 */

const ESC = '\u001b';
const CLEAR_SCREEN = `${ESC}[2J`;
const FORGED_ROW = '\nPASS    critical  forged-check  prod  0';
const RTL_OVERRIDE = '\u202e';
// Any control character but the newline that ends each line, or a bidi control.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

const HOSTILE_USER = `mallory${CLEAR_SCREEN}${FORGED_ROW}`;

let dir: string;
let config: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'assetql-terminal-'));
  const snapshot = writeSnapshot({
    csv: csv([row({ user: '<root_account>', access_key_1_active: 'true' }), row({ user: HOSTILE_USER }), row({ user: 'alice' })]),
  });
  mkdirSync(path.join(dir, 'checks'));
  writeFileSync(
    path.join(dir, 'checks', 'no-iam-users.yaml'),
    dump({ id: 'no-iam-users', title: `No IAM users${CLEAR_SCREEN}${FORGED_ROW}`, severity: 'low', query: '{ iamUsers { arn name } }', expect: 'eq []' }),
  );
  writeFileSync(
    path.join(dir, 'exceptions.yaml'),
    dump({
      exceptions: [
        { check: 'no-iam-users', connector: 'prod', resource: 'arn:aws:iam::123456789012:user/alice', owner: `eve${ESC}]0;owned${'\u0007'}`, reason: `approved${RTL_OVERRIDE}dlrow`, expires: '2030-01-01' },
        { check: 'aws-root-users-with-access-key', connector: 'prod', resource: 'nothing-here', owner: `trent${CLEAR_SCREEN}`, reason: 'stale', expires: '2030-01-01' },
      ],
    }),
  );
  config = path.join(dir, 'assetql.config.yaml');
  writeFileSync(config, dump({ connectors: [{ id: 'prod', name: `Production${CLEAR_SCREEN}`, provider: 'aws', snapshot }], exceptions: './exceptions.yaml' }));
});

const lines = (text: string) => text.split('\n');

describe('check run', () => {
  test('shows every hostile value escaped and no row is forged; json keeps the exact values', async () => {
    const { code, stdout } = await assetql(['check', 'run', '--config', config, '--check', 'no-iam-users', '--check', 'aws-root-users-with-access-key']);
    expect(code).toBe(1);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(lines(stdout).filter((line) => /^(PASS|FAIL|ERROR|WAIVED)\s/.test(line))).toHaveLength(2);
    expect(stdout).toContain('mallory\\x1b[2J\\nPASS    critical  forged-check');
    expect(stdout).toContain('- 123456789012 (Production\\x1b[2J)');
    expect(stdout).toContain('by eve\\x1b]0;owned\\x07: approved\\u202edlrow');
    expect(stdout).toContain('(owner trent\\x1b[2J) matches no finding');

    const json = await assetql(['check', 'run', '--config', config, '--check', 'no-iam-users', '--format', 'json']);
    expect(JSON.parse(json.stdout).results[0].findings.map((f: { name: string }) => f.name)).toContain(HOSTILE_USER);
  });
});

describe('check list and check validate', () => {
  test('a hostile title is listed escaped', async () => {
    const { stdout } = await assetql(['check', 'list', '--config', config]);
    expect(stdout).not.toMatch(RAW_CONTROL);
    expect(stdout).toMatch(/^no-iam-users\s+low\s+No IAM users\\x1b\[2J\\nPASS {4}critical {2}forged-check {2}prod {2}0$/m);
  });

  test('a problem quoting a hostile value is printed escaped', async () => {
    const file = path.join(dir, 'hostile-subject.yaml');
    writeFileSync(file, dump({ id: 'hostile-subject', title: 't', severity: 'low', subjects: [`Root${CLEAR_SCREEN}\nforged.yaml:1:1: fine`], query: '{ rootUsers { arn } }', expect: 'eq []' }));
    const { code, stderr } = await assetql(['check', 'validate', file]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(lines(stderr.trim())).toHaveLength(1);
    expect(stderr).toContain('"Root\\x1b[2J\\nforged.yaml:1:1: fine" is not an asset type');
  });
});

describe('error lines on stderr', () => {
  test('an option value with escapes is quoted escaped', async () => {
    const { code, stderr } = await assetql(['check', 'run', '--config', config, '--format', `pdf${CLEAR_SCREEN}\nassetql: all good`]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain('--format pdf\\x1b[2J\\nassetql: all good');
  });

  test('an unknown option is quoted escaped', async () => {
    const { code, stderr } = await assetql(['check', 'run', `--${CLEAR_SCREEN}`]);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain('--\\x1b[2J');
  });
});

describe('the progress summary', () => {
  test('shows connector ids and error codes escaped', () => {
    let written = '';
    const stream = { write: (text: string) => ((written += text), true) } as unknown as NodeJS.WritableStream;
    const progress = createProgress(stream, { enabled: false });
    progress.onLoad({ connector: `123${CLEAR_SCREEN}`, data: 'credentialReport', state: 'start' });
    progress.onLoad({ connector: `123${CLEAR_SCREEN}`, data: 'credentialReport', state: 'failed', error: Object.assign(new Error('denied'), { code: `Access${RTL_OVERRIDE}Denied` }) });
    expect(progress.summary()).toBe('0 accounts loaded, 1 failed: 123\\x1b[2J (Access\\u202eDenied)');
    expect(written).toBe('');
  });
});
