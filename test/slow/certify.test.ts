import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Certificate } from '../../src/reporting/certificate.ts';

// The worked examples under examples/, certified as a newcomer would (examples/README.md): a good
// desktop and a routing server pass their roles; a careless desktop fails, for exactly its two flaws.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-certify-'));
after(() => rmSync(work, { recursive: true, force: true }));

function certify(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Every feature, as examples/README.md certifies them: the examples take part in every model of their role.
    const child = spawn(process.execPath, [BIN, 'certify', '--no-allure', ...args], { cwd: ROOT, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'certificate', 'certificate.json'), 'utf8')) as Certificate;
const lastLine = (s: string) => s.trimEnd().split('\n').pop() ?? '';

test('the good desktop is certified as an agent application: every scenario it can take part in passes, those with a secondary Interaction Server (login, failover, restart) included', async () => {
  const reports = join(work, 'good');
  const r = await certify(['--sut', 'examples/good-desktop/flowcert.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  // Every scenario with an agent application, in every model: their number grows with the suite.
  assert.match(lastLine(r.stdout), /^flowcert certify: good-desktop \S+ as Agent Application: PASS — score 100% \((\d+) of \1 passed\) — certificate: /);
  const c = read(reports);
  // It takes part in every scenario of its role now (a primary and a secondary included): nothing it
  // can be given is inconc. The Registration scenarios whose client must not register are not applicable.
  assert.equal(c.verdict, 'pass');
  assert.deepEqual(c.scenarios.filter((s) => s.applicable && s.verdict !== 'pass'), []);
  const failover = c.models.find((m) => m.model === 'Disconnection and Failover');
  assert.deepEqual(failover && failover.variants.map((v) => `${v.variant}:${v.verdict}`).sort(), ['agent-disconnects-not-logged-in:pass', 'agent-disconnects-one-server:pass', 'agent-disconnects:pass', 'server-disconnects:pass', 'server-restarts:pass']);
  assert.deepEqual(c.sut.adapters, ['process']);
  assert.ok(c.sut.capabilities.includes('reject'));
  const deliver = c.models.find((m) => m.model === 'Deliver Interaction to Agent');
  assert.deepEqual(deliver && deliver.variants.map((v) => `${v.variant}:${v.verdict}`).sort(), ['accept:pass', 'reject:pass', 'timeout:pass']);
  for (const model of ['Transfer', 'Conference', 'Agent Submits Interaction', 'Registration', 'Login/Logout', 'Disconnection and Failover']) assert.ok(c.models.some((m) => m.model === model), `${model} is certified too`);
  assert.ok(c.models.every((m) => m.variants.every((v) => v.verdict === 'pass')), JSON.stringify(c.models));
  assert.ok(c.coverage.messagesSeen > 5 && c.coverage.messagesSeen < c.coverage.messagesTotal, 'coverage says what was and was not exercised');
  assert.ok(c.harness.files.some((f) => f.path === 'scenarios/deliver-interaction-to-agent.yaml'));
  assert.ok(c.harness.files.some((f) => f.path === 'features/deliver-interaction-to-agent.feature'));
  const verify = await new Promise<number | null>((resolve) => spawn(process.execPath, [BIN, 'certify', '--verify', join(reports, 'certificate')], { cwd: ROOT }).on('close', resolve));
  assert.equal(verify, 0);
});

test('the careless desktop fails, for the stale TicketId and the reject it did not wait for, with the model step and the diagram; the Transfer and Conference scenarios fail where their delivery does', async () => {
  const reports = join(work, 'careless');
  const r = await certify(['--sut', 'examples/careless-desktop/flowcert.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 1);
  const score = /: FAIL — score \d+% \((\d+) of (\d+) passed; (\d+) failed(?:, (\d+) inconc)?\)/.exec(lastLine(r.stdout));
  assert.ok(score, lastLine(r.stdout));
  const c = read(reports);
  // What it does not declare (submit, stop-processing) makes those scenarios inconc, not failed.
  const failed = c.failures.filter((f) => !/declares no [\w-]+ capability/.test(f.explanation));
  assert.equal(failed.length, Number(score[3]), 'every failure is in the certificate, with its reason');
  // Where a later model needs the agent to have accepted first (it handles the interaction), the stale TicketId shows as the refused accept.
  const refusedAccepts = failed.filter((f) => !f.step);
  assert.ok(refusedAccepts.length > 0);
  // The media-channel action scenarios say it in their own words: the accept or reject the server never
  // carried out leaves the Stat Server with no Accepted, Handling or Rejected to publish.
  for (const f of refusedAccepts) {
    assert.match(f.explanation, /RequestAccept[^\n]*no invitation with TicketId 0 is pending for this agent|Stat Server published no \w+ for Agent1/, f.scenario);
  }
  // The media-channel actions model's rejected invitation: the reject without a referenceId was never
  // carried out, so the Reporting EventRejected it requires never came.
  const inActions = (f: (typeof failed)[number]) => f.step?.file.endsWith('stat-server-media-channel-actions.yaml') === true;
  for (const f of failed.filter(inActions)) assert.match(f.explanation, /missing ixn → stat EventRejected \(Reporting\)/, f.scenario);
  for (const f of failed.filter((x) => x.step && !inActions(x))) {
    assert.match(f.explanation, /TicketId: expected \$ticket \(= \d\), got 0/, f.scenario);
    assert.ok(f.step && f.step.file.endsWith('deliver-interaction-to-agent.yaml') && f.step.line > 0, f.scenario);
    assert.ok(f.excerpt.some((l) => l.startsWith('▶')), `${f.scenario}: the excerpt marks the messages the failure is about`);
    assert.match(f.diagram ?? '', /<svg/);
  }
  const rejects = failed.filter((f) => f.step && !inActions(f) && /reject/i.test(f.explanation.split('\n')[0]));
  assert.ok(rejects.length >= 3, 'the Deliver reject scenarios');
  for (const f of rejects) assert.match(f.explanation, /MISSING_REFERENCE_ID RequestReject has no referenceId/, f.scenario);
  // Its flaws are in answering invitations: with a secondary Interaction Server, logging in, failing over and reconnecting pass.
  for (const model of ['Login/Logout', 'Disconnection and Failover']) {
    const m = c.models.find((x) => x.model === model);
    assert.ok(m && m.variants.every((v) => v.verdict === 'pass'), `${model}: ${JSON.stringify(m)}`);
  }
  const html = readFileSync(join(reports, 'certificate', 'certificate.html'), 'utf8');
  assert.match(html, /<p class="verdict fail">FAIL<\/p>/);
});

test('the routing server is certified as a URS: PASS', async () => {
  const reports = join(work, 'router');
  const r = await certify(['--sut', 'examples/routing-server/flowcert.sut.yaml', '--reports', reports]);
  assert.equal(r.code, 0, r.stdout.slice(-2000) + r.stderr);
  const c = read(reports);
  assert.equal(c.sut.role, 'URS');
  assert.equal(c.verdict, 'pass');
  assert.ok(c.score.applicable > 0 && c.score.passed === c.score.applicable, JSON.stringify(c.score));
});

test('--verify says when the suite changed since the certificate was written, or the certificate was edited', async () => {
  const reports = join(work, 'good');
  const cert = join(reports, 'certificate', 'certificate.json');
  writeFileSync(cert, readFileSync(cert, 'utf8').replace('"verdict": "pass"', '"verdict":  "pass"'));
  const out = await new Promise<{ code: number | null; text: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'certify', '--verify', join(reports, 'certificate')], { cwd: ROOT });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('close', (code) => resolve({ code, text }));
  });
  assert.equal(out.code, 1);
  assert.match(out.text, /no longer applies:\n {2}certificate\.json was edited after flowcert wrote it/);
});
