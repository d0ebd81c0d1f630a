import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { TraceBuilder, anyOrder, def, m, optional } from './matcher-kit.ts';

/** Which divergence an explanation names when an instance stops short: the real one, not a neighbour's. */

const body = (t: TraceBuilder) => explain(matchTrace(delivery(), t.trace(1000), { variant: 'v' })).split('\n').slice(1).join('\n');

const delivery = () =>
  def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i', AgentId: '$agent' }),
    anyOrder(
      m('ixn', 'stat', 'EventAgentInvited', { InteractionId: '$i', AgentId: '$agent', PlaceId: '$any' }),
      m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }),
    ),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$t', InteractionId: '$i' }),
    anyOrder(optional(m('ixn', 'agent', 'EventAck')), m('ixn', 'urs', 'EventRouteUsed', { InteractionId: '$i' })),
  ], { correlate: ['i'] });

function offered(t = new TraceBuilder(), agentId = 'a1'): TraceBuilder {
  return t
    .msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'X', AgentId: 'a1' }, { ref: 5 })
    .msg('IS1', 'Stat1', 'EventAgentInvited', { InteractionId: 'X', AgentId: agentId, PlaceId: 'p1' })
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 3, Interaction: { InteractionId: 'X' } });
}

test('a step every path needs is reported missing, not an optional step beside it', () => {
  const t = offered().msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 3, InteractionId: 'X' }, { ref: 1 });
  assert.equal(body(t), [
    '  i X: missing ixn → urs EventRouteUsed (T-Library)',
    '    model step p.9 at m.yaml:9:7',
    '    after seq 4 agent → ixn RequestAccept; nothing matching came before the trace ended',
  ].join('\n'));
});

test('a message from before the instance began is never named as out of order', () => {
  // Seq 2 answers the agent's login: no InteractionId ties it to the interaction, and it came first.
  const t = new TraceBuilder()
    .msg('Agent1', 'IS1', 'RequestAgentLogin', { TenantId: 1, PlaceId: 'p1' }, { ref: 1 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 1 });
  offered(t).msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 3, InteractionId: 'X' }, { ref: 2 }).msg('IS1', 'URS1', 'EventRouteUsed', { InteractionId: 'X' }, { ref: 5 });
  const model = def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }),
    m('ixn', 'agent', 'EventInvite', { Interaction: { InteractionId: '$i' } }),
    m('agent', 'ixn', 'RequestAccept', { InteractionId: '$i' }),
    anyOrder(m('ixn', 'agent', 'EventAck'), m('ixn', 'urs', 'EventRouteUsed', { InteractionId: '$i' })),
  ], { correlate: ['i'] });
  assert.equal(explain(matchTrace(model, t.trace(1000), { variant: 'v' })).split('\n').slice(1).join('\n'), [
    '  i X: missing ixn → agent EventAck (Interaction Management)',
    '    model step p.4 at m.yaml:4:7',
    '    after seq 6 agent → ixn RequestAccept; nothing matching came before the trace ended',
  ].join('\n'));
});

test('a message that fits a step in all but one attribute is reported as that difference, even before a sibling it may precede', () => {
  const t = offered(new TraceBuilder(), 'a9')
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 3, InteractionId: 'X' }, { ref: 1 })
    .msg('IS1', 'URS1', 'EventRouteUsed', { InteractionId: 'X' }, { ref: 5 });
  assert.equal(body(t), [
    '  i X: wrong attributes in ixn → stat EventAgentInvited (Reporting)',
    '    model step p.2 at m.yaml:2:7',
    // stat is not bound: no message of its reached the instance.
    '    seq 2 ixn → Stat1 EventAgentInvited differs:',
    '      AgentId: expected $agent (= "a1"), got "a9"',
  ].join('\n'));
});

test('a missing step in an any-order block follows the step before the block, not the sibling that came last', () => {
  const t = new TraceBuilder()
    .msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'X', AgentId: 'a1' }, { ref: 5 })
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 3, Interaction: { InteractionId: 'X' } })
    .msg('Agent1', 'IS1', 'RequestReject', { TicketId: 3, InteractionId: 'X' }, { ref: 1 });
  assert.equal(body(t), [
    '  i X: missing ixn → stat EventAgentInvited (Reporting)',
    '    model step p.2 at m.yaml:2:7',
    '    after seq 1 urs → ixn RequestRouteCall; nothing matching came before the trace ended',
  ].join('\n'));
});
