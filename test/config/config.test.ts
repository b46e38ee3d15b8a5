import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/index.js';
import { DEFAULT_LIMITS } from '../../src/server/index.js';
import { writeConfigText } from '../support/credential-report.js';

/** A config file beside the snapshot folders the tests name (a config refuses a folder that is not there). */
const configFile = (text: string) => writeConfigText(text, { folders: ['x', 'y', 'accounts/prod'] });

describe('config files', () => {
  it('resolve snapshot paths against the config file, not the working directory', async () => {
    const file = configFile('connectors:\n  - id: prod\n    provider: aws\n    snapshot: ./accounts/prod\n');
    const config = await loadConfig(file);
    expect(config.connectors).toEqual([{ kind: 'snapshot', id: 'prod', provider: 'aws', snapshot: path.join(path.dirname(file), 'accounts/prod') }]);
    expect(config.concurrency).toBe(8);
    expect(config.cacheTtlMs).toBe(0);
  });

  it.each([
    ['an unknown top-level key', 'connectors:\n  - { id: a, provider: aws, snapshot: x }\nconectors: []\n', /: conectors: unknown key/],
    ['an unknown connector key', 'connectors:\n  - { id: a, provider: aws, snapshot: x, snapshto: y }\n', /: connectors\[0\]\.snapshto: unknown key/],
    ['a missing id', 'connectors:\n  - { provider: aws, snapshot: x }\n', /connectors\[0\]\.id: /],
    ['a wrong provider', 'connectors:\n  - { id: a, provider: gcp, snapshot: x }\n', /connectors\[0\]\.provider: /],
    ['a duplicate id', 'connectors:\n  - { id: a, provider: aws, snapshot: x }\n  - { id: a, provider: aws, snapshot: y }\n', /connectors\[1\]\.id: "a" is used twice/],
    ['no connectors', 'connectors: []\n', /connectors: name at least one account/],
    ['a bad duration', 'connectors:\n  - { id: a, provider: aws, snapshot: x }\ncacheTtl: soon\n', /cacheTtl: "soon" is not a duration/],
    ['invalid YAML', 'connectors:\n  - id: a\n   provider: aws\n', /assetql\.config\.yaml:3:\d+: invalid YAML: /],
    ['a token with a space', 'connectors:\n  - { id: a, provider: aws, snapshot: x }\nserver:\n  token: "correct horse battery staple"\n', /server\.token: only visible ASCII characters, no spaces/],
  ])('reject %s, naming the file and field', async (_name, text, message) => {
    const file = configFile(text);
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });

  it('reject a missing file', async () => {
    await expect(loadConfig('no-such-config.yaml')).rejects.toThrow('no-such-config.yaml: no such file');
  });

  it('read live and organization entries and durations', async () => {
    const file = configFile('connectors:\n  - id: audit\n    provider: aws\n    profile: security-audit\n    maxReportAge: 1h\n  - discover: organization\ncacheTtl: 15m\nconcurrency: 4\n');
    const config = await loadConfig(file);
    expect(config.connectors).toEqual([
      { kind: 'aws', id: 'audit', provider: 'aws', profile: 'security-audit', maxReportAge: 3_600_000 },
      { kind: 'organization', discover: 'organization', roleName: 'OrganizationAccountAccessRole' },
    ]);
    expect(config.cacheTtlMs).toBe(900_000);
    expect(config.concurrency).toBe(4);
  });
});

describe('durations', () => {
  const withLine = (line: string) => `connectors:\n  - { id: a, provider: aws, maxReportAge: 1h }\n${line}\n`;

  it.each([
    ['a zero timeout', 'server:\n  limits:\n    timeout: 0', /server\.limits\.timeout: 0 is out of range; allowed: more than 0 and at most 1h/],
    ['a timeout a timer cannot hold', 'server:\n  limits:\n    timeout: 30d', /server\.limits\.timeout: "30d" is out of range; allowed: more than 0 and at most 1h/],
    ['an infinite cache TTL', 'cacheTtl: .inf', /cacheTtl: Infinity is out of range; allowed: 0 \(off\) or at most 1d/],
    ['a NaN cache TTL', 'cacheTtl: .nan', /cacheTtl: NaN is not a duration/],
    ['a negative cache TTL', 'cacheTtl: -5', /cacheTtl: -5 is out of range/],
    ['a cache TTL past its maximum', 'cacheTtl: 2d', /cacheTtl: "2d" is out of range; allowed: 0 \(off\) or at most 1d/],
    ['more digits than a number holds', 'cacheTtl: 99999999999999999999999999999d', /cacheTtl: "9+d" is out of range/],
  ])('reject %s, saying the allowed range', async (_name, line, message) => {
    const error = await loadConfig(configFile(withLine(line))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });

  it('reject a report age of zero, which no report could meet', async () => {
    const error = await loadConfig(configFile('connectors:\n  - { id: a, provider: aws, maxReportAge: 0s }\n')).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/connectors\[0\]\.maxReportAge: "0s" is out of range; allowed: more than 0 and at most 1w/);
  });

  it('draw each range exactly at its ends', async () => {
    const config = await loadConfig(configFile(withLine('cacheTtl: 1d\nserver:\n  limits:\n    timeout: 3600')));
    expect(config.cacheTtlMs).toBe(86_400_000);
    expect(config.server.limits?.timeout).toBe(3_600_000);
    expect((await loadConfig(configFile(withLine('cacheTtl: 0')))).cacheTtlMs).toBe(0);
    await expect(loadConfig(configFile(withLine('server:\n  limits:\n    timeout: 3601')))).rejects.toThrow(/timeout: 3601 is out of range/);
    await expect(loadConfig(configFile(withLine('cacheTtl: 86401')))).rejects.toThrow(/cacheTtl: 86401 is out of range/);
  });
});

describe('config errors', () => {
  it('name the file, line and column of a YAML syntax error, and never quote the file', async () => {
    const secret = 'tok-3f9a1c0d8e7b6a5f4e3d2c1b';
    const file = configFile(`connectors:\n  - { id: a, provider: aws, snapshot: x }\nserver:\n  token: "${secret}"\n   port: 4000\n`);
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+: invalid YAML: \\S`));
    expect(message).not.toContain(secret.slice(0, 6));
    expect(message).not.toContain('port');
    expect(message.split('\n')).toHaveLength(1);
  });
});

describe('server limits', () => {
  it('accept every limit the server and engine know, by its documented key', async () => {
    // The keys added with the engine's document limits, then every key of the table, so config and table cannot drift apart.
    expect(Object.keys(DEFAULT_LIMITS)).toEqual(expect.arrayContaining(['maxDirectives', 'maxSelections', 'maxRegexLength', 'maxRegexSize']));
    const limits = Object.keys(DEFAULT_LIMITS).filter((key) => key !== 'timeout');
    const file = configFile(`connectors:\n  - { id: a, provider: aws, snapshot: x }\nserver:\n  limits:\n${limits.map((key) => `    ${key}: 7`).join('\n')}\n    timeout: 7s\n`);
    const config = await loadConfig(file);
    expect(Object.keys(config.server.limits ?? {}).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
  });
});

describe('config mistakes, named where they are', () => {
  it('give each problem its line and column, all at once, with a suggestion for a misspelt key', async () => {
    const file = configFile('connectors:\n  - id: a\n    provider: aws\n    snapshto: ./x\n  - id: b\n    provider: aws\n    snapshot: ./y\nconcurency: 4\n');
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.split('\n')).toEqual([
      `${file}:8:1: concurency: unknown key (did you mean concurrency?)`,
      `${file}:4:5: connectors[0].snapshto: unknown key (did you mean snapshot?)`,
    ]);
  });

  it('catch a snapshot folder that is not there when the config loads, suggesting the one meant', async () => {
    const file = configFile('connectors:\n  - id: prod\n    provider: aws\n    snapshot: ./accounts/prd\n');
    await expect(loadConfig(file)).rejects.toThrow(`${file}:4:5: connectors[0].snapshot: ./accounts/prd is not a folder (did you mean ./accounts/prod?)`);
  });
});
