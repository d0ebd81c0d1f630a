import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from '../../src/flow/explain.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { Session } from '../../src/session/session.ts';
import { DESKTOP, desktopBindings, eventually, notesOf, outputOf } from './desktop-kit.ts';

// The Deliver flow with a third-party agent desktop: the standalone desktop runs as a process the
// harness spawns, speaks only the README's wire format and the control channel, and must pass each
// variant of the Deliver model exactly as the reference desktop does (test/session/flow-check.test.ts).

async function deliver(policy: 'accept' | 'reject' | 'ignore', deliveringMs = 150): Promise<Session> {
  // A run override: shorter than delivering-timeout's documented range allows a scenario to set.
  const session = Session.create({ name: `deliver ${policy}, process desktop`, traceFile: null, bindings: desktopBindings(), timers: { delivering: deliveringMs } });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
  await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate(DESKTOP, { kind: policy });
  await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  return session;
}

const VARIANTS = [
  { policy: 'accept', variant: 'accept' },
  { policy: 'reject', variant: 'reject' },
  { policy: 'ignore', variant: 'timeout' },
] as const;

for (const { policy, variant } of VARIANTS) {
  test(`a process desktop told to ${policy} passes the ${variant} variant of the Deliver model`, async () => {
    // The desktop is a process the harness drives over its control channel: on a loaded machine its answer
    // can take longer than a 150 ms timer, and the revoke would beat it. A second is far beyond that; the
    // timeout variant keeps the short timer, which it waits out.
    const session = await deliver(policy, policy === 'ignore' ? 150 : 1000);
    try {
      const check = await checkFlow(session, { model: await sharedModels.get('deliver-interaction-to-agent'), variant });
      assert.equal(check.result.verdict, 'pass', explain(check.result));
    } finally {
      await session.dispose();
    }
  });
}

test('a process desktop told to accept while an invitation is pending answers that invitation', async () => {
  // Long enough a timer that the accept reaches it, over the control channel, well before the revoke.
  const session = await deliver('ignore', 1000);
  try {
    await eventually(() => session.recorder.snapshot().entries.some((e) => e.type === 'message' && e.message === 'EventInvite' && e.to === DESKTOP), `an EventInvite to ${DESKTOP}`);
    await session.stimulate(DESKTOP, { kind: 'accept' });
    const check = await checkFlow(session, { model: await sharedModels.get('deliver-interaction-to-agent'), variant: 'accept' });
    assert.equal(check.result.verdict, 'pass', explain(check.result));
  } finally {
    await session.dispose();
  }
});

/** Delivers, then waits until the server has acknowledged the desktop's RequestAccept. */
async function deliverAccepted(): Promise<Session> {
  const session = await deliver('accept');
  await eventually(() => {
    const entries = session.recorder.snapshot().entries;
    const accept = entries.find((e) => e.type === 'message' && e.message === 'RequestAccept' && e.from === DESKTOP);
    return accept?.type === 'message' && entries.some((e) => e.type === 'message' && e.message === 'EventAck' && e.to === DESKTOP && e.referenceId === accept.referenceId);
  }, 'the EventAck to the RequestAccept of the process desktop');
  return session;
}

test('the trace names the process desktop as the system under test and the rest as the reference', async () => {
  const session = await deliverAccepted();
  const trace = await session.dispose();
  const bound = Object.fromEntries(trace.header.participants.map((p) => [p.name, `${p.binding}/${p.adapter}`]));
  assert.deepEqual(bound, {
    IS1: 'reference/reference',
    'Stat Server': 'reference/reference',
    URS: 'reference/reference',
    'E-mail Server': 'reference/reference',
    [DESKTOP]: 'sut/process',
  });
  // It reached IS1 through the URL the harness gave it, whose query names it: the trace uses that name.
  const registered = trace.entries.find((e) => e.type === 'message' && e.message === 'RequestRegisterClient' && e.from === DESKTOP);
  assert.ok(registered, `no RequestRegisterClient from ${DESKTOP} in the trace`);
});

test("the desktop's output is attached to the scenario, as it wrote it", async () => {
  const session = await deliverAccepted();
  await session.dispose();
  const output = outputOf(session, DESKTOP);
  assert.match(output, /^# Agent1's desktop \(process .*desktop\.mjs\), started at /);
  assert.match(output, /^out \| \[desktop\] said hello to ws:\/\/127\.0\.0\.1:\d+\/control as Agent1's desktop/m);
  assert.match(output, /^out \| \[desktop\] RequestAccept for interaction \S+: EventAck$/m);
  // Asked to stop, it leaves on its own (when its control channel or its stdin closes, whichever it sees first).
  assert.match(output, /^out \| \[desktop\] control: stop\n(.*\n)*out \| \[desktop\] (control channel|stdin) closed: exiting\n$/m);
  assert.ok(notesOf(session, DESKTOP).some((n) => n.text === `${DESKTOP} exited (code 0)`), 'the trace notes that it exited with code 0');
});
