import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { InterruptedError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import { expectAbsent } from '../../src/session/trace-queries.ts';
import { DESKTOP, desktopBindings, eventually, isAlive, sessionWithServer, spawnedPid, startDesktop } from '../adapters/desktop-kit.ts';

// Ctrl-C during a scenario: whatever the step waits for ends at once with an InterruptedError (never a
// verdict drawn from the cut run), later calls end the same way, and dispose seals the trace as
// interrupted. The waits here are a minute long; each test's timeout is far shorter, so a wait the
// interrupt did not end fails the test. No assertion depends on how long anything took.

const LONG = 60_000;

/** Reference participants, an ignored invitation, and a delivering timer of a minute: the timeout flow is a minute from done. */
async function invitedAndIgnored(opts: { interrupt?: AbortSignal } = {}): Promise<Session> {
  const session = Session.create({ name: 'interrupted', traceFile: null, ...opts });
  session.setTimer('delivering', LONG);
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
  await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate(DESKTOP, { kind: 'ignore' });
  await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  return session;
}

test('a flow check waiting for a timer ends as interrupted, records no check, and the trace is sealed as interrupted', { timeout: 20_000 }, async () => {
  const session = await invitedAndIgnored();
  const model = await sharedModels.get('deliver-interaction-to-agent');
  const checking = checkFlow(session, { model, variant: 'timeout' });
  setTimeout(() => session.interrupt('SIGINT'), 100);
  await assert.rejects(checking, (err: unknown) => err instanceof InterruptedError && err.message === 'the run was interrupted (SIGINT)');
  assert.equal(session.interruption, 'SIGINT');
  assert.deepEqual(session.checks, [], 'a check cut short is no check: no diagram says pass or fail for it');
  const trace = await session.dispose();
  assert.equal(trace.footer?.status, 'interrupted');
  assert.ok(trace.entries.some((e) => e.type === 'note' && e.data?.interrupted === 'SIGINT'), 'the trace says where the interrupt came');
  const teardown = trace.entries.findIndex((e) => e.type === 'note' && e.data?.teardown === true);
  const scenario = trace.entries.slice(0, teardown);
  assert.ok(!scenario.some((e) => e.type === 'message' && e.message === 'EventRevoked'), 'the timer never fired: the interrupt ended the wait');
});

test('a "no X within N ms" window ends as interrupted, not as "none came"', { timeout: 20_000 }, async () => {
  const session = await invitedAndIgnored();
  try {
    const waiting = expectAbsent(session, 'EventRevoked', DESKTOP, LONG);
    setTimeout(() => session.interrupt('SIGTERM'), 100);
    await assert.rejects(waiting, InterruptedError);
  } finally {
    await session.dispose();
  }
});

test('the run-wide signal interrupts the session, and every later step ends at once as interrupted', { timeout: 20_000 }, async () => {
  const run = new AbortController();
  const session = await invitedAndIgnored({ interrupt: run.signal });
  try {
    run.abort('SIGINT');
    assert.equal(session.interruption, 'SIGINT');
    // Acting, judging, even setting a timer: nothing of the scenario goes on.
    assert.throws(() => session.snapshot(), InterruptedError);
    assert.throws(() => session.assertHealthy(), InterruptedError);
    assert.throws(() => session.setTimer('delivering', 100), InterruptedError);
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'logout' }), InterruptedError);
    await assert.rejects(async () => session.start({ name: 'Agent2', role: 'AgentApplication', reach: ['IS1'] }), InterruptedError);
  } finally {
    assert.equal((await session.dispose()).footer?.status, 'interrupted');
  }
});

test('a session created after the interrupt is interrupted from the start', async () => {
  const run = new AbortController();
  run.abort('SIGTERM');
  const session = Session.create({ name: 'late', traceFile: null, interrupt: run.signal });
  assert.equal(session.interruption, 'SIGTERM');
  assert.equal((await session.dispose()).footer?.status, 'interrupted');
});

test('a session that was not interrupted ends with a complete footer', async () => {
  const session = Session.create({ name: 'whole', traceFile: null, interrupt: new AbortController().signal });
  assert.equal((await session.dispose()).footer?.status, 'complete');
});

test('interrupted during a start, the participant being started is stopped: no process is left behind', { timeout: 20_000 }, async () => {
  // A desktop that never connects to its control channel: its start waits for the start timeout (a minute here).
  const session = await sessionWithServer('interrupted start', desktopBindings(['--mode', 'never-connect'], { startTimeoutMs: LONG }));
  const starting = startDesktop(session);
  await eventually(() => spawnedPid(session, DESKTOP) !== undefined, 'the desktop process to be spawned');
  const pid = spawnedPid(session, DESKTOP)!;
  session.interrupt('SIGINT');
  await assert.rejects(starting, InterruptedError);
  await session.dispose();
  assert.equal(isAlive(pid), false, 'dispose stopped the process whose start the interrupt cut');
});

test('a SUT that dies of the same Ctrl-C (it is in flowcert\'s process group) broke nothing: no error', { timeout: 20_000 }, async () => {
  const session = await sessionWithServer('sut dies of ctrl-c', desktopBindings());
  await startDesktop(session);
  const pid = spawnedPid(session, DESKTOP)!;
  session.interrupt('SIGINT');
  process.kill(pid, 'SIGINT');
  await eventually(() => !isAlive(pid), 'the desktop to die of its SIGINT');
  await eventually(() => session.recorder.snapshot().entries.some((e) => e.type === 'note' && /^after the interrupt: .*exited on its own/.test(e.text)), 'the death to be noted');
  assert.deepEqual(session.failures, []);
  await session.dispose();
});
