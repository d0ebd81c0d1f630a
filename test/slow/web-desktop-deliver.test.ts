import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// Issue 12, item 3: the shipped Deliver feature, unchanged, with every agent application bound to
// flowcert's reference web desktop in Chromium (examples/reference-web-desktop/flowcert.sut.yaml) —
// through the CLI, with the Cucumber and Allure reports — passes, with a screenshot of the page on
// each agent step in both reports.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-web-deliver-'));
after(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Message = Record<string, Record<string, unknown>>;

test('the Deliver feature passes through the reference web desktop in Chromium, a screenshot on each agent step in both reports', async () => {
  const reports = join(work, 'reports');
  const r = await run(['run', 'features/deliver-interaction-to-agent.feature', '--sut', 'examples/reference-web-desktop/flowcert.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /flowcert: 9 scenarios \(9 passed\)/);

  // Cucumber's messages: which pickle step each screenshot is attached to.
  const messages = readFileSync(join(reports, 'cucumber-messages.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Message);
  const stepText = new Map<string, string>();
  for (const m of messages) for (const s of (m.pickle?.steps as { id: string; text: string }[] | undefined) ?? []) stepText.set(s.id, s.text);
  const testStepToPickleStep = new Map<string, string>();
  for (const m of messages) for (const s of (m.testCase?.testSteps as { id: string; pickleStepId?: string }[] | undefined) ?? []) if (s.pickleStepId) testStepToPickleStep.set(s.id, s.pickleStepId);
  const shotsByStep = new Map<string, number>();
  for (const m of messages) {
    const a = m.attachment;
    if (a?.mediaType !== 'image/png') continue;
    const pickleStep = testStepToPickleStep.get(a.testStepId as string);
    assert.ok(pickleStep, `a screenshot (${String(a.fileName)}) attached to a step, not a hook`);
    shotsByStep.set(pickleStep, (shotsByStep.get(pickleStep) ?? 0) + 1);
  }
  const agentSteps = [...stepText].filter(([, text]) => /^agent "Agent\d" at place .* is logged in|^"Agent\d's desktop" will /.test(text));
  assert.ok(agentSteps.length >= 20, `the feature's agent steps (${agentSteps.length})`);
  const bare = agentSteps.filter(([id]) => !shotsByStep.has(id)).map(([, t]) => t);
  // A screenshot that could not be taken says why on its step (browser.ts): shown when one is missing.
  const why = messages.filter((m) => m.attachment?.mediaType === 'text/plain' && String(m.attachment.fileName).endsWith('(no screenshot).txt')).map((m) => (m.attachment!.contentEncoding === 'BASE64' ? Buffer.from(String(m.attachment!.body), 'base64').toString('utf8') : String(m.attachment!.body)));
  assert.deepEqual(bare, [], `every agent step carries a screenshot${why.length ? `; the reasons given: ${why.join(' | ')}` : ''}`);

  // Allure: the same screenshots, as PNG files its results point at.
  const results = join(reports, 'allure-results');
  const pngs = readdirSync(results).filter((f) => f.endsWith('.png'));
  assert.ok(pngs.length >= agentSteps.length, `${pngs.length} PNG attachments in allure-results`);
  assert.deepEqual([...readFileSync(join(results, pngs[0])).subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  // allure-cucumberjs files a step's attachments as its sub-steps: the agent steps carry the screenshots there.
  interface AllureStep { name: string; steps?: AllureStep[]; attachments?: { name: string; type: string }[] }
  const steps = readdirSync(results).filter((f) => f.endsWith('-result.json')).flatMap((f) => (JSON.parse(readFileSync(join(results, f), 'utf8')) as AllureStep).steps ?? []);
  const shotsUnder = (s: AllureStep): string[] => (s.steps ?? []).flatMap((c) => (c.attachments ?? []).filter((a) => a.type === 'image/png').map((a) => a.name));
  const loginSteps = steps.filter((s) => /^(Given|And) agent "Agent1" at place "Place1" is logged in/.test(s.name));
  assert.ok(loginSteps.length >= 9, `the login step of every scenario in Allure (${loginSteps.length})`);
  for (const s of loginSteps) assert.ok(shotsUnder(s).some((n) => /^Agent1's desktop \d+ logged in\.png$/.test(n)), `${s.name}: ${shotsUnder(s).join(', ')}`);
});
