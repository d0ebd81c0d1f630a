import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// Issue 12, item 4: examples/web-desktop, a third party's web page (its own markup and selectors,
// nothing of flowcert's), certified as the agent application through the browser adapter — the
// Deliver scenarios and the display scenarios, the ones its capabilities cover — passes; its stale
// variant fails the status read after a change, in the step's words, with the screenshot.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-web-certify-'));
after(() => rmSync(work, { recursive: true, force: true }));

function certify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'certify', '--no-allure', '--tags', '@deliver or @desktop-display', ...args], { cwd: ROOT, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (s: string) => s.trim().split('\n').at(-1) ?? '';

interface Certificate {
  verdict: string;
  sut: { adapters: string[]; capabilities: string[] };
  score: { passed: number; failed: number; applicable: number };
  failures: { scenario: string; explanation: string }[];
}

test('the third-party web desktop is certified through the browser adapter: PASS', async () => {
  const reports = join(work, 'good');
  const r = await certify(['--sut', 'examples/web-desktop/flowcert.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(lastLine(r.stdout), /^flowcert certify: Acme Agent Web 1\.0\.0 as Agent Application: PASS — score 100% \((\d+) of \1 passed\)/);
  const c = JSON.parse(readFileSync(join(reports, 'certificate', 'certificate.json'), 'utf8')) as Certificate;
  assert.deepEqual(c.sut.adapters, ['browser']);
  assert.ok(c.score.applicable >= 11, `the Deliver and display scenarios (${c.score.applicable})`);
});

test('its stale variant fails the status read after a change, in the step\'s words, with the screenshot', async () => {
  const reports = join(work, 'stale');
  const r = await certify(['--sut', 'examples/web-desktop/flowcert.stale.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
  assert.match(lastLine(r.stdout), /: FAIL — score \d+% \(\d+ of \d+ passed; 1 failed\)/);
  const c = JSON.parse(readFileSync(join(reports, 'certificate', 'certificate.json'), 'utf8')) as Certificate;
  assert.equal(c.failures.length, 1);
  const [f] = c.failures;
  assert.equal(f.scenario, "The desktop shows the new status after the agent's status changes");
  assert.match(f.explanation, /^"Agent1's desktop" shows status "NotReady" for "email": no — it shows "Ready" for "email", not "NotReady"/);
  assert.match(f.explanation, /read from "\.channel\[data-channel="email"\] \.presence" on http:\/\/127\.0\.0\.1:\d+\/index\.html\?presence=stale/);
  const shot = /screenshot attached: (Agent1's desktop \d+ shows Ready for email, not NotReady\.png)/.exec(f.explanation)?.[1];
  assert.ok(shot, f.explanation);
  // The screenshot is in the report beside the failure, under the name the failure gives.
  const messages = readFileSync(join(reports, 'cucumber-messages.ndjson'), 'utf8');
  assert.ok(messages.includes(`"fileName":${JSON.stringify(shot)}`), 'the screenshot the failure names is attached');
});
