import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from '../cli/cli-kit.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// The deadline in the model language: the Deliver model's accept must come before the delivering timer
// expires, counted from the invite. A reference Interaction Server that never runs its timer
// (fault ignoreDeliveringTimer) takes an accept sent 2 s after the timer and revokes nothing: the accept
// variant then fails on the deadline — and only the deadline, which the same trace checked against the
// model without it shows.

const MODEL = 'scenarios/deliver-interaction-to-agent.yaml';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('an accept after the delivering timer, with no revoke, fails the accept variant on its deadline', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-deadline-'));
  dirs.push(reports);
  const r = await cli(['run', 'test/fixtures/features/late-accept.feature', '--inject-fault', 'IS1=ignoreDeliveringTimer', '--no-allure', '--reports', reports]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /wrong time for agent → ixn RequestAccept \(Interaction Management\)/);
  assert.match(r.stdout, /seq \d+ came \d+ ms after seq \d+ \(step invite\), after its deadline: timer delivering expires after 200 ms \(give or take 250 ms\), and it must come before/);

  const dir = join(reports, 'traces', 'late-accept');
  const trace = join(dir, readdirSync(dir).find((f) => f.endsWith('.ndjson'))!);
  const messages = parseTrace(readFileSync(trace, 'utf8')).trace!.entries.flatMap((e) => (e.type === 'message' ? [e.message] : []));
  assert.ok(!messages.includes('EventRevoked'), 'the faulty server revoked nothing');
  assert.ok(messages.includes('EventPartyAdded'), 'and took the late accept');
  assert.equal((await cli(['check', trace, '--model', MODEL, '--variant', 'accept'])).code, 1, 'flowcert check judges the trace alike');

  // Without the deadline the same trace would pass as an accept: it is the deadline that fails it.
  const lenient = join(reports, 'no-deadline.yaml');
  writeFileSync(lenient, readFileSync(MODEL, 'utf8').replace(/\n\s+before: \{ timer: delivering, since: invite \}/g, ''));
  const without = await cli(['check', trace, '--model', lenient, '--variant', 'accept']);
  assert.equal(without.code, 0, without.stdout);
});

test('without the fault, the server revokes at its timer and refuses the late accept: the timeout variant passes', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-deadline-'));
  dirs.push(reports);
  const r = await cli(['run', 'test/fixtures/features/late-accept.feature', '--no-allure', '--reports', reports]);
  assert.equal(r.code, 1, 'the server revoked the invitation, so the scenario fails (its first step says no revoke)');
  const dir = join(reports, 'traces', 'late-accept');
  const trace = join(dir, readdirSync(dir).find((f) => f.endsWith('.ndjson'))!);
  assert.equal((await cli(['check', trace, '--model', MODEL, '--variant', 'timeout'])).code, 0);
});
