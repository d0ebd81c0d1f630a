import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchOptions } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { Trace, TraceMessage } from '../../src/trace/types.ts';
import { TraceBuilder, def, m, never } from './matcher-kit.ts';

/** Time: within N ms, after a timer, never in a window. */

const invite = { TicketId: '$t', Interaction: { InteractionId: '$i' } };
const revoked = { Interaction: { InteractionId: '$i' } };

/** EventInvite at 0, then the given (time, message) pairs from IS1 to Agent1. */
function trace(rest: Array<[number, string]>, footer?: number): Trace {
  const b = new TraceBuilder().msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'X' } }, { t: 0 });
  for (const [t, name] of rest) {
    if (name === 'RequestAccept') b.msg('Agent1', 'IS1', name, { TicketId: 7, InteractionId: 'X' }, { t, ref: 1 });
    else b.msg('IS1', 'Agent1', name, { Interaction: { InteractionId: 'X' } }, { t });
  }
  return b.trace(footer);
}

function check(model: FlowModel, t: Trace, o: Partial<MatchOptions> = {}) {
  const r = matchTrace(model, t, { variant: 'v', ...o });
  return { verdict: r.verdict, text: explain(r).split('\n').slice(1).join('\n'), r };
}

test('within N: the step must come at most N ms after the previous one', () => {
  const model = def(() => [m('ixn', 'agent', 'EventInvite', invite), m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }, { timing: { within: 100 } })]);
  assert.equal(check(model, trace([[100, 'RequestAccept']], 500)).verdict, 'pass');
  assert.equal(check(model, trace([[250, 'RequestAccept']], 500)).text, [
    '  the trace: wrong time for agent → ixn RequestAccept (Interaction Management)',
    '    model step p.2 at m.yaml:2:7',
    '    seq 2 came 250 ms after seq 1, later than the 100 ms allowed',
  ].join('\n'));
});

test('after a timer: the step comes when the timer expires, give or take 10% (at least 100 ms)', () => {
  const model = def(() => [
    m('ixn', 'agent', 'EventInvite', invite, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', revoked, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
  ], { timers: { delivering: 2000 } });
  assert.equal(check(model, trace([[2150, 'EventRevoked']])).verdict, 'pass');
  assert.equal(check(model, trace([[1850, 'EventRevoked']])).verdict, 'pass');
  assert.equal(check(model, trace([[2250, 'EventRevoked']])).text.split('\n')[2],
    '    seq 2 came 2250 ms after seq 1 (step invite), too late: timer delivering expires after 2000 ms, give or take 200 ms');
  assert.equal(check(model, trace([[500, 'EventRevoked']])).text, [
    '  the trace: wrong time for ixn → agent EventRevoked (Interaction Management)',
    '    model step p.2 at m.yaml:2:7',
    '    seq 2 came 500 ms after seq 1 (step invite), too early: timer delivering expires after 2000 ms, give or take 200 ms',
  ].join('\n'));
});

test("the run's timer value overrides the model's, and a short timer keeps the 100 ms minimum tolerance", () => {
  const model = def(() => [
    m('ixn', 'agent', 'EventInvite', invite, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', revoked, { timing: { after: { timer: 'delivering', since: 'invite', tolerance: 5 } } }),
  ], { timers: { delivering: 30000 } });
  assert.equal(check(model, trace([[204, 'EventRevoked']]), { timers: { delivering: 200 } }).verdict, 'pass');
  assert.equal(check(model, trace([[210, 'EventRevoked']]), { timers: { delivering: 200 } }).verdict, 'fail');
  const loose = def(() => [
    m('ixn', 'agent', 'EventInvite', invite, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', revoked, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
  ]);
  assert.equal(check(loose, trace([[290, 'EventRevoked']]), { timers: { delivering: 200 } }).verdict, 'pass');
  assert.equal(check(loose, trace([[310, 'EventRevoked']]), { timers: { delivering: 200 } }).verdict, 'fail');
});

const accepted = (window: Parameters<typeof never>[4]) =>
  def(() => [m('ixn', 'agent', 'EventInvite', invite), m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }), never('ixn', 'agent', 'EventRevoked', revoked, window)], {
    timers: { delivering: 200 },
  });

test('never: a forbidden message inside the window fails, naming the window', () => {
  const model = accepted({ kind: 'timer', timer: 'delivering', margin: 500 });
  assert.equal(check(model, trace([[50, 'RequestAccept'], [600, 'EventRevoked']], 2000)).text, [
    '  the trace: forbidden ixn → agent EventRevoked (Interaction Management) at seq 3',
    '    model step p.3 at m.yaml:3:7',
    '    550 ms after seq 2 agent → ixn RequestAccept, inside the 700 ms window (timer delivering 200 ms + 500 ms margin)',
  ].join('\n'));
  // The run's shorter timer closes the window (at 560 ms) before the message.
  assert.equal(check(model, trace([[50, 'RequestAccept'], [600, 'EventRevoked']], 2000), { timers: { delivering: 10 } }).verdict, 'pass');
});

test('never: the same message after the window closes is fine; another interaction\'s is not forbidden', () => {
  const model = accepted({ kind: 'ms', ms: 300 });
  assert.equal(check(model, trace([[50, 'RequestAccept'], [400, 'EventRevoked']], 2000)).verdict, 'pass');
  const other = trace([[50, 'RequestAccept']], 2000);
  other.entries.push({ ...(other.entries[0] as TraceMessage), seq: 3, t: 60, message: 'EventRevoked', attributes: { Interaction: { InteractionId: 'Y' } } });
  assert.equal(check(model, other).verdict, 'pass');
});

test('never: a trace that ends inside the window is inconclusive, saying how far it got', () => {
  const model = accepted({ kind: 'timer', timer: 'delivering', margin: 500 });
  const r = check(model, trace([[50, 'RequestAccept']], 350));
  assert.equal(r.verdict, 'inconc');
  assert.equal(r.r.summary, 'inconc: the trace ends 300 ms into a 700 ms window of never ixn → agent EventRevoked (the trace)');
  assert.equal(explain(r.r), [
    'INCONC Test Model, variant v — 1 of 1 instance inconclusive',
    '  the trace: inconclusive — the trace ends 300 ms into a 700 ms window of never ixn → agent EventRevoked',
  ].join('\n'));
  assert.deepEqual(r.r.instances[0].phases, [{ phase: 'p', title: 'Phase P', verdict: 'inconc' }]);
  // Without a footer the trace ends at its last entry.
  assert.equal(check(model, trace([[50, 'RequestAccept'], [100, 'EventAck']])).r.summary,
    'inconc: the trace ends 50 ms into a 700 ms window of never ixn → agent EventRevoked (the trace)');
});

test('never until the end: forbidden anywhere after the previous step, and never inconclusive', () => {
  const model = accepted({ kind: 'until-end' });
  assert.equal(check(model, trace([[50, 'RequestAccept']])).verdict, 'pass');
  assert.equal(check(model, trace([[50, 'RequestAccept'], [90000, 'EventRevoked']])).text.split('\n')[2],
    '    89950 ms after seq 2 agent → ixn RequestAccept, inside the window that lasts until the end of the trace');
});

test('a timer the run recorded in the trace is the default: a trace is judged by the timers it ran with, unless the caller says otherwise', () => {
  const model = def(() => [
    m('ixn', 'agent', 'EventInvite', invite, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', revoked, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
  ], { timers: { delivering: 30000 } });
  const t = trace([[200, 'EventRevoked']]);
  t.entries.unshift({ type: 'note', seq: 0, t: 0, kind: 'timer', text: 'timer delivering = 200 ms', data: { name: 'delivering', ms: 200 } });
  assert.equal(check(model, t).verdict, 'pass');
  assert.equal(check(model, t, { timers: { delivering: 1000 } }).verdict, 'fail');
});
