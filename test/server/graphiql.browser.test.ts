import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type AssetqlEngine } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { launchChromium } from '../support/chromium.js';
import { DOCUMENTED_QUERY, EXAMPLES_CONFIG } from './support.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

describe('GraphiQL in headless Chromium', () => {
  let engine: AssetqlEngine;
  let running: RunningServer;
  let browser: Browser;
  /** Every request the page made that was not to our loopback server (all refused). */
  const offsite: string[] = [];

  beforeAll(async () => {
    engine = await createEngine({ config: EXAMPLES_CONFIG });
    running = await startServer(engine, { port: 0 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await engine?.close();
  });

  async function openGraphiQL() {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const origin = new URL(running.url).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      offsite.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(running.url);
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    return page;
  }

  it('loads with no request leaving the machine, runs a typed query and shows the data', async () => {
    const page = await openGraphiQL();
    // One line, typed as one input event: the editor's auto-indent and auto-closing brackets leave it as written.
    await page.keyboard.insertText(DOCUMENTED_QUERY.replace(/\s+/g, ' '));
    await page.getByRole('button', { name: /^Prettify query/ }).click(); // for a readable screenshot
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const response = page.locator('.graphiql-response');
    await response.getByText('"example-staging"').first().waitFor();
    const text = await response.innerText();
    expect(text).toContain('"rootUsers"');
    expect(text).toContain('"sandbox"');
    expect(text).not.toContain('"production"');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql.png') });
    expect(offsite).toEqual([]);
  });

  it('completes the generated filter operators', async () => {
    const page = await openGraphiQL();
    await page.keyboard.insertText('{ iamUsers(where: { name_MA');
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget').getByText('name_MATCHES').first().waitFor();
    expect(offsite).toEqual([]);
  });
});
