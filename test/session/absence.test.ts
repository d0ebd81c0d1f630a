import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeAbsence } from '../../src/session/absence.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';

/** "No EventRouteUsed reaches URS within 100 ms", judged on traces written by hand: the window opens at 400 ms. */

let seq = 0;
const msg = (t: number, message = 'EventRouteUsed', to = 'URS', alias?: string): TraceEntry => ({
  type: 'message', seq: ++seq, t, from: 'IS1', to, connection: 'c1', protocol: 'TLibrary', message, ...(alias ? { alias } : {}), attributes: {}, violations: [],
});
const lag = (from: number, to: number, ms: number): TraceEntry => ({
  type: 'note', seq: ++seq, t: to, kind: 'lag', text: `harness event loop lagged ${ms} ms`, data: { source: 'harness', from, to, lag: ms, period: 10 },
});

function trace(...entries: TraceEntry[]): Trace {
  return {
    header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '2025-01-06T09:00:00.000Z', participants: [] },
    entries: entries.map((e, i) => ({ ...e, seq: i + 1 })),
  };
}

const judge = (t: Trace) => judgeAbsence(t, { message: 'EventRouteUsed', to: 'URS', from: 400, ms: 100 });

test('a message inside the window fails, saying where in the window it came', () => {
  const r = judge(trace(msg(395, 'EventInvite', 'Agent1'), msg(450)));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.verdict === 'fail' && r.text, 'EventRouteUsed reached URS at seq 2 (from IS1, 450 ms into the run), 50 ms into the 100 ms window in which none may (from 400 ms)');
});

test('the window is N ms of trace time: a message after it passes, however long the wait took; one before it too', () => {
  assert.deepEqual(judge(trace(msg(399), msg(501), msg(606))), { verdict: 'pass' });
  // Another message, another recipient: not what the step forbids.
  assert.deepEqual(judge(trace(msg(450, 'EventAck'), msg(450, 'EventRouteUsed', 'Stat Server'))), { verdict: 'pass' });
});

test('a message sent under a catalog alias counts', () => {
  assert.equal(judge(trace(msg(450, 'EventRouteUsed', 'URS', 'EventRouteUse'))).verdict, 'fail');
  assert.equal(judgeAbsence(trace(msg(450, 'EventRouteUsed', 'URS', 'EventRouteUse')), { message: 'EventRouteUse', to: 'URS', from: 400, ms: 100 }).verdict, 'fail');
});

test('near the start, within the lag measured after the window opened: it may have been due before — inconc', () => {
  const r = judge(trace(msg(200, 'EventInvite', 'Agent1'), lag(380, 425, 40), msg(430)));
  assert.equal(r.verdict, 'inconc');
  assert.equal(r.verdict === 'inconc' && r.text,
    'harness overloaded: event loop lagged 40 ms around seq 3: EventRouteUsed reached URS at seq 3 (from IS1, 430 ms into the run), 30 ms into the 100 ms window in which none may (from 400 ms); it may have been due before the window opened');
  // Further in than the lag (plus one period) explains: a failure, the lag named.
  const far = judge(trace(lag(380, 425, 40), msg(460)));
  assert.equal(far.verdict, 'fail');
  assert.match(far.verdict === 'fail' ? far.text : '', /; the harness's event loop lagged at most 40 ms there, which does not explain 60 ms$/);
});

test('near the end, after the harness lagged between the last message and the window opening: the window may have opened late — inconc', () => {
  // The invite at 200; the harness stalled 150 ms before the step ran at 400; the message 20 ms before the end.
  const r = judge(trace(msg(200, 'EventInvite', 'Agent1'), lag(220, 390, 150), msg(480)));
  assert.equal(r.verdict, 'inconc');
  assert.match(r.verdict === 'inconc' ? r.text : '', /^harness overloaded: event loop lagged 150 ms before the window opened: .*; the window may have opened that much late$/);
  // The same stall before an earlier message does not delay this window.
  assert.equal(judge(trace(lag(220, 390, 150), msg(395, 'EventInvite', 'Agent1'), msg(480))).verdict, 'fail');
});

test('one excused message does not excuse another: the one the lag does not explain fails the step', () => {
  const r = judge(trace(lag(380, 425, 40), msg(430), msg(470)));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.verdict === 'fail' && r.seen.t, 470);
});

/** The same step after a stimulus that began at 400 and was done at 420: the window is 400 to 520. */
const afterStimulus = (t: Trace) => judgeAbsence(t, { message: 'EventRouteUsed', to: 'URS', from: 400, ended: 420, ms: 100 });

test('after a stimulus, the window opens when it began: a message sent before it was done fails, saying so', () => {
  const r = afterStimulus(trace(msg(395, 'EventInvite', 'Agent1'), msg(401), msg(419, 'EventAck', 'Agent1')));
  assert.equal(r.verdict, 'fail');
  assert.equal(r.verdict === 'fail' && r.text,
    'EventRouteUsed reached URS at seq 2 (from IS1, 401 ms into the run), 1 ms after the last stimulus began, inside the window in which none may (from 400 ms, when it began, to 520 ms, 100 ms after it was done at 420 ms)');
});

test('after a stimulus, the window lasts N ms past its end: a message before it began or after that passes', () => {
  assert.deepEqual(afterStimulus(trace(msg(399), msg(521))), { verdict: 'pass' });
  assert.equal(afterStimulus(trace(msg(515))).verdict, 'fail');
});

test('after a stimulus, a lag before it was done may have closed the window late — inconc near the end, named so', () => {
  // The stimulus's answer at 405; the harness stalled 100 ms until 418, just before it saw the stimulus done; the
  // message 5 ms before the end, 115 ms after the start: further in than the stall explains from the start.
  const r = afterStimulus(trace(msg(200, 'EventInvite', 'Agent1'), msg(405, 'EventAck', 'Agent1'), lag(318, 418, 100), msg(515)));
  assert.equal(r.verdict, 'inconc');
  assert.match(r.verdict === 'inconc' ? r.text : '', /^harness overloaded: event loop lagged 100 ms before the last stimulus was done: .*; the window may have closed that much late$/);
  // With no message before the stimulus was done, nothing it could have come late after: it fails.
  assert.equal(afterStimulus(trace(lag(318, 418, 100), msg(515))).verdict, 'fail');
});
