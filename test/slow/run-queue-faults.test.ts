import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, ROOT } from '../cli/cli-kit.ts';

// The queue, workbin and pull features through the CLI (in-process, in the project's folder): each
// named fault of the reference Interaction Server fails its feature with the explanation that names the
// broken model step, and `--timer handling=…` reaches the reference server as a run override.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(feature: string, extra: string[]) {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-queue-'));
  dirs.push(reports);
  const r = await cli(['run', `features/${feature}.feature`, '--no-allure', '--reports', reports, ...extra], ROOT);
  return { code: r.code, out: r.stdout + r.stderr, reports };
}

test('the agent\'s request not resetting the processing timer: the revoke comes too early, at the Processing Occurs step', async () => {
  const r = await run('agent-pulls-interaction', ['--tags', '@phase-processing-occurs', '--inject-fault', 'IS1=handlingTimerNotReset']);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /FAIL Agent Pulls Interaction, variant processing — 1 of 1 instance failed/);
  assert.match(r.out, /model step processing-occurs\.3\.1 at scenarios\/agent-pulls-interaction\.yaml:\d+:\d+/);
  assert.match(r.out, /too early: timer handling expires after 1000 ms/);
});

test('--timer handling=700 reaches the reference Interaction Server as a run override, and the timeout scenario passes by it', async () => {
  const r = await run('agent-pulls-interaction', ['--tags', '@phase-no-processing-timeout', '--timer', 'handling=700']);
  assert.equal(r.code, 0, r.out);
  const folder = join(r.reports, 'traces', 'agent-pulls-interaction');
  const trace = readFileSync(join(folder, readdirSync(folder).find((f) => f.endsWith('.ndjson'))!), 'utf8');
  assert.match(trace, /"text":"timer handling = 700 ms \(run override\)"/);
});

test('placement that reports no EventPlacedInQueue fails both placement features; subscribers not told fails the workbin one', async () => {
  const queue = await run('place-interaction-in-queue', ['--tags', '@phase-urs-places-in-queue', '--inject-fault', 'IS1=omitPlacedInQueue']);
  assert.equal(queue.code, 1, queue.out);
  assert.match(queue.out, /missing ixn → stat EventPlacedInQueue \(Reporting\)\n\s+model step urs-places-in-queue\.2\.2 at scenarios\/place-interaction-in-queue\.yaml:\d+:\d+/);
  const workbin = await run('place-interaction-in-workbin', ['--tags', '@phase-agent-places-in-workbin', '--inject-fault', 'IS1=omitWorkbinContentChanged']);
  assert.equal(workbin.code, 1, workbin.out);
  assert.match(workbin.out, /missing ixn → agent EventWorkbinContentChanged \(Interaction Management\)\n\s+model step agent-places-in-workbin\.2\.5/);
});

test('a cancel of notifications never asked for, acknowledged: the EventError Workbin Operations expects is missing', async () => {
  const r = await run('workbin-operations', ['--tags', '@phase-cancel-notification-fails', '--inject-fault', 'IS1=ackCancelNotSubscribed']);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /flowcert: 2 scenarios \(1 passed, 1 failed\)/);
  assert.match(r.out, /missing ixn → agent EventError \(Interaction Management\)\n\s+model step cancel-notification-fails\.2 at scenarios\/workbin-operations\.yaml:\d+:\d+/);
});
