import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { ALIGNMENT_MS, withHarnessLag } from '../../src/load/harness-lag.ts';
import type { TraceNote } from '../../src/trace/types.ts';
import { TraceBuilder, def, m } from '../flow/matcher-kit.ts';

// The server's trace starts at 09:00:00.000 (matcher-kit); the harness's 1.5 s earlier, so its clock
// reads 1,500 ms more for the same instant.
const HARNESS_STARTED = '2025-01-06T08:59:58.500Z';
const OFFSET = -1500;

/** EventInvite at 0, EventRevoked when the 200 ms delivering timer expires (give or take 100 ms). */
const timeout = (): FlowModel =>
  def(() => [
    m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }, { id: 'invite' }),
    m('ixn', 'agent', 'EventRevoked', { Interaction: { InteractionId: '$i' } }, { timing: { after: { timer: 'delivering', since: 'invite' } } }),
    m('ixn', 'agent', 'EventAck'),
  ], { timers: { delivering: 200 } });

/** The server's trace: invite at 0, a revoke 489 ms later (189 ms past what the timer allows), its ack. */
function serverTrace() {
  return new TraceBuilder()
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'X' } }, { t: 0 })
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: 489 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { t: 494 })
    .trace(1500);
}

function lagNote(from: number, to: number, lag: number): TraceNote {
  return { type: 'note', seq: 40, t: to, kind: 'lag', text: `harness event loop lagged ${lag} ms`, data: { source: 'harness', from, to, lag, period: 10 } };
}

test("the harness's lag, moved onto the server trace's clock, excuses the lateness it explains there: inconc, not fail", () => {
  const trace = serverTrace();
  assert.equal(matchTrace(timeout(), trace, { variant: 'v' }).verdict, 'fail');
  // Harness clock 1,600–1,980 ms is the server's 100–480 ms.
  const moved = withHarnessLag(trace, [lagNote(1600, 1980, 380)], HARNESS_STARTED);
  const r = matchTrace(timeout(), moved, { variant: 'v' });
  assert.equal(r.verdict, 'inconc');
  assert.match(r.summary, /harness overloaded: event loop lagged 380 ms/);
});

test('lag elsewhere on the harness clock excuses nothing: the same trace still fails', () => {
  // The same stall, 5 s later on either clock.
  const moved = withHarnessLag(serverTrace(), [lagNote(6600, 6980, 380)], HARNESS_STARTED);
  assert.equal(matchTrace(timeout(), moved, { variant: 'v' }).verdict, 'fail');
});

test('moved notes keep the order of time, take fresh sequence numbers, and widen by the alignment', () => {
  const trace = serverTrace();
  const moved = withHarnessLag(trace, [lagNote(1900, 2000, 50), lagNote(1600, 1700, 30)], HARNESS_STARTED);
  assert.deepEqual(moved.entries.map((e) => e.t), [0, 200, 489, 494, 500]);
  const seqs = moved.entries.map((e) => e.seq);
  assert.equal(new Set(seqs).size, seqs.length);
  const notes = moved.entries.filter((e) => e.type === 'note');
  assert.deepEqual(notes.map((n) => [n.data?.from, n.data?.to]), [
    [1600 + OFFSET - ALIGNMENT_MS, 1700 + OFFSET + ALIGNMENT_MS],
    [1900 + OFFSET - ALIGNMENT_MS, 2000 + OFFSET + ALIGNMENT_MS],
  ]);
  // The server's own entries are untouched, and nothing to move gives the trace back as it was.
  assert.deepEqual(moved.entries.filter((e) => e.type === 'message'), trace.entries);
  assert.equal(withHarnessLag(trace, [], HARNESS_STARTED), trace);
});
