import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyOutcome } from '../../bench/any-outcome.ts';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import { Matching } from '../../src/flow/trace-matching.ts';
import type { RetireOptions } from '../../src/flow/trace-matching.ts';
import type { Trace } from '../../src/trace/types.ts';

// The bookkeeping of a Matching that keeps entries as they come (a streamed check): an instance whose
// result is final is retired — its threads, its own entries and the entries kept for it are released —
// and the result is the one the whole trace in memory gives.

const model = anyOutcome((await loadModel('scenarios/deliver-interaction-to-agent.yaml')).model!);
const opts = { variant: 'any-outcome', timers: { delivering: 200 } };

function streamed(trace: Trace, retire: RetireOptions | undefined): { m: Matching; after: Matching['bookkeeping'][]; result: MatchResult } {
  const skeleton = { ...trace, entries: trace.entries.filter((e) => e.type !== 'message') };
  const m = Matching.start(model, skeleton, opts, { entries: trace.entries.length, messages: trace.entries.length }, undefined, retire);
  assert.ok(m instanceof Matching);
  const after: Matching['bookkeeping'][] = [];
  trace.entries.forEach((e, i) => {
    m.feed(i, e);
    if ((i + 1) % 1000 === 0) after.push(m.bookkeeping);
  });
  const last = trace.entries[trace.entries.length - 1];
  const result = m.finish({ lastT: last.t, footer: trace.footer, problemEntries: trace.entries });
  assert.notEqual(result, 'refill');
  return { m, after, result: result as MatchResult };
}

test('a finished instance is retired: its working state and the entries kept for it are released', () => {
  const { trace, interactions } = syntheticTrace({ messages: 10_000, timerMs: 200 });
  const kept = streamed(trace, undefined);
  const retiring = streamed(trace, { slackMs: 0, every: 1 });
  assert.equal(kept.m.bookkeeping.retired, 0);
  // Without retiring, every message of every instance stays (13 each); retiring, only the open ones'.
  assert.ok(kept.m.bookkeeping.kept >= 13 * interactions, `${kept.m.bookkeeping.kept} kept`);
  const b = retiring.m.bookkeeping;
  assert.equal(b.runs, interactions);
  assert.ok(b.retired >= interactions - 20, `${b.retired} of ${interactions} retired`);
  assert.equal(b.retiredHold, 0, 'a retired run still holds threads, own entries or a dead thread');
  // What is kept follows the open instances: flat along the trace, not growing with it.
  const keptAlong = retiring.after.map((a) => a.kept);
  assert.ok(Math.max(...keptAlong) < 13 * 40, `kept along the trace: ${keptAlong.join(' ')}`);
  assert.ok(keptAlong[keptAlong.length - 2] < 2 * keptAlong[1] + 50, `kept along the trace: ${keptAlong.join(' ')}`);
  assert.deepEqual(retiring.result, kept.result);
  assert.deepEqual(retiring.result, matchTrace(model, trace, opts));
});

test('a Matching over the whole trace in memory never retires', () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200 });
  const m = Matching.start(model, trace, opts, { entries: trace.entries.length, messages: trace.entries.length }, trace.entries, { slackMs: 0, every: 1 });
  assert.ok(m instanceof Matching);
  trace.entries.forEach((e, i) => m.feed(i, e));
  assert.equal(m.bookkeeping.retired, 0);
});
