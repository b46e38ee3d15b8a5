import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parseExceptions } from '../../src/checks/exceptions.js';
import { CheckValidationError, formatProblem } from '../../src/checks/problems.js';
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
      `${file}:14:5: exceptions[2].expires: a date such as 2025-12-31 (or an ISO-8601 timestamp)`,
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
