import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitAccepted } from '../../src/session/accepted.ts';
import { Session } from '../../src/session/session.ts';

// "has accepted the interaction", and the submit a scenario expects the server may refuse: on a session
// with reference participants on real sockets.

async function routed(policy: 'accept' | 'ignore'): Promise<Session> {
  const session = Session.create({ name: `accepted ${policy}`, traceFile: null, timers: { delivering: 150 } });
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

test('an accept the server took is found with the answer that shows it; one never sent is not, by the end of the budget', async () => {
  const accepting = await routed('accept');
  try {
    const seen = await awaitAccepted(accepting, "Agent1's desktop", accepting.lastInteraction(), 1000);
    assert.equal(seen.kind, 'taken');
    assert.ok(seen.kind === 'taken' && seen.answer.seq > seen.accept.seq && ['EventAck', 'EventPartyAdded'].includes(seen.answer.message));
  } finally {
    await accepting.dispose();
  }
  const ignoring = await routed('ignore');
  try {
    const seen = await awaitAccepted(ignoring, "Agent1's desktop", ignoring.lastInteraction(), 200);
    assert.deepEqual(seen.kind === 'not-taken' && 'accept' in seen, false, 'no RequestAccept was sent');
    assert.equal(seen.kind, 'not-taken');
  } finally {
    await ignoring.dispose();
  }
});

test('a submit that may be refused and is: the step goes on, no interaction is added; one that may not be refused fails', async () => {
  const session = Session.create({ name: 'refused submit', traceFile: null });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
    const data = await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound', without: ['MediaType'], mayBeRefused: true });
    assert.deepEqual(data.refused && (data.refused as { errorCode: number }).errorCode, 53);
    assert.throws(() => session.lastInteraction(), /no interaction was submitted in this scenario yet/);
    await assert.rejects(session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound', without: ['MediaType'] }), /could not submit a email interaction to queue Inbound without MediaType: RequestSubmit \(referenceId \d+\) was refused: EventError 53/);
  } finally {
    await session.dispose();
  }
});
