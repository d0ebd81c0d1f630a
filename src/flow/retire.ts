import type { TraceMessage } from '../trace/types.ts';
import { finishInstance } from './instance-result.ts';
import type { FinishContext } from './instance-result.ts';
import type { InstanceResult } from './result.ts';
import { fitPattern } from './fit.ts';
import type { InstanceRun } from './instance-run.ts';
import { beforeTolerance, timerTolerance } from './model.ts';
import type { StepTiming } from './model.ts';
import type { ReadyItem } from './step-program.ts';
import { findLink } from './thread.ts';
import type { RunContext, Thread } from './thread.ts';

/**
 * When a streamed check may retire an instance: reduce it to its result and drop its working state
 * (threads, match links, own messages, the entries kept for it) so that memory follows the open
 * instances, not the trace.
 *
 * finishInstance judges an instance with a thread that reached the end of the variant by its accepted
 * threads alone. Those threads wait for nothing; what could still change their judgement is a never
 * window still open (a later message may be forbidden, or the trace may end inside it). The other
 * threads are ignored by that judgement unless they could still reach the end: a thread that waits only
 * for steps whose deadline (after or before a timer, within N ms) has passed never moves again — a late
 * message of its instance kills it (instance-run.ts #timing), one offered from outside leaves it. So an
 * instance whose every thread is accepted or so stranded, and whose every window has closed, has one of
 * two results whatever the rest of the trace: the one it has now, or — once any message reaches it (one
 * of its own, or one offered because it waits for that name) — the one it has when the closed windows
 * are dropped and the accepted threads that differed only in them merge (InstanceRun.windowsClosed).
 * The retired run keeps both, and switches once.
 *
 * It also keeps its stranded threads' ready steps: Attempts asks runs whether they would take a message,
 * to route it to the right attempt, and a late message of the instance must still kill such a thread
 * for that answer to stay right. The proof leans on the trace's times: every later entry must come
 * after `bound` (the last deadline, lag allowance included). Traces are recorded in time order, but
 * stamps taken on receipt can go back a little: the caller checks each later entry, and a trace that
 * breaks the premise is checked again without retiring.
 */

/**
 * The time after which the run's result can no longer change (see above), or undefined when it can:
 * no thread reached the end, a window has no end, or some waiting step has no deadline. `allowance`:
 * the most the trace's lag can excuse of a late message (lag.ts), 0 without lag notes.
 */
export function finalAfter(run: InstanceRun, allowance: number): number | undefined {
  if (run.overflow || run.retired) return undefined;
  let accepted = false;
  let bound = -Infinity;
  for (const th of run.threads) {
    for (const w of th.watches) {
      if (w.until === Infinity) return undefined;
      bound = Math.max(bound, w.until);
    }
    if (th.cont === null) {
      accepted = true;
      continue;
    }
    for (const item of th.ready) {
      const due = lastDeadline(run, th, item);
      if (due === undefined) return undefined;
      bound = Math.max(bound, due + allowance);
    }
  }
  return accepted ? bound : undefined;
}

/**
 * The latest of a ready step's deadlines (instance-run.ts #timing checks within, then after, then
 * before, and reports the first that fails: past all of them, the first it checks fails, and by more
 * than the lag can excuse once `allowance` is added). Undefined when it has none that applies yet.
 */
function lastDeadline(run: InstanceRun, th: Thread, item: ReadyItem): number | undefined {
  const tm = item.step.timing;
  if (!tm) return undefined;
  // Asked after every move of every instance: no closure, no array.
  let due = -Infinity;
  if (tm.within !== undefined && th.matched) due = th.lastT + tm.within;
  if (tm.after) due = Math.max(due, timerDeadline(run, th, tm.after, timerTolerance));
  if (tm.before) due = Math.max(due, timerDeadline(run, th, tm.before, beforeTolerance));
  return due === -Infinity ? undefined : due;
}

/** When a timer counted from a step's match, tolerance included, has run out; -Infinity when it has not started. */
function timerDeadline(run: InstanceRun, th: Thread, spec: NonNullable<StepTiming['after']>, tolerance: (timer: number) => number): number {
  const since = findLink(th, spec.since);
  const timer = run.ctx.timers[spec.timer];
  return since && timer !== undefined ? since.t + timer + (spec.tolerance ?? tolerance(timer)) : -Infinity;
}

/** What a retired run keeps of a thread that waits past its deadlines: what fitPattern reads of it. */
export interface StrandedThread extends Pick<Thread, 'captures' | 'parts'> {
  ready: ReadonlyArray<Pick<ReadyItem, 'step' | 'scope'>>;
}

/**
 * What a retired run keeps of its threads: the stranded ones, for Attempts' question (InstanceRun.fits)
 * — their ready steps, captures and bindings, not where they are in the model nor what they matched.
 * Accepted threads wait for nothing, and every window has closed.
 */
export function stranded(threads: readonly Thread[]): StrandedThread[] {
  return threads
    .filter((th) => th.cont !== null)
    .map((th) => ({ captures: th.captures, parts: th.parts, ready: th.ready.map(({ step, scope }) => ({ step, scope })) }));
}

function fits(ctx: RunContext, th: StrandedThread, msg: TraceMessage): boolean {
  return th.ready.some((item) => item.step.message === msg.message && fitPattern(ctx, item.step, item.scope, msg, th)?.ok);
}

/** InstanceRun.fits of a retired run: its windows have closed, so only a stranded thread's ready step can. */
export function strandedFits(ctx: RunContext, threads: readonly StrandedThread[], msg: TraceMessage): boolean {
  return threads.some((th) => fits(ctx, th, msg));
}

/**
 * A message of a retired run's instance: the stranded threads it fits die, late (instance-run.ts
 * #feed kills a thread whose only fitting steps come too late); the others stay as they are, as every
 * thread does for a message offered from outside the instance.
 */
export function strandedAfter(ctx: RunContext, threads: StrandedThread[], msg: TraceMessage, own: boolean): StrandedThread[] {
  if (!own || !strandedFits(ctx, threads, msg)) return threads;
  return threads.filter((th) => !fits(ctx, th, msg));
}

/**
 * A run's two results at retirement (see the top): as it stands, and once a message reaches it — its
 * closed windows dropped and the threads that differed only in them merged. Judged once when nothing
 * merges and every window closed by `fc.endT`: the threads are then the same, in the same order, and a
 * window closed by then is not read by finishInstance (only one still open at the end makes an inconc).
 */
export function retirementResults(run: InstanceRun, key: Record<string, unknown>, fc: FinishContext): { result: InstanceResult; reached: InstanceResult } {
  const result = finishInstance(run, key, fc);
  const closed = run.windowsClosed();
  // Shelved takers close with their newest sibling and merge into it: `closed` needs no shelf.
  if (closed === undefined || (run.shelved === 0 && closed.length === run.threads.length && closedBy(run.threads, fc.endT))) return { result, reached: result };
  return { result, reached: finishInstance(run, key, fc, closed) };
}

function closedBy(threads: readonly Thread[], t: number): boolean {
  for (const th of threads) for (const w of th.watches) if (!(w.until <= t)) return false;
  return true;
}
