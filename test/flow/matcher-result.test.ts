import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Violation } from '../../src/catalog/types.ts';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { PARTICIPANTS, TraceBuilder, def, m } from './matcher-kit.ts';

/** Trace problems, catalog violations, aliases, and the result as plain data. */

const model = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$t', InteractionId: '$i' }),
  ], { correlate: ['i'] });

const missingTicket: Violation = { code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'RequestAccept needs TicketId', attribute: 'TicketId' };
const notJson: Violation = { code: 'NOT_JSON', severity: 'error', message: 'the frame is not JSON' };

function good(b = new TraceBuilder([...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication' }])): TraceBuilder {
  return b
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'A' } })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'A' }, { ref: 1 });
}

test('a bad frame between participants the instances bound fails the result; one between others does not', () => {
  const r = matchTrace(model(), good().badFrame('Agent1', 'IS1', [notJson]).trace(100), { variant: 'v' });
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.problems, [{ seq: 3, from: 'Agent1', to: 'IS1', violations: [notJson] }]);
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 0 of 1 instance failed; 1 trace problem',
    '  trace problem at seq 3, bad frame Agent1 → IS1: NOT_JSON the frame is not JSON',
  ].join('\n'));
  assert.equal(r.summary, 'fail: 1 trace problem, first at seq 3 (NOT_JSON)');
  assert.equal(matchTrace(model(), good().badFrame('Agent2', 'IS1', [notJson]).trace(100), { variant: 'v' }).verdict, 'pass');
});

test('a broken message a system under test sent fails the result wherever it went; the same from a reference does not', () => {
  const wrongType: Violation = { code: 'WRONG_TYPE', severity: 'error', message: 'TenantId is "101", expected an integer', attribute: 'TenantId' };
  // Agent2's desktop takes no part in the model's instance: only its binding makes its mistake count.
  const traceWith = (binding: 'sut' | 'reference') =>
    good(new TraceBuilder([...PARTICIPANTS, { name: 'Agent2', role: 'AgentApplication', binding }]))
      .msg('Agent2', 'IS1', 'RequestAgentLogin', { TenantId: '101', PlaceId: 'P2', AgentId: 'Agent2' }, { ref: 1, violations: [wrongType] })
      .trace(100);
  const r = matchTrace(model(), traceWith('sut'), { variant: 'v' });
  assert.equal(r.verdict, 'fail');
  assert.deepEqual(r.problems, [{ seq: 3, from: 'Agent2', to: 'IS1', message: 'RequestAgentLogin', violations: [wrongType] }]);
  assert.equal(matchTrace(model(), traceWith('reference'), { variant: 'v' }).verdict, 'pass');
});

test('a matched message that breaks the catalog is a protocol divergence of its instance', () => {
  const b = new TraceBuilder()
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'A' } }, { violations: [{ ...missingTicket, message: 'EventInvite needs X' }] })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'A' }, { ref: 1 });
  const r = matchTrace(model(), b.trace(100), { variant: 'v' });
  assert.equal(r.summary, 'fail: protocol violation at seq 1 (MISSING_ATTRIBUTE) (i A)');
  assert.equal(explain(r).split('\n').slice(1).join('\n'), [
    '  i A: protocol violation in seq 1 ixn → agent EventInvite',
    '    model step p.1 at m.yaml:1:7',
    '    MISSING_ATTRIBUTE: EventInvite needs X',
  ].join('\n'));
  assert.deepEqual(r.problems, []);
});

test('a violation the step allows (the scenario\'s premise) is no divergence; any other still is', () => {
  const allowing = (codes: Violation['code'][]) =>
    def(() => [
      m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }),
      { ...m('agent', 'ixn', 'RequestAccept', { InteractionId: '$i' }), allowViolations: codes },
    ], { correlate: ['i'] });
  const b = () =>
    new TraceBuilder()
      .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'A' } })
      .msg('Agent1', 'IS1', 'RequestAccept', { InteractionId: 'A' }, { ref: 1, violations: [missingTicket] });
  assert.equal(matchTrace(allowing(['MISSING_ATTRIBUTE']), b().trace(100), { variant: 'v' }).verdict, 'pass');
  const other = matchTrace(allowing(['NOT_IN_ENUM']), b().trace(100), { variant: 'v' });
  assert.equal(other.summary, 'fail: protocol violation at seq 2 (MISSING_ATTRIBUTE) (i A)');
});

test('an unmatched message with an error violation between bound participants is a trace problem', () => {
  const b = good().msg('Agent1', 'IS1', 'RequestAccept', { InteractionId: 'A' }, { ref: 2, violations: [missingTicket] });
  const r = matchTrace(model(), b.trace(100), { variant: 'v' });
  assert.equal(explain(r), [
    'FAIL Test Model, variant v — 0 of 1 instance failed; 1 trace problem',
    '  trace problem at seq 3, Agent1 → IS1 RequestAccept: MISSING_ATTRIBUTE RequestAccept needs TicketId',
  ].join('\n'));
});

test('a spelling variant is reported, never a failure', () => {
  const alias: Violation = { code: 'ALIAS_USED', severity: 'info', message: 'alias', expected: 'RequestAccept', actual: 'RequestAcept' };
  const b = new TraceBuilder()
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'A' } }, { alias: 'EventInvitation' })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'A' }, { ref: 1, violations: [alias] });
  const r = matchTrace(model(), b.trace(100), { variant: 'v' });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(r.instances[0].aliasesUsed, ['EventInvitation for EventInvite', 'RequestAcept for RequestAccept']);
  assert.equal(explain(r), 'PASS Test Model, variant v — 1 of 1 instance passed\n  spellings used: EventInvitation for EventInvite; RequestAcept for RequestAccept');
});

test('the result is plain data, the trace is left as it was, and the same input gives the same result', () => {
  const trace = good().msg('IS1', 'Agent2', 'EventInvite', { TicketId: 8, Interaction: { InteractionId: 'B' } }).trace(100);
  const before = structuredClone(trace);
  const origin = { uri: 'features/deliver.feature', line: 12, text: 'the flow follows Deliver, variant v' };
  const r = matchTrace(model(), trace, { variant: 'v', origin });
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.deepEqual(trace, before);
  assert.deepEqual(matchTrace(model(), trace, { variant: 'v', origin }), r);
  assert.deepEqual(r.instances[1].divergence?.step?.origin, origin);
  assert.equal(explain(r).split('\n').slice(1).join('\n'), [
    '  i B: missing agent → ixn RequestAccept (Interaction Management)',
    '    model step p.2 at m.yaml:2:7',
    '    asked by features/deliver.feature:12: the flow follows Deliver, variant v',
    '    after seq 3 ixn → agent EventInvite; nothing matching came before the trace ended',
  ].join('\n'));
});

test('explain shows at most maxInstances instances that did not pass, then how many more', () => {
  const b = new TraceBuilder();
  for (const id of ['A', 'B', 'C']) b.msg('IS1', 'Agent1', 'EventInvite', { TicketId: 1, Interaction: { InteractionId: id } });
  assert.equal(explain(matchTrace(model(), b.trace(100), { variant: 'v' }), { maxInstances: 1 }), [
    'FAIL Test Model, variant v — 3 of 3 instances failed',
    '  i A: missing agent → ixn RequestAccept (Interaction Management)',
    '    model step p.2 at m.yaml:2:7',
    '    after seq 1 ixn → agent EventInvite; nothing matching came before the trace ended',
    '  … and 2 more instances that did not pass',
  ].join('\n'));
});
