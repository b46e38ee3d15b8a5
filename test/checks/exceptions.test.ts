import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseExceptions } from '../../src/checks/exceptions.js';
import { CheckValidationError, formatProblem } from '../../src/checks/problems.js';
import { renderReport } from '../../src/checks/report/index.js';
import { createEngine, type AssetqlEngine } from '../../src/create-engine.js';
import { DOCUMENTED_CHECK, FIXTURES, NOW, tempDir, writeConfig } from './helpers.js';

const EXCEPTIONS = path.join(FIXTURES, 'exceptions');

describe('loading exceptions', () => {
  test('each entry needs check, connector, owner, reason and expires; a date means midnight UTC', () => {
    const file = path.join(EXCEPTIONS, 'approved.yaml');
    const exceptions = parseExceptions(readFileSync(file, 'utf8'), file);
    expect(exceptions).toHaveLength(4);
    expect(exceptions[0]).toMatchObject({ check: DOCUMENTED_CHECK, connector: 'key1-active', owner: 'alice@example.com', source: `${file}:4` });
    expect(exceptions[0].expires.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(exceptions[3].expires.toISOString()).toBe('2030-01-01T12:00:00.000Z');
  });

  test('a missing owner or expiry is rejected with its line, every problem at once', () => {
    const file = path.join(EXCEPTIONS, 'malformed.yaml');
    let error: unknown;
    try {
      parseExceptions(readFileSync(file, 'utf8'), file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CheckValidationError);
    expect((error as CheckValidationError).problems.map(formatProblem)).toEqual([
      `${file}:2:5: exceptions[0].owner: required`,
      `${file}:6:5: exceptions[1].expires: required`,
      `${file}:14:5: exceptions[2].expires: "next year" is not a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)`,
      `${file}:15:5: exceptions[2].expiry: unknown field`,
    ]);
  });

  test('a file that is not a list of exceptions is rejected', () => {
    expect(() => parseExceptions('- check: x\n', 'list.yaml')).toThrow(CheckValidationError);
    expect(() => parseExceptions('exception: []\n', 'typo.yaml')).toThrow(/unknown field exception/);
  });
});

describe('exceptions in a run', () => {
  let temp: ReturnType<typeof tempDir>;
  let engine: AssetqlEngine;
  beforeEach(async () => {
    temp = tempDir();
    const config = writeConfig(temp.dir, { exceptions: path.join(EXCEPTIONS, 'approved.yaml') });
    engine = await createEngine({ config, now: NOW });
  });
  afterEach(async () => {
    await engine.close();
    temp.cleanup();
  });

  test('live: WAIVED, the finding names owner, reason and expiry', async () => {
    const report = await engine.runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['key1-active'] });
    expect(report.results[0].status).toBe('WAIVED');
    expect(report.results[0].findings[0].exception).toMatchObject({
      state: 'active',
      owner: 'alice@example.com',
      reason: expect.stringContaining('SEC-101'),
      expires: '2030-01-01T00:00:00.000Z',
    });
    expect(report.summary).toMatchObject({ waived: 1, fail: 0, exitCode: 0, findings: 0 });
  });

  test('expired: FAIL, and the finding says which exception expired and when', async () => {
    const report = await engine.runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['key2-active'] });
    expect(report.results[0].status).toBe('FAIL');
    expect(report.results[0].findings[0].exception).toMatchObject({
      state: 'expired',
      owner: 'bob@example.com',
      expires: '2024-06-01T00:00:00.000Z',
      source: expect.stringMatching(/approved\.yaml:10$/),
    });
    expect(report.summary.exitCode).toBe(1);
  });

  test('an exception is live until its expiry instant, whatever the clock says', async () => {
    const before = await engine.runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['key2-active'], now: '2024-05-31T23:59:59Z' });
    expect(before.results[0].status).toBe('WAIVED');
  });

  test('stale: an exception matching no finding is reported; one for a check outside the run is not judged', async () => {
    const report = await engine.runChecks({ checks: [DOCUMENTED_CHECK] });
    expect(report.summary.staleExceptions).toEqual([
      expect.objectContaining({ check: DOCUMENTED_CHECK, connector: 'clean', owner: 'carol@example.com', expired: false, source: expect.stringMatching(/approved\.yaml:17$/) }),
    ]);
  });

  test('ERROR results are never waived', async () => {
    await engine.close();
    const config = writeConfig(temp.dir, { accounts: { 'key1-active': null }, exceptions: path.join(EXCEPTIONS, 'approved.yaml') });
    engine = await createEngine({ config, now: NOW });
    const report = await engine.runChecks({ checks: [DOCUMENTED_CHECK] });
    expect(report.results[0].status).toBe('ERROR');
    expect(report.summary.staleExceptions).toEqual([]);
  });

  test('a malformed exceptions file stops the run', async () => {
    await expect(engine.runChecks({ exceptions: undefined })).resolves.toBeDefined();
    await engine.close();
    engine = await createEngine({ config: writeConfig(temp.dir, { exceptions: path.join(EXCEPTIONS, 'malformed.yaml') }), now: NOW });
    await expect(engine.runChecks()).rejects.toThrow(/exceptions\[0\]\.owner: required/);
  });
});

describe('expiry dates', () => {
  test('30 February and other dates that do not exist are refused', () => {
    const text = ['exceptions:', ...['2025-02-30', '2025-13-01', '2024-06-15T24:00'].map((expires) => `  - { check: c, connector: k, owner: o, reason: r, expires: ${expires} }`)].join('\n');
    const error = (() => {
      try {
        parseExceptions(text, 'exceptions.yaml');
      } catch (caught) {
        return caught as CheckValidationError;
      }
    })();
    expect(error?.problems.map(formatProblem)).toEqual([
      'exceptions.yaml:2:52: exceptions[0].expires: "2025-02-30" is not a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)',
      'exceptions.yaml:3:52: exceptions[1].expires: "2025-13-01" is not a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)',
      'exceptions.yaml:4:52: exceptions[2].expires: "2024-06-15T24:00" is not a date such as 2025-12-31 or an ISO-8601 timestamp (no zone means UTC)',
    ]);
  });
});

describe('exceptions naming a check or connector that does not exist', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.cleanup());

  test('are reported in the summary, table and sarif, and change no verdict or exit code', async () => {
    const file = path.join(temp.dir, 'exceptions.yaml');
    writeFileSync(
      file,
      [
        'exceptions:',
        '  - { check: aws-root-users-with-acces-key, connector: key1-active, owner: alice, reason: typo, expires: 2030-01-01 }',
        `  - { check: ${DOCUMENTED_CHECK}, connector: decommissioned, owner: bob, reason: account closed, expires: 2030-01-01 }`,
        `  - { check: ${DOCUMENTED_CHECK}, connector: key1-active, owner: carol, reason: approved, expires: 2030-01-01 }`,
      ].join('\n'),
    );
    const engine = await createEngine({ config: writeConfig(temp.dir, { accounts: { 'key1-active': 'key1-active', clean: 'clean' }, exceptions: file }), now: NOW });
    // Narrowed to one account: the other configured account still counts as known.
    const report = await engine.runChecks({ checks: [DOCUMENTED_CHECK], connectors: ['clean'] });
    await engine.close();

    expect(report.summary.unknownExceptions).toEqual([
      { check: 'aws-root-users-with-acces-key', connector: 'key1-active', owner: 'alice', expires: '2030-01-01T00:00:00.000Z', source: 'exceptions.yaml:2', unknown: ['check'] },
      { check: DOCUMENTED_CHECK, connector: 'decommissioned', owner: 'bob', expires: '2030-01-01T00:00:00.000Z', source: 'exceptions.yaml:3', unknown: ['connector'] },
    ]);
    expect(report.summary.exitCode).toBe(0);
    expect(renderReport(report, 'table')).toContain('unknown exception exceptions.yaml:2 (owner alice): no check "aws-root-users-with-acces-key" is registered; it waives nothing');
    const notifications = JSON.parse(renderReport(report, 'sarif')).runs[0].invocations[0].toolConfigurationNotifications;
    expect(notifications.map((n: { message: { text: string } }) => n.message.text)).toEqual([
      'unknown exception exceptions.yaml:2: no check "aws-root-users-with-acces-key" is registered; it waives nothing',
      `unknown exception exceptions.yaml:3: no connector "decommissioned" is configured; it waives nothing`,
    ]);
  });
});
