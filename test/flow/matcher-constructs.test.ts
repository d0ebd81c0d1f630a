import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchOptions } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { PARTICIPANTS, TraceBuilder, anyOrder, def, forEach, m, oneOf, optional, repeat } from './matcher-kit.ts';

/** Order constructs: any-order, one-of, optional, repeat, for-each — each passing and failing. */

const ev = (name: string, a: Record<string, unknown> = {}) => m('ixn', 'stat', name, a);

/** A trace of Interaction Server → Stat Server events, 10 ms apart. */
function events(...names: string[]) {
  const b = new TraceBuilder();
  for (const n of names) b.msg('IS1', 'Stat1', n, { InteractionId: '1' });
  return b.trace(1000);
}

function verdict(model: FlowModel, names: string[], o: Partial<MatchOptions> = {}): string {
  return matchTrace(model, events(...names), { variant: 'v', ...o }).verdict;
}

function failure(model: FlowModel, names: string[], o: Partial<MatchOptions> = {}): string {
  return explain(matchTrace(model, events(...names), { variant: 'v', ...o })).split('\n').slice(1).join('\n');
}

test('any-order accepts every interleaving of its steps, then continues', () => {
  const model = def(() => [anyOrder(ev('EventPartyRemoved'), ev('EventAgentInvited'), ev('EventRejected')), ev('EventPlacedInQueue')]);
  assert.equal(verdict(model, ['EventPartyRemoved', 'EventAgentInvited', 'EventRejected', 'EventPlacedInQueue']), 'pass');
  assert.equal(verdict(model, ['EventRejected', 'EventPartyRemoved', 'EventAgentInvited', 'EventPlacedInQueue']), 'pass');
  assert.equal(verdict(model, ['EventAgentInvited', 'EventRejected', 'EventPartyRemoved', 'EventPlacedInQueue']), 'pass');
});

test('any-order fails on the step none of the messages gave, and the block must finish before the next step', () => {
  const model = def(() => [anyOrder(ev('EventPartyRemoved'), ev('EventAgentInvited')), ev('EventPlacedInQueue')]);
  assert.equal(failure(model, ['EventAgentInvited', 'EventPlacedInQueue']), [
    '  the trace: missing ixn → stat EventPartyRemoved (Reporting)',
    '    model step p.1 at m.yaml:1:7',
    // Its any-order sibling EventAgentInvited is not a step it must follow: no "after seq 1".
    '    nothing matching came before the trace ended',
  ].join('\n'));
});

test('one-of takes whichever alternative the trace follows, and fails when it follows none', () => {
  const model = def(() => [ev('EventAgentInvited'), oneOf([ev('EventPartyAdded')], [ev('EventRejected'), ev('EventPlacedInQueue')])]);
  assert.equal(verdict(model, ['EventAgentInvited', 'EventPartyAdded']), 'pass');
  assert.equal(verdict(model, ['EventAgentInvited', 'EventRejected', 'EventPlacedInQueue']), 'pass');
  // The second alternative got furthest: it is the one reported.
  assert.equal(failure(model, ['EventAgentInvited', 'EventRejected']), [
    '  the trace: missing ixn → stat EventPlacedInQueue (Reporting)',
    '    model step p.4 at m.yaml:4:7',
    '    after seq 2 ixn → stat EventRejected; nothing matching came before the trace ended',
  ].join('\n'));
});

test('optional steps may be there or not; a partial optional block does not count', () => {
  const model = def(() => [ev('EventAgentInvited'), optional(ev('EventPartyRemoved'), ev('EventRejected')), ev('EventPartyAdded')]);
  assert.equal(verdict(model, ['EventAgentInvited', 'EventPartyAdded']), 'pass');
  assert.equal(verdict(model, ['EventAgentInvited', 'EventPartyRemoved', 'EventRejected', 'EventPartyAdded']), 'pass');
  const unexpected = { unexpected: 'fail' as const };
  // Only half the optional block: under unexpected: fail, the half is a message no step took.
  assert.equal(failure(model, ['EventAgentInvited', 'EventPartyRemoved', 'EventPartyAdded'], unexpected), [
    '  the trace: unexpected seq 2 ixn → stat EventPartyRemoved',
    '    before model step p.6 at m.yaml:6:7',
    '    no step expects it between seq 1 ixn → stat EventAgentInvited and seq 3 ixn → stat EventPartyAdded (unexpected: fail)',
  ].join('\n'));
});

test('repeat with times N needs exactly N rounds before the next step', () => {
  const model = def(() => [repeat({ min: 2, max: 2 }, ev('EventAgentInvited'), ev('EventRejected')), ev('EventPlacedInQueue')]);
  const round = ['EventAgentInvited', 'EventRejected'];
  assert.equal(verdict(model, [...round, ...round, 'EventPlacedInQueue']), 'pass');
  assert.equal(failure(model, [...round, 'EventPlacedInQueue']), [
    '  the trace: missing ixn → stat EventAgentInvited (Reporting)',
    '    model step p.1 at m.yaml:1:7',
    '    after seq 2 ixn → stat EventRejected; nothing matching came before the trace ended',
  ].join('\n'));
  assert.equal(verdict(model, [...round, ...round, ...round, 'EventPlacedInQueue'], { unexpected: 'fail' }), 'fail');
});

test('repeat with min and no max takes as many rounds as come', () => {
  const model = def(() => [repeat({ min: 1 }, ev('EventAgentInvited')), ev('EventPlacedInQueue')]);
  assert.equal(verdict(model, ['EventAgentInvited', 'EventPlacedInQueue']), 'pass');
  const many = matchTrace(model, events(...Array(50).fill('EventAgentInvited'), 'EventPlacedInQueue'), { variant: 'v', unexpected: 'fail' });
  assert.deepEqual([many.verdict, many.instances[0].matched.length], ['pass', 51]);
  assert.equal(verdict(model, ['EventPlacedInQueue']), 'fail');
});

test('a repeat whose body can be empty ends instead of looping forever', () => {
  const model = def(() => [repeat({ min: 3 }, optional(ev('EventAgentInvited'))), ev('EventPlacedInQueue')]);
  assert.equal(verdict(model, ['EventPlacedInQueue']), 'pass');
});

test('for-each runs its body once per value of a list param, the variable bound to the value', () => {
  const model = def(() => [forEach('agent', 'agents', 'sequence', ev('EventAgentInvited', { AgentId: '$agent' }))], {
    params: { agents: { type: 'list', default: ['a1', 'a2'] } },
  });
  const b = () => new TraceBuilder();
  const trace = (...ids: string[]) => ids.reduce((t, id) => t.msg('IS1', 'Stat1', 'EventAgentInvited', { InteractionId: '1', AgentId: id }), b()).trace(500);
  assert.equal(matchTrace(model, trace('a1', 'a2'), { variant: 'v' }).verdict, 'pass');
  // Sequence order: a2 before a1 leaves a2's round waiting, its message already gone.
  assert.equal(explain(matchTrace(model, trace('a2', 'a1'), { variant: 'v' })).split('\n').slice(1).join('\n'), [
    '  the trace: out of order ixn → stat EventAgentInvited (Reporting)',
    '    model step p.1 at m.yaml:1:7',
    '    seq 1 ixn → stat EventAgentInvited came before seq 2 ixn → stat EventAgentInvited, which it must follow',
  ].join('\n'));
  assert.deepEqual(matchTrace(model, trace('a1', 'a3'), { variant: 'v' }).instances[0].divergence?.diffs, [{ path: 'AgentId', expected: '$agent (= "a2")', actual: '"a3"' }]);
  // The run's params replace the default.
  assert.equal(matchTrace(model, trace('a3'), { variant: 'v', params: { agents: ['a3'] } }).verdict, 'pass');
});

test('for-each in any order accepts the rounds interleaved', () => {
  const model = def(() => [forEach('agent', 'agents', 'any', ev('EventAgentInvited', { AgentId: '$agent' }), ev('EventPartyAdded', { AgentId: '$agent' }))], {
    params: { agents: { type: 'list', default: ['a1', 'a2'] } },
  });
  const b = new TraceBuilder();
  for (const [n, id] of [['EventAgentInvited', 'a2'], ['EventAgentInvited', 'a1'], ['EventPartyAdded', 'a1'], ['EventPartyAdded', 'a2']]) b.msg('IS1', 'Stat1', n, { InteractionId: '1', AgentId: id });
  assert.equal(matchTrace(model, b.trace(500), { variant: 'v' }).verdict, 'pass');
});

test('for-each over a participant list without values takes every trace participant of the role, in trace order', () => {
  const model = def(() => [forEach('desk', 'desktops', 'sequence', m('ixn', '$desk', 'EventInvite', { TicketId: '$any' }))], {
    params: { desktops: { type: 'list', role: 'AgentApplication' } },
  });
  const parts = [...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' as const }];
  const invite = (b: TraceBuilder, to: string) => b.msg('IS1', to, 'EventInvite', { TicketId: 1, Interaction: { InteractionId: 'x' } });
  assert.equal(matchTrace(model, invite(invite(new TraceBuilder(parts), 'Agent1'), 'Agent2').trace(500), { variant: 'v' }).verdict, 'pass');
  const onlyOne = matchTrace(model, invite(new TraceBuilder(parts), 'Agent1').trace(500), { variant: 'v' });
  assert.equal(onlyOne.instances[0].divergence?.kind, 'missing');
  assert.equal(matchTrace(model, invite(new TraceBuilder(parts), 'Agent1').trace(500), { variant: 'v', params: { desktops: ['Agent1'] } }).verdict, 'pass');
  // With no participant of the role there would be no round at all: that proves nothing.
  const none = new TraceBuilder(PARTICIPANTS.filter((p) => p.role !== 'AgentApplication')).msg('IS1', 'Stat1', 'EventRejected', { InteractionId: '1' });
  assert.equal(matchTrace(model, none.trace(500), { variant: 'v' }).summary, 'error: the trace has no Agent Application participant for for-each desk in desktops');
});

test('a for-each over something that is not a list is an error', () => {
  const model = def(() => [forEach('agent', 'agents', 'sequence', ev('EventAgentInvited'))], { params: { agents: { type: 'list' } } });
  assert.equal(matchTrace(model, events('EventAgentInvited'), { variant: 'v' }).summary, 'error: for-each agent in agents needs a list, and the param is not given');
  assert.equal(matchTrace(model, events('EventAgentInvited'), { variant: 'v', params: { agents: 'a1' } }).summary, 'error: for-each agent in agents needs a list, and the param is "a1"');
});
