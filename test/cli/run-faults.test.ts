import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, ROOT } from './cli-kit.ts';

// The harness must catch a non-conformant Interaction Server: the project's own Deliver feature, run
// through the CLI (in-process, in the project's folder) against a reference Interaction Server made to
// misbehave in one named way, fails with the explanation that names the broken step. The same
// scenarios pass without the fault. What the CLI adds to the matcher's explanation (the model step's
// position, the Gherkin step that asked, the trace's problems) is shown once here; every fault's own
// explanation is checked where the matcher gives it (test/integration/servers-model.test.ts).

const FEATURE = 'features/deliver-interaction-to-agent.feature';
const ACCEPT = '@phase-agent-accepts-delivery';
const REJECT = '@phase-agent-rejects-delivery';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(tags: string, fault?: string) {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-fault-'));
  dirs.push(reports);
  const args = ['run', FEATURE, '--tags', tags, '--no-allure', '--reports', reports, ...(fault ? ['--inject-fault', `IS1=${fault}`] : [])];
  const r = await cli(args, ROOT);
  return { code: r.code, out: r.stdout + r.stderr };
}

test('without a fault, the accept and reject scenarios pass', async () => {
  const r = await run(`${ACCEPT} or ${REJECT}`);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /flowcert: 2 scenarios \(2 passed\)/);
});

test('EventAgentInvited missing: the flow check names the missing Reporting event', async () => {
  const r = await run(ACCEPT, 'omitAgentInvited');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL Deliver Interaction to Agent, variant accept — 1 of 1 instance failed/);
  assert.match(r.out, /interaction \w+: missing ixn → stat EventAgentInvited \(Reporting\)/);
  assert.match(r.out, /model step urs-requests-delivery\.2\.2 at scenarios\/deliver-interaction-to-agent\.yaml:\d+:\d+/);
  assert.match(r.out, /asked by features\/deliver-interaction-to-agent\.feature:\d+: the flow follows model "deliver-interaction-to-agent" variant "accept"/);
});

test('EventRejected sent to the agent instead of the reporting engine: missing at Stat Server, wrong direction in the trace', async () => {
  const r = await run(REJECT, 'rejectedToAgent');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /missing ixn → stat EventRejected \(Reporting\)/);
  assert.match(r.out, /trace problem at seq \d+, IS1 → Agent1's desktop EventRejected: WRONG_DIRECTION EventRejected from Interaction Server to Agent Application goes the wrong way/);
});

test('a late accept acknowledged instead of refused: the EventError the late-answer scenario expects is missing', async () => {
  const r = await run('@late-answer', 'ackLateAnswer');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /missing IS1 → Agent1's desktop EventError \(Interaction Management\)\n.*model step table.2 at features\/deliver-interaction-to-agent.feature:\d+/);
});

test('without the fault, the late accept gets its EventError 53 and the scenario passes', async () => {
  const r = await run('@late-answer');
  assert.equal(r.code, 0, r.out);
});
