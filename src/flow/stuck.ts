import type { TraceMessage } from '../trace/types.ts';
import { beforeTolerance, timerTolerance } from './model.ts';
import type { Divergence, Pending } from './result.ts';
import { describeExpected, describeObserved, describePattern, duration, invertParticipants, ms, observedRef, stepRef } from './describe.ts';
import { messageKey } from './correlate.ts';
import { fitPattern } from './fit.ts';
import type { FinishContext } from './instance-result.ts';
import type { InstanceRun } from './instance-run.ts';
import { readyKey, readySince } from './readiness.ts';
import type { ReadyItem } from './step-program.ts';
import { findLink } from './thread.ts';
import type { MatchLink, Thread } from './thread.ts';

/**
 * The verdict of an instance none of whose threads reached the end: what it waited for, and whether the
 * trace shows a divergence or only stops. Every step the furthest threads wait for is a candidate; the
 * one reported is, in this order: a message that fits it in all but its attributes (after the step
 * became ready), a fitting message that came before the step it must follow (after the instance began),
 * a step whose message never came — one every furthest thread needs before an optional one nearby —
 * and, last, a step whose message a cut trace may have lost. Only when that last kind is all there is
 * does the cut decide: inconc, naming what was still to come.
 */

export function namesOf(run: InstanceRun, th: Thread): Record<string, string> {
  return invertParticipants({ ...run.ctx.pinned, ...th.parts });
}

/** The instance's own entries merged with the broadcasts of one message, strictly between two entry indexes. */
function* entriesOf(run: InstanceRun, fc: FinishContext, key: string, after: number, before: number): Generator<number> {
  const a = run.own;
  const b = fc.broadcasts.get(key) ?? [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const e = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
    if (e <= after) continue;
    if (e >= before) return;
    yield e;
  }
}

export type StuckOutcome = { verdict: 'fail'; thread: Thread; divergence: Divergence } | { verdict: 'inconc'; thread: Thread; pending: Pending; reason: string };

interface Candidate {
  thread: Thread;
  divergence: Divergence;
  /** 0 attributes, 1 order, 2 missing (needed by every furthest thread), 3 missing (optional), 4 hidden by the cut. */
  rank: number;
  hidden?: { pending: Pending; reason: string };
}

/** When the step was due, if it has a deadline, and the words for it. */
function deadline(run: InstanceRun, th: Thread, item: ReadyItem): { due: number; why: (endT: number) => string } | undefined {
  const tm = item.step.timing;
  if (tm?.after) {
    const since = findLink(th, tm.after.since);
    const timer = run.ctx.timers[tm.after.timer];
    if (since && timer !== undefined) {
      const tol = tm.after.tolerance ?? timerTolerance(timer);
      return { due: since.t + timer + tol, why: (endT) => `the trace ends at ${ms(endT)}, before the ${tm.after!.timer} timer of ${duration(timer)} could expire` };
    }
  }
  if (tm?.before) {
    const since = findLink(th, tm.before.since);
    const timer = run.ctx.timers[tm.before.timer];
    if (since && timer !== undefined) {
      const tol = tm.before.tolerance ?? beforeTolerance(timer);
      return { due: since.t + timer + tol, why: (endT) => `the trace ends at ${ms(endT)}, before the deadline of the ${tm.before!.timer} timer (${duration(timer)}) ran out` };
    }
  }
  if (tm?.within !== undefined && th.matched) {
    const prev = th.matched;
    return { due: th.lastT + tm.within, why: (endT) => `the trace ends at ${ms(endT)}, before the ${tm.within} ms allowed after seq ${prev.seq} ran out` };
  }
  return undefined;
}

function candidate(run: InstanceRun, th: Thread, item: ReadyItem, since: MatchLink | null, required: boolean, fc: FinishContext): Candidate {
  const { entries, origin } = run.ctx;
  const names = namesOf(run, th);
  const sinceMsg = since ? observedRef(entries[since.entry] as TraceMessage) : undefined;
  const base = { step: stepRef(item.step, origin), expected: describeExpected(item.step, th.captures), after: sinceMsg };
  const key = messageKey(item.step.protocol, item.step.message);
  const taken = new Set<number>();
  let first = -1;
  for (let l = th.matched; l; l = l.prev) {
    taken.add(l.entry);
    first = l.entry;
  }
  for (const e of entriesOf(run, fc, key, since ? since.entry : -1, Infinity)) {
    if (taken.has(e)) continue;
    const msg = entries[e] as TraceMessage;
    const fit = fitPattern(run.ctx, item.step, item.scope, msg, th, true);
    if (fit && fit.diffs.length > 0) return { thread: th, rank: 0, divergence: { ...base, kind: 'attributes', observed: observedRef(msg), diffs: fit.diffs } };
  }
  // Only messages of the instance count: one from before it began (its first match; for an uncorrelated
  // model, the trace's start) belongs to something else, such as a registration's EventAck.
  if (since && sinceMsg) {
    const began = run.ctx.model.correlate.length > 0 ? first : -1;
    for (const e of entriesOf(run, fc, key, began, since.entry)) {
      if (taken.has(e)) continue;
      const msg = entries[e] as TraceMessage;
      if (!fitPattern(run.ctx, item.step, item.scope, msg, th)?.ok) continue;
      const detail = `${describeObserved(observedRef(msg), names)} came before ${describeObserved(sinceMsg, names)}, which it must follow`;
      return { thread: th, rank: 1, divergence: { ...base, kind: 'order', observed: observedRef(msg), detail } };
    }
  }
  const detail = th.count === 0 && run.own.length === 0 ? `no message matched the first step; the trace has ${fc.messageCount} messages` : 'nothing matching came before the trace ended';
  const divergence: Divergence = { ...base, kind: 'missing', detail };
  if (fc.cut) {
    const d = deadline(run, th, item);
    // A deadline the recorded trace already passed is a real miss: the message would have been recorded before what followed.
    if (!d || d.due > fc.endT) {
      const pending: Pending = { step: base.step, expected: base.expected };
      if (sinceMsg) pending.after = sinceMsg;
      if (d) pending.due = d.due;
      const reason = d ? d.why(fc.endT) : `the trace ends at ${ms(fc.endT)}, cut before ${describePattern(item.step)} could arrive`;
      return { thread: th, rank: 4, divergence, hidden: { pending, reason } };
    }
  }
  return { thread: th, rank: required ? 2 : 3, divergence };
}

/** `furthest`: the live threads that matched most (at least one, each waiting for some step). */
export function judgeStuck(run: InstanceRun, furthest: readonly Thread[], fc: FinishContext): StuckOutcome {
  // A step every furthest thread waits for is needed whichever way the model's choices went.
  const counts = new Map<string, number>();
  for (const th of furthest) for (const k of new Set(th.ready.map(readyKey))) counts.set(k, (counts.get(k) ?? 0) + 1);
  let best: Candidate | undefined;
  for (const th of furthest) {
    const since = readySince(run.ctx.program, th);
    for (const item of th.ready) {
      const k = readyKey(item);
      // Without the replay, the last matched message is the best guess of what the step follows.
      const s = since?.get(k);
      const c = candidate(run, th, item, s === undefined ? th.matched : s, counts.get(k) === furthest.length, fc);
      if (!best || c.rank < best.rank) best = c;
      if (best.rank === 0) break;
    }
    if (best?.rank === 0) break;
  }
  const c = best!;
  if (c.hidden) return { verdict: 'inconc', thread: c.thread, pending: c.hidden.pending, reason: c.hidden.reason };
  return { verdict: 'fail', thread: c.thread, divergence: c.divergence };
}
