import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MatchResult } from '../../src/flow/result.ts';
import { racedAnswers, racedFailure } from '../../src/session/raced-answers.ts';
import type { Trace, TraceEntry, TraceParticipant } from '../../src/trace/types.ts';

/** Traces written by hand: Agent1's desktop (a reference participant) told to reject invitations after 100 ms. */

const DESKTOP = "Agent1's desktop";
const REFERENCE: TraceParticipant[] = [
  { name: 'IS1', role: 'InteractionServer', binding: 'reference' },
  { name: DESKTOP, role: 'AgentApplication', binding: 'reference' },
];

const policy = (kind: string, delayMs?: number): TraceEntry => ({
  type: 'note', seq: 0, t: -10, kind: 'stimulus', participant: DESKTOP, text: `${DESKTOP}: ${kind} invitations`, data: { stimulus: { kind, ...(delayMs === undefined ? {} : { delayMs }) } },
});
const msg = (t: number, from: string, to: string, message: string): TraceEntry => ({ type: 'message', seq: 0, t, from, to, connection: 'c1', protocol: 'InteractionManagement', message, attributes: {}, violations: [] });
const lag = (from: number, to: number, ms: number): TraceEntry => ({ type: 'note', seq: 0, t: to, kind: 'lag', text: '', data: { source: 'harness', from, to, lag: ms, period: 10 } });

function trace(entries: TraceEntry[], participants = REFERENCE): Trace {
  return {
    header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '', participants },
    entries: entries.map((e, i) => ({ ...e, seq: i + 1 })),
  };
}

/** The invite at 0; the delivering timer revokes it at 205; the reject, due at 100, reaches IS1 at `answerAt`. */
const rejectAfterRevoke = (answerAt: number, withLag = true, policyNote = policy('reject', 100)) =>
  [policyNote, msg(0, 'IS1', DESKTOP, 'EventInvite'), ...(withLag ? [lag(90, 240, 160)] : []), msg(205, 'IS1', DESKTOP, 'EventRevoked'), msg(answerAt, DESKTOP, 'IS1', 'RequestReject')];

test('an answer the lag held up until after the server had moved on is named, with the lag and the message it came after', () => {
  assert.deepEqual(racedAnswers(trace(rejectAfterRevoke(250))), [{
    due: 100,
    text: "harness overloaded: event loop lagged 160 ms: Agent1's desktop was to answer seq 2 EventInvite 100 ms after it, and its RequestReject (seq 5) reached IS1 150 ms later than that, after seq 4 EventRevoked",
  }]);
});

test('an answer due at once counts too: the reply itself can wait behind a stall', () => {
  const entries = [policy('accept'), msg(0, 'IS1', DESKTOP, 'EventInvite'), lag(0, 215, 210), msg(205, 'IS1', DESKTOP, 'EventRevoked'), msg(212, DESKTOP, 'IS1', 'RequestAccept')];
  assert.match(racedAnswers(trace(entries))[0].text, /was to answer seq 2 EventInvite at once, and its RequestAccept \(seq 5\) reached IS1 212 ms later than that, after seq 4 EventRevoked$/);
});

test('no race: a late answer nothing came before, a late answer no lag explains, an answer on time', () => {
  // Late, but the server sent the desktop nothing meanwhile: the flow is the same.
  assert.deepEqual(racedAnswers(trace([policy('reject', 100), msg(0, 'IS1', DESKTOP, 'EventInvite'), lag(90, 240, 160), msg(250, DESKTOP, 'IS1', 'RequestReject'), msg(255, 'IS1', DESKTOP, 'EventAck')])), []);
  // No lag measured: the desktop is not late by the harness's fault; the verdict stands.
  assert.deepEqual(racedAnswers(trace(rejectAfterRevoke(250, false))), []);
  // More late than the lag explains.
  assert.deepEqual(racedAnswers(trace(rejectAfterRevoke(400))), []);
  // An ignoring desktop does not answer: nothing to race.
  assert.deepEqual(racedAnswers(trace(rejectAfterRevoke(250, true, policy('ignore')))), []);
});

test('a desktop outside the harness process answers on its own clock: not the harness\'s race', () => {
  const sut = REFERENCE.map((p) => (p.name === DESKTOP ? { ...p, binding: 'sut' as const } : p));
  assert.deepEqual(racedAnswers(trace(rejectAfterRevoke(250), sut)), []);
});

/** A failed result whose one instance diverged at a message of time `t` (observed, or `after` for a missing step). */
function failed(t: number, kind: 'observed' | 'after' = 'observed', problems = 0): MatchResult {
  const ref = { seq: 9, t, from: 'IS1', to: DESKTOP, protocol: 'InteractionManagement', message: 'EventRevoked' };
  return {
    verdict: 'fail', instances: [{ verdict: 'fail', divergence: { kind: kind === 'observed' ? 'order' : 'missing', expected: '', [kind]: ref } }],
    problems: Array.from({ length: problems }, () => ({ seq: 1, violations: [] })),
  } as unknown as MatchResult;
}

test('a failure at or after the raced answer was due is the race\'s doing; one before it, or a trace problem, is not', () => {
  const t = trace(rejectAfterRevoke(250));
  assert.match(racedFailure(t, failed(205)) ?? '', /^harness overloaded: event loop lagged 160 ms: Agent1's desktop was to answer/);
  assert.match(racedFailure(t, failed(120, 'after')) ?? '', /^harness overloaded/);
  // The server left something out while inviting, before the answer was due: that fails whatever the desktop did.
  assert.equal(racedFailure(t, failed(50)), undefined);
  assert.equal(racedFailure(t, failed(50, 'after')), undefined);
  assert.equal(racedFailure(t, failed(205, 'observed', 1)), undefined);
  // No race, nothing to excuse.
  assert.equal(racedFailure(trace(rejectAfterRevoke(250, false)), failed(205)), undefined);
});
