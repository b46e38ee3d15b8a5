/**
 * examples/snapshot-with-aws-cli.sh writes, with the AWS CLI alone, the
 * snapshot layout of every source assetql reads: when a family adds a
 * source, this fails until the script writes its file too.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/model/registry.js';
import { snapshotPath } from '../../src/sources/layout.js';
import { PROJECT_ROOT } from '../support/cli.js';

const SCRIPT = readFileSync(path.join(PROJECT_ROOT, 'examples/snapshot-with-aws-cli.sh'), 'utf8');

describe('examples/snapshot-with-aws-cli.sh', () => {
  it('writes the file of every account-wide source with the command that prints it', () => {
    for (const source of new Registry().sources.filter((s) => s.scope === 'account')) {
      const file = snapshotPath(source);
      if (source.text) {
        // The credential report: its CSV, decoded, is the file.
        expect(SCRIPT).toContain(`aws ${source.service} ${source.command} --query Content --output text | base64 -d > "$out/${file}"`);
        continue;
      }
      expect(SCRIPT, source.id).toContain(`run ${file} ${[source.service, source.command, ...(source.cliArgs ?? [])].join(' ')}`);
    }
  });

  it('writes every regional source in each region read', () => {
    for (const source of new Registry().sources.filter((s) => s.scope === 'region')) {
      expect(SCRIPT, source.id).toContain(`run regions/$region/${source.service}/${source.command}.json ${source.service} ${source.command} --region "$region"`);
    }
  });
});
