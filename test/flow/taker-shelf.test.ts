import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../../src/catalog/types.ts';
import { InstanceRun } from '../../src/flow/instance-run.ts';
import { LagProfile } from '../../src/flow/lag.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { StepProgram } from '../../src/flow/step-program.ts';
import type { RunContext } from '../../src/flow/thread.ts';
import type { Trace, TraceMessage } from '../../src/trace/types.ts';
import { TraceBuilder, def, m, never } from './matcher-kit.ts';

// An instance stuck before a step that a broadcast fits (an EventAck no correlation value ties to it)
// forks on every such broadcast; the takers that differ only in when their never windows opened are
// shelved (taker-shelf.ts): the run keeps a bounded number of threads, and its result — verdict, the
// thread it names, a dead thread's divergence — is the one it had when it kept them all.

/** Route, invite, then an EventAck to the agent that ends the variant and opens a never window of `windowMs`. */
const stuckOnAck = (windowMs: number): FlowModel =>
  def(() => [
    m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }),
    m('ixn', 'agent', 'EventInvite', { Interaction: { InteractionId: '$i' } }),
    m('ixn', 'agent', 'EventAck'),
    never('ixn', 'agent', 'EventRevoked', { Interaction: { InteractionId: '$i' } }, { kind: 'ms', ms: windowMs }),
  ], { correlate: ['i'] });

/** Interaction A's opening, then `acks` EventAcks to its agent (no referenceId: broadcasts), 10 ms apart. */
function acksTrace(acks: number, after?: (b: TraceBuilder) => void): TraceBuilder {
  const b = new TraceBuilder();
  b.msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'A' });
  b.msg('IS1', 'Agent1', 'EventInvite', { Interaction: { InteractionId: 'A' } });
  for (let k = 0; k < acks; k++) b.msg('IS1', 'Agent1', 'EventAck');
  after?.(b);
  return b;
}

const ROLE_OF = new Map<string, Role>([['URS1', 'URS'], ['IS1', 'InteractionServer'], ['Agent1', 'AgentApplication'], ['Stat1', 'StatServer']]);

/** One run of the model fed the trace directly, EventAcks as broadcasts: the thread count after each message. */
function threadCounts(model: FlowModel, trace: Trace): { run: InstanceRun; counts: number[] } {
  const ctx: RunContext = {
    model, program: new StepProgram(model.variants.v.phases.map((id) => model.phases[id].body), new Map()), entries: trace.entries,
    roleOf: ROLE_OF, pinned: {}, pinnedNames: new Set(), timers: model.timers, origin: undefined, initialCaptures: {}, lag: LagProfile.of(trace),
  };
  const run = new InstanceRun(ctx, 0, trace.entries[0].t);
  const counts: number[] = [];
  trace.entries.forEach((e, i) => {
    if (e.type !== 'message') return;
    run.feed(i, e, e.message !== 'EventAck');
    counts.push(run.threads.length);
  });
  return { run, counts };
}

test('a run stuck before a step every broadcast fits keeps a bounded number of threads, however many broadcasts come', () => {
  // Windows of 100 s: without the shelf, every one of the 300 takers stays open to the end.
  const { counts } = threadCounts(stuckOnAck(100_000), acksTrace(300).trace());
  assert.ok(Math.max(...counts) <= 3, `threads along the trace: max ${Math.max(...counts)}, last ${counts[counts.length - 1]}`);
});

test('takers whose windows a lag note reaches are not shelved: the lag may excuse a forbidden message for one and not another', () => {
  const b = acksTrace(30);
  b.lag(0, 1000, 50);
  const { run, counts } = threadCounts(stuckOnAck(100_000), b.trace());
  assert.equal(run.shelved, 0);
  assert.ok(counts[counts.length - 1] >= 30, `threads at the end: ${counts[counts.length - 1]}`);
});

test('the trace ends inside the newest takers\' windows: the result names the newest taker whose window has ended, as without the shelf', () => {
  // Acks at 30, 40, … 2020 ms; windows of 50 ms; the trace ends at 2035: acks up to 1980 have had theirs end.
  const trace = acksTrace(200).trace(2035);
  const { run } = threadCounts(stuckOnAck(50), trace);
  assert.ok(run.shelved > 0, 'nothing was shelved: the test proves nothing');
  const r = matchTrace(stuckOnAck(50), trace, { variant: 'v' });
  const ack = r.instances[0].matched.find((s) => s.step.describe === 'ixn → agent EventAck');
  assert.equal(r.instances[0].verdict, 'pass');
  assert.equal(ack?.t, 1980);
  // Cut right inside the newest window, with none ended: inconc, on the newest taker's window.
  const cut = matchTrace(stuckOnAck(5000), trace, { variant: 'v' });
  assert.equal(cut.instances[0].verdict, 'inconc');
  assert.equal(cut.instances[0].matched.at(-1)?.t, 2020);
  assert.match(cut.instances[0].reason ?? '', /the trace ends 15 ms into a 5000 ms window of never ixn → agent EventRevoked/);
});

test('a forbidden message kills the takers whose windows are open and leaves those whose windows ended: the newest of those passes', () => {
  // Acks at 30 … 1020 ms, windows of 100 ms; EventRevoked at 1030 ms kills those of acks from 930 on.
  const revoke = (b: TraceBuilder) => b.msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'A' } });
  const trace = acksTrace(100, revoke).trace(5000);
  const r = matchTrace(stuckOnAck(100), trace, { variant: 'v' });
  assert.equal(r.instances[0].verdict, 'pass');
  assert.equal(r.instances[0].matched.at(-1)?.t, 920);
  // Every taker's window open when it comes: all die, and the divergence is the newest one's.
  const all = matchTrace(stuckOnAck(100_000), trace, { variant: 'v' });
  const d = all.instances[0];
  assert.equal(d.verdict, 'fail');
  assert.equal(d.divergence?.kind, 'forbidden');
  assert.equal(d.divergence?.observed?.seq, 103);
  assert.equal(d.divergence?.after?.seq, 102, 'the divergence names the newest taker: the last EventAck before the revoke');
  assert.match(d.divergence?.detail ?? '', /^10 ms after seq 102 /);
});

test('shelved takers come back as their windows end, and merge as they would have: one thread per place', () => {
  const trace = acksTrace(100).trace();
  const { run, counts } = threadCounts(stuckOnAck(200), trace);
  // Past the first window's end, the ended ones are one thread; the open ones at most two, the rest shelved.
  assert.ok(Math.max(...counts) <= 4, `threads along the trace: ${counts.join(' ')}`);
  assert.ok(run.shelved > 0 && run.shelved <= 20, `${run.shelved} shelved`);
  assert.equal((trace.entries.at(-1) as TraceMessage).t, 1020);
});
