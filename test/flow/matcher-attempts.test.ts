import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel, Step, UnexpectedPolicy } from '../../src/flow/model.ts';
import { PARTICIPANTS, TraceBuilder, anyOrder, def, fresh, m, model, repeat, seq } from './matcher-kit.ts';

/** Redelivery: the same interaction routed again opens a new attempt, and each check finds the attempt that follows it. */

const loc = { file: 'm.yaml', line: 1, col: 1 };
const TWO_AGENTS = [...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' as const }];

function delivery(unexpected: UnexpectedPolicy = 'ignore'): FlowModel {
  fresh();
  const offer = [m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }), m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } })];
  const accept = [m('agent', 'ixn', 'RequestAccept', { TicketId: '$t', InteractionId: '$i' }), m('ixn', 'urs', 'EventRouteUsed', { InteractionId: '$i' })];
  const reject = [
    m('agent', 'ixn', 'RequestReject', { TicketId: '$t', InteractionId: '$i' }),
    anyOrder(m('ixn', 'stat', 'EventRejected', { InteractionId: '$i', AgentId: '$any', PlaceId: '$any' }), m('ixn', 'urs', 'EventRouteUsed', { InteractionId: '$i' })),
  ];
  const phase = (id: string, steps: Step[]) => ({ id, title: id, body: seq(...steps), loc });
  return {
    ...model([], { correlate: ['i'], unexpected }),
    phases: { offer: phase('offer', offer), accept: phase('accept', accept), reject: phase('reject', reject) },
    variants: { accept: { id: 'accept', phases: ['offer', 'accept'], loc }, reject: { id: 'reject', phases: ['offer', 'reject'], loc } },
  };
}

const w = {
  route: (b: TraceBuilder, ref: number) => b.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'X' }, { ref }),
  invite: (b: TraceBuilder, agent: string, ticket: number) => b.msg('IS1', agent, 'EventInvite', { TicketId: ticket, Interaction: { InteractionId: 'X' } }),
  answer: (b: TraceBuilder, agent: string, how: 'RequestAccept' | 'RequestReject', ticket: number) => b.msg(agent, 'IS1', how, { TicketId: ticket, InteractionId: 'X' }, { ref: 1 }),
  rejected: (b: TraceBuilder) => b.msg('IS1', 'Stat1', 'EventRejected', { InteractionId: 'X', AgentId: 'a1', PlaceId: 'p1' }),
  used: (b: TraceBuilder, ref: number) => b.msg('IS1', 'URS1', 'EventRouteUsed', { InteractionId: 'X' }, { ref }),
};

const seqsOf = (r: ReturnType<typeof matchTrace>) => r.instances.map((i) => [i.attempt?.index, i.verdict, i.matched.map((x) => x.seq)]);

test('a response goes to the attempt whose request it answers, even after the next attempt has begun', () => {
  const b = new TraceBuilder(TWO_AGENTS);
  w.route(b, 11); w.invite(b, 'Agent1', 7); w.answer(b, 'Agent1', 'RequestReject', 7); w.rejected(b);
  w.route(b, 12); w.invite(b, 'Agent2', 8); w.answer(b, 'Agent2', 'RequestAccept', 8);
  // Seq 8 answers the first RequestRouteCall, while the second attempt waits for an EventRouteUsed too.
  w.used(b, 11); w.used(b, 12);
  const t = b.trace(1000);
  assert.deepEqual(seqsOf(matchTrace(delivery(), t, { variant: 'reject' })), [[1, 'pass', [1, 2, 3, 4, 8]]]);
  assert.deepEqual(seqsOf(matchTrace(delivery(), t, { variant: 'accept' })), [[2, 'pass', [5, 6, 7, 9]]]);
});

test("a late message of an earlier attempt goes to the attempt that expects it, not into the next one's span", () => {
  const b = new TraceBuilder(TWO_AGENTS);
  w.route(b, 11); w.invite(b, 'Agent1', 7); w.answer(b, 'Agent1', 'RequestReject', 7); w.used(b, 11);
  w.route(b, 12); w.invite(b, 'Agent2', 8);
  w.rejected(b);
  w.answer(b, 'Agent2', 'RequestAccept', 8); w.used(b, 12);
  const r = matchTrace(delivery('fail'), b.trace(1000), { variant: 'accept' });
  assert.equal(r.verdict, 'pass', explain(r));
  assert.deepEqual(seqsOf(matchTrace(delivery('fail'), b.trace(1000), { variant: 'reject' })), [[1, 'pass', [1, 2, 3, 4, 7]]]);
});

test("'each' asks every attempt to follow the variant; a number asks for that attempt, which may never have begun", () => {
  const b = new TraceBuilder(TWO_AGENTS);
  w.route(b, 11); w.invite(b, 'Agent1', 7); w.answer(b, 'Agent1', 'RequestReject', 7); w.rejected(b); w.used(b, 11);
  w.route(b, 12); w.invite(b, 'Agent2', 8); w.answer(b, 'Agent2', 'RequestAccept', 8); w.used(b, 12);
  const each = matchTrace(delivery(), b.trace(1000), { variant: 'accept', attempt: 'each' });
  assert.deepEqual(each.instances.map((i) => [i.attempt?.index, i.verdict]), [[1, 'fail'], [2, 'pass']]);
  assert.equal(matchTrace(delivery(), b.trace(1000), { variant: 'reject', attempt: 1 }).verdict, 'pass');
  assert.equal(matchTrace(delivery(), b.trace(1000), { variant: 'reject', attempt: 2 }).verdict, 'fail');
  const third = matchTrace(delivery(), b.trace(1000), { variant: 'accept', attempt: 3 });
  assert.deepEqual(explain(third).split('\n').slice(1), [
    '  i X: missing urs → ixn RequestRouteCall (T-Library)',
    '    model step p.1 at m.yaml:1:7',
    '    2 attempts began; the check asks for attempt 3',
    '  i X, attempt 1 of 2 (from seq 1): not the attempt asked for (3)',
    '  i X, attempt 2 of 2 (from seq 6): not the attempt asked for (3)',
  ]);
  // A trace cut short may have lost the attempt asked for.
  const cut = matchTrace(delivery(), b.trace(), { variant: 'accept', attempt: 3 });
  assert.equal(cut.verdict, 'inconc');
  assert.equal(cut.instances[0].reason, 'the trace ends at 90 ms, cut before attempt 3 could begin');
});

test('without correlate the trace is one instance: the opening step coming again opens no attempt', () => {
  const plain = def(() => [m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$any' }), m('ixn', 'urs', 'EventRouteUsed')]);
  const b = new TraceBuilder();
  w.route(b, 11); w.route(b, 12); w.used(b, 11);
  const r = matchTrace(plain, b.trace(1000), { variant: 'v' });
  assert.deepEqual([r.verdict, r.attempts, seqsOf(r)], ['pass', undefined, [[undefined, 'pass', [1, 3]]]]);
});

test('an opening step the latest attempt can take as its next step continues that attempt', () => {
  const invited = def(() => [repeat({ min: 1 }, m('ixn', 'stat', 'EventAgentInvited', { InteractionId: '$i' })), m('ixn', 'stat', 'EventPartyAdded', { InteractionId: '$i' })], { correlate: ['i'] });
  const b = new TraceBuilder();
  for (const n of ['EventAgentInvited', 'EventAgentInvited', 'EventPartyAdded']) b.msg('IS1', 'Stat1', n, { InteractionId: 'X' });
  const r = matchTrace(invited, b.trace(1000), { variant: 'v' });
  assert.deepEqual([r.verdict, r.attempts, seqsOf(r)], ['pass', undefined, [[undefined, 'pass', [1, 2, 3]]]]);
});
