import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchOptions } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder, def, m } from './matcher-kit.ts';

/** Message steps: direction, name, attributes, captures, greedy order; participants binding. */

const deliver = () =>
  def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i', AgentId: '$agentId' }),
    m('ixn', 'agent', 'EventInvite', { TicketId: '$ticket', Interaction: { InteractionId: '$i' } }, { id: 'invite' }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$ticket', InteractionId: '$i' }),
  ]);

const route = (b: TraceBuilder, id = '0001') => b.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: id, AgentId: 'a1' }, { ref: 5 });
const invite = (b: TraceBuilder, ticket = 7, id = '0001') => b.msg('IS1', 'Agent1', 'EventInvite', { TicketId: ticket, Interaction: { InteractionId: id } });
const accept = (b: TraceBuilder, ticket = 7, id = '0001') => b.msg('Agent1', 'IS1', 'RequestAccept', { TicketId: ticket, InteractionId: id }, { ref: 1 });

function run(model: FlowModel, trace: Trace, o: Partial<MatchOptions> = {}) {
  const r = matchTrace(model, trace, { variant: 'v', ...o });
  return { r, text: explain(r) };
}

test('a conformant trace passes, listing every matched step with its trace seq, captures and bindings', () => {
  const b = new TraceBuilder().msg('IS1', 'Stat1', 'EventPlacedInQueue', { InteractionId: '0001' });
  route(b); invite(b); accept(b);
  const { r, text } = run(deliver(), b.trace(100));
  assert.equal(text, 'PASS Test Model, variant v — 1 of 1 instance passed');
  assert.equal(r.summary, 'pass: 1 instance, 3 messages matched');
  const i = r.instances[0];
  assert.deepEqual(i.matched.map((x) => [x.step.id, x.step.describe, x.seq, x.t]), [
    ['p.1', 'urs → ixn RequestRouteCall', 2, 20],
    ['invite', 'ixn → agent EventInvite', 3, 30],
    ['p.3', 'agent → ixn RequestAccept', 4, 40],
  ]);
  assert.deepEqual(i.captures, { i: '0001', agentId: 'a1', ticket: 7 });
  assert.deepEqual(i.participants, { urs: 'URS1', ixn: 'IS1', agent: 'Agent1' });
  assert.deepEqual(i.phases, [{ phase: 'p', title: 'Phase P', verdict: 'pass' }]);
});

test('a missing step fails with the step, its position and the last message matched before it', () => {
  const b = new TraceBuilder();
  route(b); invite(b);
  const { r, text } = run(deliver(), b.trace(100));
  assert.equal(r.summary, 'fail: agent → ixn RequestAccept missing after seq 2 (the trace)');
  assert.equal(text, [
    'FAIL Test Model, variant v — 1 of 1 instance failed',
    '  the trace: missing agent → ixn RequestAccept (Interaction Management)',
    '    model step p.3 at m.yaml:3:7',
    '    after seq 2 ixn → agent EventInvite; nothing matching came before the trace ended',
  ].join('\n'));
  assert.equal(r.instances[0].divergence?.expected, 'agent → ixn RequestAccept (Interaction Management) with TicketId $ticket (= 7), InteractionId $i (= "0001")');
});

test('a message in the wrong direction does not match', () => {
  const b = new TraceBuilder();
  route(b); invite(b);
  b.msg('IS1', 'Agent1', 'RequestAccept', { TicketId: 7, InteractionId: '0001' }, { protocol: 'InteractionManagement' });
  const { r } = run(deliver(), b.trace(100));
  assert.equal(r.instances[0].divergence?.kind, 'missing');
});

test('a capture must keep its first value: a wrong TicketId is an attribute difference', () => {
  const b = new TraceBuilder();
  route(b); invite(b, 7); accept(b, 8);
  const { r, text } = run(deliver(), b.trace(100));
  assert.equal(r.summary, 'fail: agent → ixn RequestAccept has wrong TicketId at seq 3 (the trace)');
  assert.equal(text, [
    'FAIL Test Model, variant v — 1 of 1 instance failed',
    '  the trace: wrong attributes in agent → ixn RequestAccept (Interaction Management)',
    '    model step p.3 at m.yaml:3:7',
    '    seq 3 agent → ixn RequestAccept differs:',
    '      TicketId: expected $ticket (= 7), got 8',
  ].join('\n'));
  assert.deepEqual(r.instances[0].divergence?.diffs, [{ path: 'TicketId', expected: '$ticket (= 7)', actual: '8' }]);
});

test('every differing attribute is listed, nested ones by their path', () => {
  const model = def(() => [m('ixn', 'agent', 'EventInvite', { TicketId: { $min: 1, $max: 5 }, Interaction: { InteractionId: { $regex: '^\\d{4}$' }, InteractionQueue: '$absent' } })]);
  const b = new TraceBuilder();
  b.msg('IS1', 'Agent1', 'EventInvite', { TicketId: 9, Interaction: { InteractionId: 'x01', InteractionQueue: 'q' } });
  const { text } = run(model, b.trace(100));
  assert.equal(text.split('\n').slice(3).join('\n'), [
    // Nothing matched yet, so nothing is bound: the trace's own names.
    '    seq 1 IS1 → Agent1 EventInvite differs:',
    '      TicketId: expected between 1 and 5, got 9',
    '      Interaction.InteractionId: expected /^\\d{4}$/, got "x01"',
    '      Interaction.InteractionQueue: expected absent, got "q"',
  ].join('\n'));
});

test('a step matches the first message that fits it; later copies are left over', () => {
  const b = new TraceBuilder();
  route(b); invite(b, 7); invite(b, 9); accept(b, 7);
  const { r } = run(deliver(), b.trace(100));
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.instances[0].matched.map((x) => x.seq), [1, 2, 4]);
});

test('a message that came before the step it must follow is reported out of order, naming both seqs', () => {
  const b = new TraceBuilder();
  route(b); accept(b); invite(b);
  const { r, text } = run(deliver(), b.trace(100));
  assert.equal(r.instances[0].divergence?.kind, 'order');
  assert.equal(text.split('\n').slice(1).join('\n'), [
    '  the trace: out of order agent → ixn RequestAccept (Interaction Management)',
    '    model step p.3 at m.yaml:3:7',
    '    seq 2 agent → ixn RequestAccept came before seq 3 ixn → agent EventInvite, which it must follow',
  ].join('\n'));
});

test('a referenceId matcher checks the envelope, and captures there work like attribute captures', () => {
  const model = def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }, { referenceId: '$ref' }),
    m('ixn', 'urs', 'EventRouteUsed', { InteractionId: '$i' }, { referenceId: '$ref' }),
  ]);
  const t = (ref: number) => new TraceBuilder()
    .msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: '1' }, { ref: 4 })
    .msg('IS1', 'URS1', 'EventRouteUsed', { InteractionId: '1' }, { ref }).trace(100);
  assert.equal(run(model, t(4)).r.verdict, 'pass');
  assert.deepEqual(run(model, t(5)).r.instances[0].divergence?.diffs, [{ path: 'referenceId', expected: '$ref (= 4)', actual: '5' }]);
});

test('captures the run binds hold from the start: only the instance with that value starts', () => {
  const model = deliver();
  model.correlate = ['i'];
  const b = new TraceBuilder();
  route(b, '0001'); route(b, '0002');
  invite(b, 7, '0002'); accept(b, 7, '0002');
  const { r } = run(model, b.trace(100), { bindings: { captures: { i: '0002' } } });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual([r.instances.map((i) => i.key), r.notStarted], [[{ i: '0002' }], [{ key: { i: '0001' }, firstSeq: 1 }]]);
});
