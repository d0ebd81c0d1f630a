import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from './cli-kit.ts';

// The deadline in the model language: the Deliver model's accept must come before the delivering timer
// expires, counted from the invite. A reference Interaction Server that never runs its timer
// (fault ignoreDeliveringTimer) takes the late accept of the late-answer scenario and revokes nothing:
// the accept variant then fails on the deadline — and only the deadline, which the same trace checked
// against the model without it shows.

const MODEL = 'scenarios/deliver-interaction-to-agent.yaml';
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('an accept after the delivering timer, with no revoke, fails the accept variant on its deadline', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-deadline-'));
  dirs.push(reports);
  const r = await cli(['run', 'features/deliver-interaction-to-agent.feature', '--tags', '@late-answer', '--inject-fault', 'IS1=ignoreDeliveringTimer', '--no-allure', '--reports', reports]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /missing ixn → agent EventRevoked/);

  const dir = join(reports, 'traces', 'deliver-interaction-to-agent');
  const trace = join(dir, readdirSync(dir).find((f) => f.endsWith('.ndjson'))!);
  assert.doesNotMatch(readFileSync(trace, 'utf8'), /"message":"EventRevoked"/, 'the faulty server revoked nothing');
  const accept = await cli(['check', trace, '--model', MODEL, '--variant', 'accept']);
  assert.equal(accept.code, 1, accept.stdout);
  assert.match(accept.stdout, /wrong time for agent → ixn RequestAccept \(Interaction Management\)/);
  assert.match(accept.stdout, /seq \d+ came \d+ ms after seq \d+ \(step invite\), after its deadline: timer delivering expires after 200 ms \(give or take 100 ms\), and it must come before/);

  // Without the deadline the same trace would pass as an accept: it is the deadline that fails it.
  const lenient = join(reports, 'no-deadline.yaml');
  writeFileSync(lenient, readFileSync(MODEL, 'utf8').replace(/\n\s+before: \{ timer: delivering, since: invite \}/g, ''));
  const without = await cli(['check', trace, '--model', lenient, '--variant', 'accept']);
  assert.equal(without.code, 0, without.stdout);
});
