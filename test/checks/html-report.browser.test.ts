import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dump } from 'js-yaml';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetql } from '../support/cli.js';
import { launchChromium } from '../support/chromium.js';
import { csv, row, writeSnapshot } from '../support/credential-report.js';
import { FIXTURES, NOW, ROOT, tempDir, writeConfig } from './helpers.js';

/**
 * The html report, opened from disk in headless Chromium as an auditor
 * would: it loads nothing from anywhere, shows the summary by severity and
 * by framework control and every failing check with its remediation, and a
 * hostile name from AWS is text, never markup.
 */

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const HOSTILE_USER = 'mallory<img src=x onerror=alert(1)>';
const temp = tempDir();
let browser: Browser;
let file: string;

beforeAll(async () => {
  const hostile = writeSnapshot({ csv: csv([row({ user: '<root_account>', access_key_1_active: 'true' }), row({ user: HOSTILE_USER, password_enabled: 'true' })]) });
  mkdirSync(path.join(temp.dir, 'more-checks'));
  writeFileSync(
    path.join(temp.dir, 'more-checks', 'no-console-users.yaml'),
    dump({ id: 'no-console-users', title: 'No console users', severity: 'high', query: '{ iamUsers(where: { hasIAMUserCredentials: { passwordEnabled: true } }) { arn name } }', expect: 'eq []', remediation: 'Remove the **console password**.\n\n<script>document.title = "owned"</script>\n\n1. Open IAM.\n2. Choose the user.', compliance: { 'cis-aws-foundations-v3.0.0': ['1.10'] } }),
  );
  const config = writeConfig(temp.dir, {
    accounts: { 'key1-active': 'key1-active', 'key2-active': 'key2-active', clean: 'clean', missing: null, hostile },
    checks: [path.join(FIXTURES, 'valid'), path.join(temp.dir, 'more-checks')],
    exceptions: path.join(FIXTURES, 'exceptions/approved.yaml'),
  });
  file = path.join(temp.dir, 'report.html');
  const { code, stderr } = await assetql(['check', 'run', '--config', config, '--now', NOW, '--format', `html:${file}`]);
  expect([code, stderr]).toEqual([2, expect.stringContaining('wrote ')]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  temp.cleanup();
});

describe('the html report in Chromium', () => {
  it('loads with no request at all, shows the summary, the framework view and the findings with remediation', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const url = pathToFileURL(file).href;
    await context.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => errors.push(message.text()));
    await page.goto(url);

    await expect(page.locator('h1').innerText()).resolves.toBe('assetql report');
    const summary = await page.locator('#summary').innerText();
    expect(summary).toMatch(/failed/);
    expect(summary).toMatch(/could not be checked/);
    const severityRows = await page.locator('table.by-severity tbody tr').allInnerTexts();
    expect(severityRows.some((text) => /^critical/.test(text))).toBe(true);

    const framework = page.locator('#framework-cis-aws-foundations-v3\\.0\\.0');
    await expect(framework.locator('h2').innerText()).resolves.toBe('CIS AWS Foundations Benchmark v3.0.0');
    expect(await framework.locator('tbody tr').count()).toBe(62);
    const control = (id: string) => framework.locator('tbody tr').filter({ has: page.locator(`td:first-child code:text-is("${id}")`) });
    await expect(control('1.4').locator('.badge').innerText()).resolves.toBe('FAIL');
    await expect(control('1.1').locator('.badge').innerText()).resolves.toBe('MANUAL');
    // Every control has a bundled check now: 3.4's cannot read these accounts (no trails in the fixtures).
    await expect(control('3.4').locator('.badge').innerText()).resolves.toBe('ERROR');

    await expect(page.locator('#errors').innerText()).resolves.toContain('SnapshotIdentityMissing');
    const check = page.locator('#check-no-console-users');
    await expect(check.locator('.remediation strong').innerText()).resolves.toBe('console password');
    expect(await check.locator('.remediation ol li').count()).toBe(2);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows hostile names and raw HTML in a check file as text: no element, no script runs', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const check = page.locator('#check-no-console-users');
    await expect(check.innerText()).resolves.toContain(HOSTILE_USER);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(0);
    await expect(check.locator('.remediation').innerText()).resolves.toContain('<script>document.title = "owned"</script>');
    await expect(page.title()).resolves.toMatch(/^assetql report, 2024-06-15T00:00:00\.000Z$/);
    await page.close();
  });

  it('forbids every load in its own Content-Security-Policy and links nothing outside itself', () => {
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
    // Markup only of our own making: every tag that could load or run something is absent (hostile text is escaped).
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed|base|form)\b/i);
  });
});
