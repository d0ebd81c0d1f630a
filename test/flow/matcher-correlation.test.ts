import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { UnexpectedPolicy } from '../../src/flow/model.ts';
import { PARTICIPANTS, TraceBuilder, def, m } from './matcher-kit.ts';

/** Correlation of concurrent instances, the unexpected-message policy, instances that never start. */

const delivery = (unexpected: UnexpectedPolicy = 'ignore') =>
  def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }),
    m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$t', InteractionId: '$i' }),
    m('ixn', 'agent', 'EventAck'),
    m('ixn', 'stat', 'EventPartyAdded', { InteractionId: '$i' }),
  ], { correlate: ['i'], unexpected });

const TWO_AGENTS = [...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' as const }];

/** The steps of one delivery as separate writers, so tests can interleave two of them. */
function steps(id: string, ticket: number, ref: number, agent = 'Agent1') {
  return {
    route: (b: TraceBuilder) => b.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: id }, { ref }),
    invite: (b: TraceBuilder) => b.msg('IS1', agent, 'EventInvite', { TicketId: ticket, Interaction: { InteractionId: id } }),
    accept: (b: TraceBuilder) => b.msg(agent, 'IS1', 'RequestAccept', { TicketId: ticket, InteractionId: id }, { ref }),
    ack: (b: TraceBuilder) => b.msg('IS1', agent, 'EventAck', {}, { ref }),
    added: (b: TraceBuilder) => b.msg('IS1', 'Stat1', 'EventPartyAdded', { InteractionId: id }),
  };
}

function whole(id: string, ticket: number, ref: number, b = new TraceBuilder(TWO_AGENTS), agent = 'Agent1'): TraceBuilder {
  const s = steps(id, ticket, ref, agent);
  for (const w of [s.route, s.invite, s.accept, s.ack, s.added]) w(b);
  return b;
}

test('two interleaved interactions with one agent are checked apart; EventAcks follow their requests by referenceId', () => {
  const a = steps('A', 1, 1);
  const b = steps('B', 2, 2);
  const t = new TraceBuilder();
  for (const w of [a.route, b.route, a.invite, b.invite, a.accept, b.accept, b.ack, a.ack, b.added, a.added]) w(t);
  const r = matchTrace(delivery('fail'), t.trace(1000), { variant: 'v' });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.instances.map((i) => [i.key, i.matched.map((x) => x.seq)]), [
    [{ i: 'A' }, [1, 3, 5, 8, 10]],
    [{ i: 'B' }, [2, 4, 6, 7, 9]],
  ]);
  assert.deepEqual(r.stats, { entries: 10, messages: 10, instances: 2 });
});

test('when one of two concurrent interactions is broken, only it fails', () => {
  const a = steps('A', 1, 1, 'Agent1');
  const b = steps('B', 2, 2, 'Agent2');
  const t = new TraceBuilder(TWO_AGENTS);
  for (const w of [a.route, b.route, a.invite, b.invite, a.accept, a.ack, a.added, b.ack, b.added]) w(t);
  const r = matchTrace(delivery(), t.trace(1000), { variant: 'v' });
  assert.deepEqual(r.instances.map((i) => i.verdict), ['pass', 'fail']);
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 1 of 2 instances failed',
    '  i B: missing agent → ixn RequestAccept (Interaction Management)',
    '    model step p.3 at m.yaml:3:7',
    '    after seq 4 ixn → agent EventInvite; nothing matching came before the trace ended',
  ].join('\n'));
  assert.equal(r.summary, 'fail: agent → ixn RequestAccept missing after seq 4 (i B)');
});

test('unexpected: fail — a message of the instance between its matched steps fails; ignore lets it pass', () => {
  const s = steps('A', 1, 1);
  const t = new TraceBuilder();
  s.route(t); s.invite(t); s.accept(t);
  t.msg('IS1', 'Stat1', 'EventPartyRemoved', { InteractionId: 'A' });
  s.ack(t); s.added(t);
  assert.equal(matchTrace(delivery('ignore'), t.trace(1000), { variant: 'v' }).verdict, 'pass');
  const r = matchTrace(delivery('fail'), t.trace(1000), { variant: 'v' });
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 1 of 1 instance failed',
    '  i A: unexpected seq 4 ixn → stat EventPartyRemoved',
    '    before model step p.4 at m.yaml:4:7',
    '    no step expects it between seq 3 agent → ixn RequestAccept and seq 5 ixn → agent EventAck (unexpected: fail)',
  ].join('\n'));
  // The run's policy overrides the model's.
  assert.equal(matchTrace(delivery('fail'), t.trace(1000), { variant: 'v', unexpected: 'ignore' }).verdict, 'pass');
});

test('unexpected: fail — a response to the instance\'s request counts as its message', () => {
  const s = steps('A', 1, 1);
  const t = new TraceBuilder();
  s.route(t); s.invite(t); s.accept(t);
  t.msg('IS1', 'Agent1', 'EventError', { ErrorCode: 1 }, { ref: 1 });
  s.ack(t); s.added(t);
  assert.equal(matchTrace(delivery('fail'), t.trace(1000), { variant: 'v' }).instances[0].divergence?.observed?.message, 'EventError');
});

test('unexpected: fail spares messages before the first and after the last matched step, between unbound participants, or of no instance', () => {
  const t = new TraceBuilder(TWO_AGENTS);
  t.msg('IS1', 'Stat1', 'EventPlacedInQueue', { InteractionId: 'A' });
  const s = steps('A', 1, 1);
  s.route(t); s.invite(t);
  t.msg('IS1', 'Agent2', 'EventRevoked', { Interaction: { InteractionId: 'A' } });
  t.msg('IS1', 'Stat1', 'EventPlaceAgentState', { AgentId: 'a1', PlaceId: 'p1', MediaStateList: {} });
  s.accept(t); s.ack(t); s.added(t);
  t.msg('IS1', 'Stat1', 'EventPartyRemoved', { InteractionId: 'A' });
  const r = matchTrace(delivery('fail'), t.trace(1000), { variant: 'v' });
  assert.equal(r.verdict, 'pass', explain(r));
});

test('an EventAck that answers another request may fill the step or not: both are tried', () => {
  const s = steps('A', 1, 1);
  const t = new TraceBuilder();
  s.route(t); s.invite(t); s.accept(t);
  t.msg('Agent1', 'IS1', 'RequestNotReadyForMedia', { MediaTypeName: 'chat' }, { ref: 9 });
  t.msg('IS1', 'Agent1', 'EventAck', {}, { ref: 9 });
  s.ack(t); s.added(t);
  const r = matchTrace(delivery('fail'), t.trace(1000), { variant: 'v' });
  assert.equal(r.verdict, 'pass', explain(r));
  assert.deepEqual(r.instances[0].matched.map((x) => x.seq), [1, 2, 3, 6, 7]);
});

test('instances whose first step never matched are listed apart and do not count', () => {
  const t = whole('A', 1, 1);
  t.msg('IS1', 'Stat1', 'EventPlacedInQueue', { InteractionId: 'B' });
  const r = matchTrace(delivery(), t.trace(1000), { variant: 'v' });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.notStarted, [{ key: { i: 'B' }, firstSeq: 6 }]);
});

test('when no instance starts, the ones seen fail on the first step', () => {
  const t = new TraceBuilder().msg('IS1', 'Stat1', 'EventPlacedInQueue', { InteractionId: 'B' });
  t.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'B' }, { protocol: 'InteractionManagement' });
  const r = matchTrace(delivery(), t.trace(1000), { variant: 'v' });
  assert.deepEqual([r.verdict, r.notStarted], ['fail', []]);
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 1 of 1 instance failed',
    '  i B: missing urs → ixn RequestRouteCall (T-Library)',
    '    model step p.1 at m.yaml:1:7',
    '    nothing matching came before the trace ended',
  ].join('\n'));
});

test('a trace with no message for the model fails on the first step', () => {
  const r = matchTrace(delivery(), new TraceBuilder().trace(10), { variant: 'v' });
  assert.equal(r.summary, 'fail: urs → ixn RequestRouteCall missing (the trace)');
  assert.equal(explain(r).split('\n').slice(1).join('\n'), [
    '  the trace: missing urs → ixn RequestRouteCall (T-Library)',
    '    model step p.1 at m.yaml:1:7',
    '    no message matched the first step; the trace has 0 messages',
  ].join('\n'));
});

test('without correlate the whole trace is one instance', () => {
  const model = delivery();
  model.correlate = [];
  const t = whole('A', 1, 1);
  whole('B', 2, 2, t);
  const r = matchTrace(model, t.trace(1000), { variant: 'v' });
  assert.deepEqual(r.instances.map((i) => [i.key, i.verdict, i.matched.map((x) => x.seq)]), [[{}, 'pass', [1, 2, 3, 4, 5]]]);
  model.unexpected = 'fail';
  assert.equal(matchTrace(model, t.trace(1000), { variant: 'v' }).verdict, 'pass', 'B comes after the last matched step');
});
