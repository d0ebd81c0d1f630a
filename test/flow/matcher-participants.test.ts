import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { PARTICIPANTS, TraceBuilder, def, m, never } from './matcher-kit.ts';

/** Model participants against trace participants, and the setups that cannot be matched at all (error). */

const invited = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$ticket', Interaction: { InteractionId: '$i' } }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$ticket', InteractionId: '$i' }),
  ], { correlate: ['i'] });

const TWO_AGENTS = [...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' as const }];

function twoDeliveries(): TraceBuilder {
  return new TraceBuilder(TWO_AGENTS)
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 1, Interaction: { InteractionId: 'A' } })
    .msg('IS1', 'Agent2', 'EventInvite', { TicketId: 2, Interaction: { InteractionId: 'B' } })
    .msg('Agent2', 'IS1', 'RequestAccept', { TicketId: 2, InteractionId: 'B' }, { ref: 1 })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 1, InteractionId: 'A' }, { ref: 1 });
}

test('each instance binds its own trace participant on its first match', () => {
  const r = matchTrace(invited(), twoDeliveries().trace(100), { variant: 'v' });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.instances.map((i) => [i.key, i.participants]), [
    [{ i: 'A' }, { ixn: 'IS1', agent: 'Agent1' }],
    [{ i: 'B' }, { ixn: 'IS1', agent: 'Agent2' }],
  ]);
});

test('once bound, a participant must stay the same: an accept from another agent does not fit', () => {
  const b = new TraceBuilder(TWO_AGENTS)
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 1, Interaction: { InteractionId: 'A' } })
    .msg('Agent2', 'IS1', 'RequestAccept', { TicketId: 1, InteractionId: 'A' }, { ref: 1 });
  const r = matchTrace(invited(), b.trace(100), { variant: 'v' });
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 1 of 1 instance failed',
    '  i A: missing agent → ixn RequestAccept (Interaction Management)',
    '    model step p.2 at m.yaml:2:7',
    '    after seq 1 ixn → agent EventInvite; nothing matching came before the trace ended',
  ].join('\n'));
});

test('the run can pin a model participant to a trace participant; other participants of the role are then ignored', () => {
  const r = matchTrace(invited(), twoDeliveries().trace(100), { variant: 'v', bindings: { participants: { agent: 'Agent2' } } });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.instances.map((i) => i.key), [{ i: 'B' }]);
  assert.deepEqual(r.notStarted, [{ key: { i: 'A' }, firstSeq: 1 }]);
  assert.equal(explain(r), 'PASS Test Model, variant v — 1 of 1 instance passed\n  1 instance seen but never started (first seq 1)');
});

test('a model participant with a name is pinned to that trace participant', () => {
  const model = invited();
  model.participants.agent.name = 'Agent1';
  const r = matchTrace(model, twoDeliveries().trace(100), { variant: 'v' });
  assert.deepEqual(r.instances.map((i) => i.key), [{ i: 'A' }]);
});

test('participants announced after the header (participant notes) can be bound', () => {
  const b = new TraceBuilder(PARTICIPANTS.filter((p) => p.name !== 'Agent1'))
    .note('participant', 'Agent1 joined', { name: 'Agent1', role: 'AgentApplication' })
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 1, Interaction: { InteractionId: 'A' } })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 1, InteractionId: 'A' }, { ref: 1 });
  assert.equal(matchTrace(invited(), b.trace(100), { variant: 'v' }).verdict, 'pass');
});

test('a trace without a participant of a role the model needs is an error, not a failure', () => {
  const b = new TraceBuilder(PARTICIPANTS.filter((p) => p.role !== 'AgentApplication'));
  const r = matchTrace(invited(), b.trace(100), { variant: 'v' });
  assert.equal(r.verdict, 'error');
  assert.equal(explain(r), "ERROR Test Model, variant v — the trace has no Agent Application participant for model participant 'agent'; it has URS1 (URS), IS1 (Interaction Server), Stat1 (Stat Server)");
});

test('bindings that do not fit the trace or the model are errors', () => {
  const t = twoDeliveries().trace(100);
  const reason = (participants: Record<string, string>) => matchTrace(invited(), t, { variant: 'v', bindings: { participants } }).summary;
  assert.equal(reason({ agent: 'Agent9' }),
    "error: model participant 'agent' (Agent Application) is bound to 'Agent9', which is not in the trace; it has URS1 (URS), IS1 (Interaction Server), Agent1 (Agent Application), Stat1 (Stat Server), Agent2 (Agent Application)");
  assert.equal(reason({ agent: 'IS1' }), "error: model participant 'agent' (Agent Application) is bound to 'IS1', whose role in the trace is Interaction Server");
  assert.equal(reason({ agnt: 'Agent1' }), "error: the run binds model participant 'agnt', which the model does not have (it has urs, ixn, agent, stat)");
});

test('an unknown variant is an error with a did-you-mean', () => {
  const r = matchTrace(invited(), twoDeliveries().trace(100), { variant: 'vv' });
  assert.equal(r.summary, "error: the model has no variant 'vv' — did you mean v? (it has v)");
  assert.deepEqual([r.instances, r.variant], [[], 'vv']);
});

test('a timer with no value anywhere is an error', () => {
  const model = def(() => [m('ixn', 'agent', 'EventInvite'), never('ixn', 'agent', 'EventRevoked', {}, { kind: 'timer', timer: 'delivering', margin: 0 })]);
  const r = matchTrace(model, twoDeliveries().trace(100), { variant: 'v' });
  assert.equal(r.summary, "error: timer 'delivering' has no value: the model's timers do not define it and the run gives none");
  assert.equal(matchTrace(model, twoDeliveries().trace(1000), { variant: 'v', timers: { delivering: 10 } }).verdict, 'pass');
});
