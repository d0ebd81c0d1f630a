import { timerTolerance } from '../../src/flow/model.ts';
import { readdirSync } from 'node:fs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from '../../src/flow/explain.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { Session } from '../../src/session/session.ts';

// A session on real sockets: reference participants started by name, the trace recorded by the
// Interaction Server, the flow checked live against the Deliver model.

const DELIVERING = 1000;

async function deliver(policy: 'accept' | 'reject' | 'ignore'): Promise<Session> {
  // A run override, below delivering-timeout's documented range; 1 s, not 150 ms: the Interaction Server
  // and the desktop share the test's event loop, and a stall longer than the timer (seen at load average
  // 20) expires it before the desktop has read its invitation.
  const session = Session.create({ name: `deliver ${policy}`, traceFile: null, timers: { delivering: DELIVERING } });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
  await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
  await session.start({ name: "Agent1's desktop", role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate("Agent1's desktop", { kind: policy });
  await session.stimulate("Agent1's desktop", { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  return session;
}

test('an accepting agent passes the accept variant, once the never-window has closed', async () => {
  const session = await deliver('accept');
  try {
    const model = await sharedModels.get('deliver-interaction-to-agent');
    const check = await checkFlow(session, { model, variant: 'accept' });
    assert.equal(check.result.verdict, 'pass', explain(check.result));
    // The accept variant forbids EventRevoked for the timer plus its tolerance: a pass means the wait covered it.
    assert.ok(session.recorder.now() > DELIVERING + timerTolerance(DELIVERING), `checked after ${session.recorder.now()} ms`);
    assert.equal(session.checks.length, 1);
  } finally {
    await session.dispose();
  }
});

test('a rejecting agent fails the accept variant, naming the RequestAccept that never came', async () => {
  const session = await deliver('reject');
  try {
    const model = await sharedModels.get('Deliver Interaction to Agent');
    const check = await checkFlow(session, { model, variant: 'accept', timeoutMs: 600 });
    assert.equal(check.result.verdict, 'fail');
    assert.match(explain(check.result), /missing agent → ixn RequestAccept \(Interaction Management\)/);
  } finally {
    await session.dispose();
  }
});

test('a model that does not exist is named with the ones that do', async () => {
  await assert.rejects(sharedModels.get('deliver-interaction-to-agnet'), (err: Error) => {
    const m = /^no model "deliver-interaction-to-agnet" in scenarios\/ \(models there: ([^)]*)\) — did you mean "deliver-interaction-to-agent" or "Deliver Interaction to Agent"\?$/.exec(err.message);
    assert.ok(m, err.message);
    // Every file stem, once; model names are not listed beside them.
    const listed = m[1].split(', ');
    assert.ok(listed.includes('deliver-interaction-to-agent'));
    assert.deepEqual(listed, [...new Set(listed)]);
    assert.ok(listed.every((n) => /^[a-z0-9-]+$/.test(n)), m[1]);
    return true;
  });
});

test('dispose stops every participant and seals the trace; a second dispose returns the same trace', async () => {
  const session = await deliver('ignore');
  const trace = await session.dispose();
  assert.ok(trace.footer, 'the trace has its footer');
  assert.deepEqual(session.participants(), []);
  assert.equal(await session.dispose(), trace);
  const names = trace.header.participants.map((p) => `${p.name}:${p.role}`);
  assert.deepEqual(names, ['IS1:InteractionServer', 'Stat Server:StatServer', 'URS:URS', 'E-mail Server:MediaServer', "Agent1's desktop:AgentApplication"]);
});

test("the budget is the harness's time: it is extended by what the event loop lost to lag while the check waited", async () => {
  const { readFileSync } = await import('node:fs');
  const { parseTrace } = await import('../../src/trace/reader.ts');
  const conformant = parseTrace(readFileSync('test/fixtures/golden/reject-conformant.ndjson', 'utf8'), 'reject-conformant.ndjson').trace!;
  const timer = { type: 'note' as const, seq: 0, t: 0, kind: 'timer' as const, text: 'timer delivering = 200 ms', data: { name: 'delivering', ms: 200 } };
  const done = { ...conformant, entries: [timer, ...conformant.entries] };
  const early = { ...done, entries: [timer] };
  // The flow shows up from the fifth look on; meanwhile the harness reports 2 s lost to lag.
  let looks = 0;
  let waited = 0;
  let lagReads = 0;
  const recorded: number[] = [];
  const session = {
    replaying: false,
    checks: [] as unknown[],
    get lagLost() {
      return lagReads++ === 0 ? 0 : 2000;
    },
    recordLag: () => recorded.push(looks),
    snapshot: () => (++looks >= 5 ? done : early),
    // The session's wait for the trace to grow (counted there as waiting on the model); nothing grows here.
    awaitEntry: async (ms: number) => {
      await new Promise((r) => setTimeout(r, ms));
      waited += ms;
    },
  } as unknown as Session;
  const model = await sharedModels.get('deliver-interaction-to-agent');
  // A budget of nothing: without the extension the check would end on its second look, failing.
  const check = await checkFlow(session, { model, variant: 'reject', timeoutMs: 0 });
  assert.equal(check.result.verdict, 'pass', explain(check.result));
  assert.ok(looks >= 5);
  assert.deepEqual(recorded, [], 'a pass is not a deadline: nothing to record');
  // Its polls waited through the session, which counts them as waiting on the flow (the run summary's time line).
  assert.ok(waited > 0, `waited ${waited} ms`);
});

test('at the deadline the lag measured so far is recorded before the last look', async () => {
  const { readFileSync } = await import('node:fs');
  const { parseTrace } = await import('../../src/trace/reader.ts');
  const { header } = parseTrace(readFileSync('test/fixtures/golden/reject-conformant.ndjson', 'utf8'), 'reject-conformant.ndjson').trace!;
  let looks = 0;
  const recorded: number[] = [];
  const session = {
    replaying: false,
    checks: [] as unknown[],
    lagLost: 0,
    recordLag: () => recorded.push(looks),
    addWaited: () => undefined,
    snapshot: () => {
      looks++;
      return { header, entries: [], footer: { type: 'footer', t: 0, entries: 0 } };
    },
  } as unknown as Session;
  const model = await sharedModels.get('deliver-interaction-to-agent');
  const check = await checkFlow(session, { model, variant: 'reject', timeoutMs: 0 });
  assert.equal(check.result.verdict, 'fail');
  // Look 1 reads the timers, look 2 matches, then the lag is recorded and look 3 decides.
  assert.deepEqual(recorded, [2]);
  assert.equal(looks, 3);
});
