import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/index.js';
import { writeConfigText } from '../support/credential-report.js';

describe('config files', () => {
  it('resolve snapshot paths against the config file, not the working directory', async () => {
    const file = writeConfigText('connectors:\n  - id: prod\n    provider: aws\n    snapshot: ./accounts/prod\n');
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
    ['invalid YAML', 'connectors:\n  - id: a\n   provider: aws\n', /assetql\.config\.yaml: .*\(3:\d+\)/],
  ])('reject %s, naming the file and field', async (_name, text, message) => {
    const file = writeConfigText(text);
    const error = await loadConfig(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });

  it('reject a missing file', async () => {
    await expect(loadConfig('no-such-config.yaml')).rejects.toThrow('no-such-config.yaml: no such file');
  });

  it('read live and organization entries and durations', async () => {
    const file = writeConfigText('connectors:\n  - id: audit\n    provider: aws\n    profile: security-audit\n    maxReportAge: 1h\n  - discover: organization\ncacheTtl: 15m\nconcurrency: 4\n');
    const config = await loadConfig(file);
    expect(config.connectors).toEqual([
      { kind: 'aws', id: 'audit', provider: 'aws', profile: 'security-audit', maxReportAge: 3_600_000 },
      { kind: 'organization', discover: 'organization', roleName: 'OrganizationAccountAccessRole' },
    ]);
    expect(config.cacheTtlMs).toBe(900_000);
    expect(config.concurrency).toBe(4);
  });
});
