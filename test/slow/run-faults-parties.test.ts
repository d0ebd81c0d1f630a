import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, ROOT } from '../cli/cli-kit.ts';

// The Transfer and Conference features catch a non-conformant Interaction Server: run through the CLI
// against a reference Interaction Server made to misbehave in one named way, the scenario fails with the
// explanation that names the broken model step and the Gherkin step that asked for it. Without the
// fault the same scenarios pass.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(feature: string, tags: string, fault?: string) {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-fault-'));
  dirs.push(reports);
  const args = ['run', feature, '--tags', tags, '--no-allure', '--reports', reports, ...(fault ? ['--inject-fault', `IS1=${fault}`] : [])];
  const r = await cli(args, ROOT);
  return { code: r.code, out: r.stdout + r.stderr };
}

test('without a fault, the transfer accept and the conference accept scenarios pass', async () => {
  const t = await run('features/transfer.feature', '@phase-invitation-accepted');
  assert.equal(t.code, 0, t.out);
  assert.match(t.out, /flowcert: 1 scenario \(1 passed\)/);
  const c = await run('features/conference.feature', '@phase-invitation-accepted');
  assert.equal(c.code, 0, c.out);
  assert.match(c.out, /flowcert: 1 scenario \(1 passed\)/);
});

test('Transfer, Agent1 never reported as leaving: the flow check names the missing EventPartyRemoved and its model step', async () => {
  const r = await run('features/transfer.feature', '@phase-invitation-accepted', 'transferKeepsAgent1');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL Transfer, variant accept — 1 of 1 instance failed/);
  assert.match(r.out, /interaction \w+: missing ixn → stat EventPartyRemoved \(Reporting\)/);
  assert.match(r.out, /model step invitation-accepted\.2\.3 at scenarios\/transfer\.yaml:\d+:\d+/);
  assert.match(r.out, /asked by features\/transfer\.feature:\d+: the flow follows model "transfer" variant "accept"/);
});

test('Conference, the parties never told that Agent2 joined: the flow check names the missing Interaction Management EventPartyAdded', async () => {
  const r = await run('features/conference.feature', '@phase-invitation-accepted', 'conferenceTellsReportingOnly');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL Conference, variant accept — 1 of 1 instance failed/);
  assert.match(r.out, /interaction \w+: missing ixn → agent1 EventPartyAdded \(Interaction Management\)/);
  assert.match(r.out, /model step invitation-accepted\.2\.3 at scenarios\/conference\.yaml:\d+:\d+/);
  assert.match(r.out, /asked by features\/conference\.feature:\d+: the flow follows model "conference" variant "accept"/);
});

test('Conference, the last party leaves and the reporting engine is not told the interaction is back in its queue: the missing EventPlacedInQueue, in the last phase', async () => {
  const r = await run('features/conference.feature', '@phase-last-party-leaves', 'lastLeaveNotReported');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL Conference, variant last-leaves — 1 of 1 instance failed/);
  assert.match(r.out, /interaction \w+: missing ixn → stat EventPlacedInQueue \(Reporting\)/);
  assert.match(r.out, /model step last-party-leaves\.2\.3 at scenarios\/conference\.yaml:\d+:\d+/);
});
