import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from '../../src/adapters/browser-pool.ts';
import { serveHttpFiles } from '../../src/transport/index.ts';

// Issue 12, item 5: the reports as a person sees them. A run with one failing scenario (the reference
// Interaction Server made to omit EventInvite's TicketId) writes the Cucumber HTML report and the Allure
// report; each is opened in Chromium, the failing scenario shown, and its failure text and sequence
// diagram must be visible on screen — not merely somewhere in the file. Screenshots are kept beside the
// reports (and named in a failing assertion), for a person to look at.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-reports-seen-'));
const reports = join(work, 'reports');
const FAILURE = 'TicketId: expected $ticket, got absent';
let browser: Browser;

before(async () => {
  const code = await new Promise<number | null>((resolve) => {
    const args = [BIN, 'run', 'features/deliver-interaction-to-agent.feature', '--tags', '@phase-urs-requests-delivery', '--inject-fault', 'IS1=omitTicketId', '--reports', reports];
    spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' }, stdio: 'ignore' }).on('close', resolve);
  });
  assert.equal(code, 1, 'the run fails its one scenario');
  browser = await chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: [...CHROMIUM_FLAGS], chromiumSandbox: false });
});
after(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function shot(page: Page, name: string): Promise<string> {
  const file = join(reports, `${name}.png`);
  writeFileSync(file, await page.screenshot({ fullPage: true }));
  return file;
}

test('the Cucumber HTML report shows the failure text and the sequence diagram, and each step\'s text once', async () => {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  await page.goto(pathToFileURL(join(reports, 'cucumber-report.html')).href);
  const failure = page.getByText(FAILURE).first();
  await failure.waitFor({ state: 'visible', timeout: 15_000 });
  await failure.scrollIntoViewIfNeeded();
  assert.ok(await failure.isVisible(), 'the failure text is visible');
  // The report holds each attachment under a disclosure, closed: a person opens the diagram's.
  await page.locator('summary', { hasText: /\.table\.fail\.svg$/ }).first().click();
  const diagram = page.locator('img[src^="data:image/svg+xml"]').first();
  await diagram.waitFor({ state: 'visible', timeout: 5_000 });
  await diagram.scrollIntoViewIfNeeded();
  const file = await shot(page, 'cucumber-failing-scenario');
  assert.ok(await diagram.isVisible(), `the sequence diagram is visible (${file})`);
  const box = await diagram.boundingBox();
  assert.ok(box && box.height > 100 && box.width > 100, `the diagram is drawn at a readable size: ${JSON.stringify(box)} (${file})`);
  // The step text once: a capture group that matched nothing used to print it again, once per group.
  const routes = await page.getByText('URS routes the interaction to agent').allInnerTexts();
  assert.deepEqual(routes.map((t) => t.trim()), ['When URS routes the interaction to agent "Agent1" at place "Place1"'], file);
  const submits = await page.getByText('submits an "email" interaction').allInnerTexts();
  assert.deepEqual(submits.map((t) => t.trim()), ['And "E-mail Server" submits an "email" interaction to queue "Inbound"'], file);
  await page.close();
});

test('the Allure report shows the failure text and, opened from its step, the sequence diagram', async () => {
  // Allure's page reads its data with fetch, which file:// refuses: served over HTTP, as a person would.
  const server = await serveHttpFiles({ folder: join(reports, 'allure-report') });
  const page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  try {
    await page.goto(`${server.origin}/index.html#suites`);
    await page.getByText('URS requests delivery').first().click({ timeout: 15_000 });
    const failure = page.locator('.test-result').getByText(FAILURE).first();
    await failure.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok(await failure.isVisible());
    // The failing step, then its diagram among the step's attachments (the message above quotes the step too).
    await page.locator('.test-result .step__title', { hasText: 'these messages are exchanged in order:' }).first().click();
    await page.locator('.test-result .attachment-row', { hasText: '.table.fail.svg' }).first().locator('.attachment-row__name').click();
    const diagram = page.locator('.test-result .attachment-row__content img').first();
    await diagram.waitFor({ state: 'visible', timeout: 10_000 });
    await diagram.scrollIntoViewIfNeeded();
    const file = await shot(page, 'allure-failing-scenario');
    assert.ok(await diagram.isVisible(), `the sequence diagram is visible (${file})`);
    const box = await diagram.boundingBox();
    assert.ok(box && box.height > 100 && box.width > 100, `the diagram is drawn at a readable size: ${JSON.stringify(box)} (${file})`);
  } finally {
    await page.close();
    await server.close();
  }
});
