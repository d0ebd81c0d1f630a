import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeDisconnect } from '../../src/session/disconnect-check.ts';
import type { DisconnectQuery } from '../../src/session/disconnect-check.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';

/** "IS1 disconnects X when the registration timer (500 ms) expires", judged on traces written by hand. */

const open = (t: number, text = 'connection c1 opened: IS1 ↔ X from 127.0.0.1:5000 on /', participant = 'X', connection = 'c1'): TraceEntry => ({ type: 'note', seq: 0, t, kind: 'connection-open', participant, connection, text });
const close = (t: number, byLocal: boolean, connection = 'c1'): TraceEntry => ({ type: 'note', seq: 0, t, kind: 'connection-close', participant: 'X', connection, text: `connection ${connection} closed`, data: { code: 1008, reason: '', byLocal } });
const lag = (from: number, to: number, ms: number): TraceEntry => ({ type: 'note', seq: 0, t: to, kind: 'lag', text: `lagged ${ms} ms`, data: { source: 'harness', from, to, lag: ms, period: 10 } });

function trace(...entries: TraceEntry[]): Trace {
  return {
    header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '2025-01-06T09:00:00.000Z', participants: [] },
    entries: entries.map((e, i) => ({ ...e, seq: i + 1 })),
  };
}

const q = (over: Partial<DisconnectQuery> = {}): DisconnectQuery => ({ server: 'IS1', client: 'X', timer: 'registration', timerMs: 500, deadline: 3000, now: 1000, ...over });

test('the server closing the connection when the timer expires passes; within the tolerance either side too', () => {
  assert.equal(judgeDisconnect(trace(open(100), close(600, true)), q()).verdict, 'pass');
  assert.equal(judgeDisconnect(trace(open(100), close(520, true)), q()).verdict, 'pass');
  assert.equal(judgeDisconnect(trace(open(100), close(690, true)), q()).verdict, 'pass');
});

test('closed before the timer expired fails, saying when', () => {
  const r = judgeDisconnect(trace(open(100), close(200, true)), q());
  assert.deepEqual(r, { verdict: 'fail', text: 'IS1 closed the connection of X 100 ms after it opened (seq 2), before the registration timer expired: IS1 must close it when the registration timer (500 ms) expires, ±100 ms' });
});

test('closed late fails, unless the harness lagged then: inconc', () => {
  assert.equal(judgeDisconnect(trace(open(100), close(900, true)), q()).verdict, 'fail');
  const r = judgeDisconnect(trace(open(100), lag(590, 880, 280), close(900, true)), q());
  assert.equal(r.verdict, 'inconc');
  assert.match(r.text, /late/);
});

test('closed by the client is not the server disconnecting it', () => {
  const r = judgeDisconnect(trace(open(100), close(600, false)), q());
  assert.equal(r.verdict, 'fail');
  assert.match(r.text, /^X closed its connection to IS1 itself/);
});

test('recorded at the client end (the server external): the close note\'s byLocal is read from that end', () => {
  const clientEnd = 'connection c1 opened: X ↔ IS1 to 127.0.0.1:5000 on /';
  assert.equal(judgeDisconnect(trace(open(100, clientEnd), close(600, false)), q()).verdict, 'pass');
  assert.equal(judgeDisconnect(trace(open(100, clientEnd), close(600, true)), q()).verdict, 'fail');
});

test('still open: pending until the deadline, then a failure; no connection at all fails at once', () => {
  assert.equal(judgeDisconnect(trace(open(100)), q({ now: 1000, deadline: 3000 })).verdict, 'pending');
  const late = judgeDisconnect(trace(open(100)), q({ now: 3100, deadline: 3000 }));
  assert.deepEqual(late, { verdict: 'fail', text: 'the connection of X to IS1 (c1) was still open 3000 ms after it opened: IS1 must close it when the registration timer (500 ms) expires, ±100 ms' });
  const other = judgeDisconnect(trace(open(100, 'connection c1 opened: IS2 ↔ X from 127.0.0.1:5000 on /')), q());
  assert.deepEqual(other, { verdict: 'fail', text: 'no connection between X and IS1 was opened in this scenario' });
});
