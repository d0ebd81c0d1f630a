import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitAcknowledged, deliverForHandling } from '../../src/session/handling.ts';
import { ScenarioError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import type { TraceMessage } from '../../src/trace/types.ts';

// The starting point of the Transfer and Conference scenarios (an agent who handles an interaction) and
// the waits between their steps ("has joined", "has left"), with reference participants on real sockets.

async function withCast(fn: (s: Session) => Promise<void>): Promise<void> {
  const s = Session.create({ name: 'handling', traceFile: null, fastTimers: { delivering: 200 } });
  try {
    await s.start({ name: 'IS1', role: 'InteractionServer' });
    await s.start({ name: 'Stat', role: 'StatServer', reach: ['IS1'] });
    await s.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
    await s.start({ name: 'MS', role: 'MediaServer', reach: ['IS1'] });
    for (const n of ['1', '2']) {
      await s.start({ name: `D${n}`, role: 'AgentApplication', reach: ['IS1'] });
      await s.stimulate(`D${n}`, { kind: 'login', agent: `A${n}`, place: `P${n}`, media: ['email'] });
    }
    await fn(s);
  } finally {
    await s.dispose();
  }
}

const messages = (s: Session) => s.snapshot().entries.filter((e): e is TraceMessage => e.type === 'message');

test('an interaction is named where it is submitted; "the interaction" stays the last one submitted; unknown and reused names are errors', () =>
  withCast(async (s) => {
    const first = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    s.nameInteraction('Complaint', first);
    const second = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    assert.notEqual(first, second);
    assert.equal(s.interaction('Complaint'), first);
    assert.equal(s.interaction(), second);
    s.nameInteraction('Complaint', first); // the same again changes nothing
    assert.throws(() => s.nameInteraction('Complaint', second), (e: unknown) => e instanceof ScenarioError && e.message === `interaction name "Complaint" already names interaction ${first} in this scenario: give each interaction its own name`);
    assert.throws(() => s.interaction('Order'), /no interaction is named "Order" in this scenario \(named so far: "Complaint"\): name one where it is submitted, e\.g\. `"E-mail Server" submits an "email" interaction to queue "Inbound" as "Order"`/);
  }));

test('deliverForHandling: the desktop accepts, URS routes, and the step returns once the accept is acknowledged', () =>
  withCast(async (s) => {
    const id = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    await deliverForHandling(s, { desktop: 'D1', agent: 'A1', place: 'P1', interaction: id, urs: 'URS' });
    const accept = messages(s).find((m) => m.message === 'RequestAccept' && m.from === 'D1')!;
    assert.ok(messages(s).some((m) => m.message === 'EventAck' && m.to === 'D1' && m.referenceId === accept.referenceId), 'returned after the EventAck to the accept');
  }));

test('deliverForHandling fails the step with the reason when the delivery cannot happen (here URS is refused: the agent is at another place)', () =>
  withCast(async (s) => {
    const id = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    await assert.rejects(deliverForHandling(s, { desktop: 'D1', agent: 'A1', place: 'P9', interaction: id, urs: 'URS' }), (e: unknown) => {
      assert.ok(e instanceof ScenarioError, String(e));
      // Every participant is the harness's own: its error, not a SUT's failure.
      assert.equal(e.verdict, 'error');
      assert.match(e.message, new RegExp(`^agent A1 does not handle interaction ${id}: IS1 refused to route it \\(seq \\d+: agent A1 is logged in at place P1, not P9\\)`));
      return true;
    });
  }));

test('"has joined" fails when the invitation is revoked: the desktop let the delivering timer expire', () =>
  withCast(async (s) => {
    const id = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    await s.stimulate('D2', { kind: 'ignore' });
    await s.stimulate('URS', { kind: 'route', interaction: id, agent: 'A2', place: 'P2' });
    await assert.rejects(awaitAcknowledged(s, 'D2', 'RequestAccept', id), (e: unknown) => e instanceof ScenarioError && e.verdict === 'error' && /^D2 has not joined interaction \w+: its invitation was revoked \(seq \d+\)$/.test(e.message));
  }));

test('"has left": acknowledged for the latest leave, refused with the server\'s words otherwise', () =>
  withCast(async (s) => {
    const id = (await s.stimulate('MS', { kind: 'submit', mediaType: 'email', queue: 'Inbound' })).interactionId as string;
    await deliverForHandling(s, { desktop: 'D1', agent: 'A1', place: 'P1', interaction: id, urs: 'URS' });
    await s.stimulate('D2', { kind: 'leave', interaction: id });
    await assert.rejects(awaitAcknowledged(s, 'D2', 'RequestLeaveInteraction', id), (e: unknown) => e instanceof ScenarioError && /^D2 has not left interaction \w+: IS1 refused its RequestLeaveInteraction \(seq \d+: RequestLeaveInteraction: agent A2 is not a party to interaction \w+ \(its parties: A1\)\)$/.test(e.message));
    await s.stimulate('D1', { kind: 'leave', interaction: id });
    await awaitAcknowledged(s, 'D1', 'RequestLeaveInteraction', id);
  }));
