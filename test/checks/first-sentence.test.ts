import { describe, expect, test } from 'vitest';
import { firstSentence } from '../../src/checks/report/first-sentence.js';
import { assetql } from '../support/cli.js';

describe('the remediation hint of the table', () => {
  test('is the whole first sentence of a wrapped YAML paragraph, not its first physical line', async () => {
    const { stdout } = await assetql(['check', 'run', '--config', 'examples/assetql.config.yaml', '--check', 'aws-account-summary-root-access-keys-present', '--connector', 'staging']);
    expect(stdout).toContain('    remediation: Delete every root access key, active or not; use IAM roles or IAM Identity Center for programmatic access.\n');
  });

  test.each([
    ['Enable MFA for the root user.\n\n**Console**\n\n1. Sign in.', 'Enable MFA for the root user.'],
    ['Rotate the key: create a second key,\nmove the workload to it. Better, use roles.', 'Rotate the key: create a second key, move the workload to it.'],
    ['Remember the last 24 passwords (the most IAM\nallows).\n\nMore.', 'Remember the last 24 passwords (the most IAM allows).'],
    ['Use a role, e.g. one from\nIdentity Center. Then rest.', 'Use a role, e.g. one from Identity Center.'],
    ['See [the tasks](https://docs.aws.amazon.com/IAM/x.html) first. Then act.', 'See [the tasks](https://docs.aws.amazon.com/IAM/x.html) first.'],
    ['No full stop in this\nfirst paragraph\n\nSecond.', 'No full stop in this first paragraph'],
  ])('%j → %j', (markdown, expected) => {
    expect(firstSentence(markdown)).toBe(expected);
  });
});
