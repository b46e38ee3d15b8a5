/**
 * Properties over random inputs (issue 10): whatever a credential report or a
 * `where` filter holds, the process does not crash, and data that cannot be
 * read never comes out as a PASS.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { isNonNullType, type GraphQLInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/model/iam-credential-report/report.js';
import { createEngine } from '../../src/index.js';
import { HEADER, csv, regionsFile, row, writeSnapshot } from '../support/credential-report.js';
import { iamFiles } from '../support/iam-snapshot.js';
import { networkFiles } from '../support/network-snapshot.js';
import { loggingFiles } from '../support/logging-snapshot.js';
import { storageFiles } from '../support/storage-snapshot.js';
import { whereValue } from '../support/where-arbitrary.js';

type Column = (typeof CREDENTIAL_REPORT_COLUMNS)[number];
const kind = (column: Column) =>
  column === 'user' || column === 'arn' ? 'text' : /_(active|enabled)$/.test(column) ? 'boolean' : /_(time|used|changed|rotation|rotated|date)$/.test(column) ? 'timestamp' : 'text';

const VALID = {
  boolean: ['true', 'false', 'N/A'],
  timestamp: ['2015-06-24T12:45:00+00:00', '2024-06-01T00:00:00+00:00', '2024-02-29T23:59:59+00:00', 'N/A', 'no_information', 'not_supported'],
  text: ['us-east-1', 's3', 'N/A', 'a,b', 'x"y'],
};
const INVALID = {
  boolean: ['yes', 'TRUE', '1', '', 'true '],
  timestamp: ['2019-13-45T99:99:99+00:00', '2023-02-29T00:00:00+00:00', '2024-06-01', '2024-06-01T00:00:00', 'yesterday', ''],
};

/** One cell: usually valid, sometimes not; `bad` says which. */
const cell = (column: Column) => {
  const k = kind(column);
  const valid = fc.constantFrom(...VALID[k]).map((text) => ({ text, bad: false }));
  if (k === 'text') return valid;
  return fc.oneof({ weight: 12, arbitrary: valid }, { weight: 1, arbitrary: fc.constantFrom(...INVALID[k]).map((text) => ({ text, bad: true })) });
};

/** A row: a user (or the root row), its cells, and whether any cell is unreadable. */
const reportRow = (user: string) =>
  fc.tuple(...CREDENTIAL_REPORT_COLUMNS.slice(2).map(cell)).map((cells) => {
    const [name, arn] = row({ user });
    return { cells: [name, arn, ...cells.map((c) => c.text)], bad: cells.some((c) => c.bad) };
  });

const CHECKS_ON = {
  root: ['aws-root-users-with-access-key', 'aws-root-users-without-mfa', 'aws-root-users-used-recently'],
  users: ['aws-iam-users-console-password-without-mfa', 'aws-iam-users-console-password-with-unused-access-key', 'aws-iam-users-credentials-unused-45-days', 'aws-iam-users-with-two-active-access-keys', 'aws-iam-users-access-keys-not-rotated-90-days'],
};

describe('the credential report reader, on random reports', () => {
  it('never passes a check whose rows are unreadable, and decides every check whose rows are readable', async () => {
    const report = fc.record({
      root: reportRow('<root_account>'),
      users: fc.array(fc.constantFrom('alice', 'bob', 'smith, john', 'o"neil', 'x+y=z@corp').chain((name) => reportRow(name)), { maxLength: 4 }),
      duplicateRoot: fc.boolean(),
      // A user row one cell short, by index.
      shortRow: fc.option(fc.nat({ max: 4 })),
    });
    const dir = writeSnapshot({ csv: '', summary: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }, policy: { MinimumPasswordLength: 14 } });
    const engine = await createEngine({ config: { connectors: [{ id: 'random', provider: 'aws', snapshot: dir }] }, now: '2024-06-15T00:00:00Z' });
    try {
      await fc.assert(
        fc.asyncProperty(report, async ({ root, users, duplicateRoot, shortRow }) => {
          const rows = [root.cells, ...users.map((u) => u.cells)];
          if (duplicateRoot) rows.push([...root.cells]);
          let truncatedUser = false;
          if (shortRow !== null && shortRow < users.length) {
            rows[shortRow + 1] = rows[shortRow + 1].slice(0, -1);
            truncatedUser = true;
          }
          // Each run is a new session, which reads the report again: one engine serves every case.
          writeFileSync(path.join(dir, 'credential-report.csv'), csv(rows));
          const results = new Map((await engine.runChecks({ checks: [...CHECKS_ON.root, ...CHECKS_ON.users] })).results.map((r) => [r.check, r.status]));
          const rootUnreadable = root.bad || duplicateRoot;
          const usersUnreadable = rootUnreadable || truncatedUser || users.some((u) => u.bad);
          for (const check of CHECKS_ON.root) expect(results.get(check) === 'ERROR', check).toBe(rootUnreadable);
          for (const check of CHECKS_ON.users) expect(results.get(check) === 'ERROR', check).toBe(usersUnreadable);
        }),
        { numRuns: 80, seed: 424242 },
      );
    } finally {
      await engine.close();
    }
  });
});

describe('the where compiler, on random filters', () => {
  it('never crashes, and an unreadable account never yields data', async () => {
    const readable = writeSnapshot({ csv: csv([row({ user: '<root_account>' }), row({ user: 'u-alpha', access_key_1_active: 'true', access_key_1_last_rotated: '2024-01-01T00:00:00+00:00' })]), summary: { AccountMFAEnabled: 1 }, policy: { MinimumPasswordLength: 9 }, files: { ...regionsFile(), ...loggingFiles('123456789012', ['us-east-1', 'eu-west-1']), ...iamFiles(['u-alpha']), ...networkFiles(['us-east-1', 'eu-west-1']), ...storageFiles(['us-east-1', 'eu-west-1']) } });
    const unreadable = writeSnapshot({ csv: `${HEADER}\n<root_account>,arn:aws:iam::123456789012:root,March 7\n`, summary: '{"SummaryMap": {"Users": "two"}}', policy: '{"PasswordPolicy": {"MinimumPasswordLength": "long"}}' });
    const good = await createEngine({ config: { connectors: [{ id: 'good', provider: 'aws', snapshot: readable }] }, storedChecks: false });
    const bad = await createEngine({ config: { connectors: [{ id: 'bad', provider: 'aws', snapshot: unreadable }] }, storedChecks: false });
    // Root fields a where alone can ask (a view with a required argument needs more).
    const roots = Object.values(good.schema.getQueryType()!.getFields()).filter((field) => field.name !== 'connectors' && field.args.some((arg) => arg.name === 'where') && field.args.every((arg) => arg.name === 'where' || !isNonNullType(arg.type) || arg.defaultValue !== undefined));
    const query = fc.constantFrom(...roots).chain((field) => {
      const type = field.args.find((arg) => arg.name === 'where')!.type as GraphQLInputObjectType;
      return whereValue(type, 3).map((where) => ({ document: `query($w: ${type.name}) { ${field.name}(where: $w) { id } }`, where }));
    });
    await fc.assert(
      fc.asyncProperty(query, async ({ document, where }) => {
        const fine = await good.query(document, { w: where });
        expect(fine.errors ?? []).toEqual([]);
        const broken = await bad.query(document, { w: where });
        expect(broken.data).toBeNull();
        expect(broken.errors?.[0].extensions?.code).toBe('ACCOUNT_DATA_UNAVAILABLE');
      }),
      { numRuns: 150, seed: 777 },
    );
  });
});
