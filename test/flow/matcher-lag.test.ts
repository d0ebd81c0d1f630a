import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { Trace, TraceParticipant } from '../../src/trace/types.ts';
import { PARTICIPANTS, TraceBuilder, def, m, never } from './matcher-kit.ts';

/**
 * Timing under load: a miss the lag measured around it explains is inconc, with the lag in the reason;
 * a miss without lag, or larger than the lag explains, fails (naming the lag when there was some).
 * The lag comes from the trace's `lag` notes (src/flow/lag.ts), as a run records them.
 */

const invite = { TicketId: '$t', Interaction: { InteractionId: '$i' } };
const revoked = { Interaction: { InteractionId: '$i' } };
const ATTRS = { TicketId: 7, Interaction: { InteractionId: 'X' } };

/** EventInvite at 0, EventRevoked when the 200 ms delivering timer expires (give or take 100 ms), then EventAck. */
const timeout = (): FlowModel =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', invite, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', revoked, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
    m('ixn', 'agent', 'EventAck'),
  ], { timers: { delivering: 200 } });

function check(model: FlowModel, trace: Trace) {
  const r = matchTrace(model, trace, { variant: 'v' });
  return { verdict: r.verdict, summary: r.summary, text: explain(r), r };
}

/** Invite at 0, revoke at `revokeAt`, ack 5 ms later; `lag` adds one lag note. */
function revokedAt(revokeAt: number, lag?: [from: number, to: number, ms: number], participants: TraceParticipant[] = PARTICIPANTS): Trace {
  const b = new TraceBuilder(participants).msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 });
  if (lag) b.lag(...lag);
  return b.msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: revokeAt }).msg('IS1', 'Agent1', 'EventAck', {}, { t: revokeAt + 5 }).trace(revokeAt + 1000);
}

test('a late EventRevoked that the measured lag explains is inconc, saying how much the harness lagged and where', () => {
  // 489 ms after the invite: 189 ms past the 300 ms the timer and its tolerance allow; the loop lagged 380 ms.
  const r = check(timeout(), revokedAt(489, [100, 480, 380]));
  assert.equal(r.verdict, 'inconc');
  assert.equal(r.summary, 'inconc: harness overloaded: event loop lagged 380 ms between seq 1 and seq 3 (the trace)');
  assert.equal(r.text, [
    'INCONC Test Model, variant v — 1 of 1 instance inconclusive',
    '  the trace: inconclusive — harness overloaded: event loop lagged 380 ms between seq 1 and seq 3',
    '    model step p.2 at m.yaml:2:7',
    '    seq 3 came 489 ms after seq 1 (step invite), too late: timer delivering expires after 200 ms, give or take 100 ms; a lag of 380 ms explains up to 390 ms of it',
  ].join('\n'));
  const d = r.r.instances[0].doubt;
  assert.deepEqual({ kind: d?.kind, observed: d?.observed.seq, after: d?.after?.seq, lag: d?.lag }, { kind: 'timing', observed: 3, after: 1, lag: { source: 'harness', ms: 380, from: 100, to: 480 } });
  assert.deepEqual(r.r.instances[0].phases, [{ phase: 'p', title: 'Phase P', verdict: 'inconc' }]);
});

test('the same lateness with no lag measured fails', () => {
  const r = check(timeout(), revokedAt(489));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.text.split('\n')[3], '    seq 2 came 489 ms after seq 1 (step invite), too late: timer delivering expires after 200 ms, give or take 100 ms');
});

test('a miss much larger than the lag fails, and says the lag was not enough', () => {
  const r = check(timeout(), revokedAt(900, [100, 480, 40]));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.text.split('\n')[3],
    "    seq 3 came 900 ms after seq 1 (step invite), too late: timer delivering expires after 200 ms, give or take 100 ms; the harness's event loop lagged at most 40 ms there, which does not explain 600 ms");
});

test('the allowance is the lag plus one sampling period, no more', () => {
  // Lag 180 ms: explains a miss of up to 190 ms.
  assert.equal(check(timeout(), revokedAt(490, [100, 480, 180])).verdict, 'inconc');
  assert.equal(check(timeout(), revokedAt(491, [100, 480, 180])).verdict, 'fail');
});

test('only lag measured between the two messages (and one period after) counts', () => {
  // Before the invite, and well after the revoke: neither delayed the timer.
  const before = new TraceBuilder().lag(-500, -10, 380).msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 })
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: 489 }).msg('IS1', 'Agent1', 'EventAck', {}, { t: 494 }).trace(2000);
  assert.equal(check(timeout(), before).verdict, 'fail');
  assert.equal(check(timeout(), revokedAt(489, [520, 900, 380])).verdict, 'fail');
  // A stall whose sample fired within one period after the revoke still counts: it delayed the revoke.
  assert.equal(check(timeout(), revokedAt(489, [495, 498, 380])).verdict, 'inconc');
});

test("an early message is not excused by lag when the harness stamped the earlier one as it was sent (a reference participant)", () => {
  const r = check(timeout(), revokedAt(50, [0, 100, 380]));
  assert.equal(r.verdict, 'fail');
  assert.match(r.text, /too early: timer delivering expires after 200 ms, give or take 100 ms$/m);
});

test('an early message is excused when the message it is counted from came from another process: its stamp may be late by the lag', () => {
  const sut = PARTICIPANTS.map((p) => (p.name === 'IS1' ? { ...p, binding: 'sut' as const, adapter: 'process' } : { ...p, binding: 'reference' as const }));
  // 50 ms after the invite: 50 ms too early. The harness lagged 60 ms as it read the invite.
  const r = check(timeout(), revokedAt(50, [-60, 0, 60], sut));
  assert.equal(r.verdict, 'inconc');
  assert.match(r.text, /too early: .*; a lag of 60 ms explains up to 70 ms of it$/m);
  assert.equal(check(timeout(), revokedAt(50, [-30, 0, 30], sut)).verdict, 'fail');
});

test('within N: a late answer the lag explains is inconc; without lag it fails', () => {
  const model = def(() => [m('ixn', 'agent', 'EventInvite', invite), m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }, { timing: { within: 100 } })]);
  const trace = (lag?: number) => {
    const b = new TraceBuilder().msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 });
    if (lag !== undefined) b.lag(0, 240, lag);
    return b.msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'X' }, { t: 250, ref: 1 }).trace(500);
  };
  assert.equal(check(model, trace(150)).summary, 'inconc: harness overloaded: event loop lagged 150 ms between seq 1 and seq 3 (the trace)');
  assert.equal(check(model, trace()).verdict, 'fail');
  assert.match(check(model, trace(100)).text, /later than the 100 ms allowed; the harness's event loop lagged at most 100 ms there, which does not explain 150 ms$/m);
});

test('an excused miss does not hide what fails later: the flow is still judged', () => {
  // The revoke is late (excused), and the EventAck never comes.
  const t = new TraceBuilder().msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 }).lag(100, 480, 380)
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: 489 }).trace(2000);
  const r = check(timeout(), t);
  assert.equal(r.verdict, 'fail');
  assert.match(r.text, /missing ixn → agent EventAck/);
});

test("another source's lag counts, and is named", () => {
  const t = new TraceBuilder().msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 }).lag(100, 480, 380, 'IS1')
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: 489 }).msg('IS1', 'Agent1', 'EventAck', {}, { t: 494 }).trace(2000);
  assert.equal(check(timeout(), t).summary, 'inconc: IS1 overloaded: its event loop lagged 380 ms between seq 1 and seq 3 (the trace)');
});

const accepted = () =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', invite),
    m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }),
    never('ixn', 'agent', 'EventRevoked', revoked, { kind: 'ms', ms: 300 }),
  ]);

function acceptThenRevoke(revokeAt: number, lag: [number, number, number], participants: TraceParticipant[] = PARTICIPANTS): Trace {
  return new TraceBuilder(participants)
    .msg('IS1', 'Agent1', 'EventInvite', ATTRS, { t: 0 })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'X' }, { t: 50, ref: 1 })
    .lag(...lag)
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: revokeAt })
    .trace(1000);
}

test('never: a reference participant\'s forbidden message fails whatever the lag — it is stamped as sent, inside the window', () => {
  const r = check(accepted(), acceptThenRevoke(60, [40, 60, 300]));
  assert.equal(r.verdict, 'fail');
  assert.match(r.text, /forbidden ixn → agent EventRevoked/);
});

test('never: a message from another process, within the lag after the window opened, may have been sent before: inconc', () => {
  const sut = PARTICIPANTS.map((p) => (p.name === 'IS1' ? { ...p, binding: 'sut' as const } : { ...p, binding: 'reference' as const }));
  const r = check(accepted(), acceptThenRevoke(80, [40, 80, 30], sut));
  assert.equal(r.verdict, 'inconc');
  assert.equal(r.text.split('\n').slice(1).join('\n'), [
    '  the trace: inconclusive — harness overloaded: event loop lagged 30 ms around seq 4',
    '    model step p.3 at m.yaml:3:7',
    '    seq 4 ixn → agent EventRevoked came 30 ms after seq 2 agent → ixn RequestAccept, inside the 300 ms window; it may have been sent before the window opened: a lag of 30 ms explains up to 40 ms',
  ].join('\n'));
  // Further in than the lag explains: a real violation, the lag named.
  const far = check(accepted(), acceptThenRevoke(150, [40, 80, 30], sut));
  assert.equal(far.verdict, 'fail');
  assert.match(far.text, /inside the 300 ms window; the harness's event loop lagged at most 30 ms there, which does not explain 100 ms$/m);
});

test('never: a window opened by a message from another process may have closed earlier: a message within the lag of its end is inconc', () => {
  const sut = PARTICIPANTS.map((p) => (p.name === 'Agent1' ? { ...p, binding: 'sut' as const } : { ...p, binding: 'reference' as const }));
  // The window runs 50..350; the accept may have been stamped up to 40 + 10 ms late.
  assert.equal(check(accepted(), acceptThenRevoke(320, [10, 50, 40], sut)).verdict, 'inconc');
  assert.equal(check(accepted(), acceptThenRevoke(250, [10, 50, 40], sut)).verdict, 'fail');
});
