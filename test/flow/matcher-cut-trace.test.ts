import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder, def, m, never } from './matcher-kit.ts';

/**
 * A trace that ends early — no footer (the run died) or a footer marked interrupted — cannot say that
 * a message never came: what was still to come is inconc. What it already shows stays a failure.
 */

const timeout = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$t' }, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', { TicketId: '$t' }, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
  ], { timers: { delivering: 20000 } });

const accept = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$t' }),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }),
    m('ixn', 'agent', 'EventAck', {}, { timing: { within: 500 } }),
  ]);

const invited = () => new TraceBuilder().msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7 }, { t: 6 });

function withFooter(trace: Trace, status?: 'complete' | 'interrupted'): Trace {
  const footer = { type: 'footer' as const, t: 246, entries: trace.entries.length, ...(status ? { status } : {}) };
  return { ...trace, footer };
}

const lines = (t: Trace, model = timeout()) => explain(matchTrace(model, t, { variant: 'v' })).split('\n');

test('a cut trace that ends before a timer could expire is inconc, naming the step still to come', () => {
  const r = matchTrace(timeout(), withFooter(invited().trace(), 'interrupted'), { variant: 'v' });
  assert.equal(r.verdict, 'inconc');
  assert.equal(explain(r), [
    'INCONC Test Model, variant v — 1 of 1 instance inconclusive',
    '  the trace: inconclusive — the trace ends at 246 ms, before the delivering timer of 20 s could expire',
    '    model step p.2 at m.yaml:2:7',
    '    waiting for ixn → agent EventRevoked (Interaction Management) after seq 1 ixn → agent EventInvite',
  ].join('\n'));
  assert.equal(r.instances[0].pending?.due, 6 + 20000 + 2000);
  assert.deepEqual(r.instances[0].phases.map((p) => p.verdict), ['inconc']);
  // Without a footer the trace ends at its last entry.
  assert.equal(lines(invited().trace())[1], '  the trace: inconclusive — the trace ends at 6 ms, before the delivering timer of 20 s could expire');
});

test('the same trace with a normal footer, or an old one without status, fails: the message is missing', () => {
  for (const status of ['complete', undefined] as const) {
    const r = matchTrace(timeout(), withFooter(invited().trace(), status), { variant: 'v' });
    assert.equal(r.verdict, 'fail', String(status));
    assert.equal(r.instances[0].divergence?.kind, 'missing');
  }
});

test('a cut trace that already passed a deadline fails: the message would have been recorded before what followed', () => {
  const t = invited().msg('IS1', 'Agent1', 'EventError', { ErrorCode: 1 }, { t: 23000 }).trace();
  assert.equal(matchTrace(timeout(), t, { variant: 'v' }).verdict, 'fail');
});

test('a step without deadline still waiting when a cut trace ends is inconc; in a complete trace it fails', () => {
  const t = invited().msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7 }, { t: 40, ref: 1 });
  assert.deepEqual(lines(t.trace(), accept()).slice(1), [
    '  the trace: inconclusive — the trace ends at 40 ms, before the 500 ms allowed after seq 2 ran out',
    '    model step p.3 at m.yaml:3:7',
    '    waiting for ixn → agent EventAck (Interaction Management) after seq 2 agent → ixn RequestAccept',
  ]);
  assert.equal(lines(invited().trace(), accept())[1], '  the trace: inconclusive — the trace ends at 6 ms, cut before agent → ixn RequestAccept could arrive');
  assert.equal(matchTrace(accept(), invited().trace(50), { variant: 'v' }).verdict, 'fail');
});

test('a cut trace that shows a wrong attribute, a wrong order or a forbidden message still fails', () => {
  const wrong = invited().msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 8 }, { t: 40, ref: 1 }).trace();
  assert.equal(matchTrace(accept(), wrong, { variant: 'v' }).instances[0].divergence?.kind, 'attributes');
  const early = new TraceBuilder().msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7 }, { ref: 1 }).msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7 }).trace();
  assert.equal(matchTrace(accept(), early, { variant: 'v' }).instances[0].divergence?.kind, 'order');
  const guarded = def(() => [m('ixn', 'agent', 'EventInvite'), never('ixn', 'agent', 'EventRevoked', {}, { kind: 'ms', ms: 1000 }), m('agent', 'ixn', 'RequestAccept')]);
  const revoked = invited().msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }).trace();
  const r = matchTrace(guarded, revoked, { variant: 'v' });
  assert.deepEqual([r.verdict, r.instances[0].divergence?.kind], ['fail', 'forbidden']);
});
