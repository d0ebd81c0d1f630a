import type { TraceMessage } from '../trace/types.ts';
import { describeExpected, ms, observedRef, stepRef } from './describe.ts';
import { overloadText, shortText } from './lag.ts';
import { beforeTolerance, timerTolerance } from './model.ts';
import type { MessageStep } from './model.ts';
import type { LagDoubt } from './result.ts';
import { findLink } from './thread.ts';
import type { MatchLink, RunContext, Thread } from './thread.ts';

/**
 * A message step's timing (within N ms, after or before a timer) judged for a message that otherwise
 * fits it, with the lag's excuse for a miss (lag.ts): what InstanceRun asks before a thread takes it.
 */

/**
 * Whether a message that fits a step otherwise comes at the wrong time: undefined when it is on time;
 * `doubt` when it misses by no more than the lag measured around it explains (lag.ts); else the words
 * for a timing divergence — naming the lag, when some was measured but not enough.
 */
export function timingMiss(ctx: RunContext, step: MessageStep, th: Thread, msg: TraceMessage): { detail: string } | { doubt: LagDoubt } | undefined {
  const tm = step.timing;
  if (!tm) return undefined;
  if (tm.within !== undefined && th.matched && msg.t - th.lastT > tm.within) {
    const detail = `seq ${msg.seq} came ${ms(msg.t - th.lastT)} after seq ${th.matched.seq}, later than the ${tm.within} ms allowed`;
    return excuse(ctx, step, th, msg, th.matched, detail, msg.t - th.lastT - tm.within, true);
  }
  if (tm.after) {
    const since = findLink(th, tm.after.since);
    const timer = ctx.timers[tm.after.timer];
    if (since && timer !== undefined) {
      const tol = tm.after.tolerance ?? timerTolerance(timer);
      const elapsed = msg.t - since.t;
      if (Math.abs(elapsed - timer) > tol) {
        const late = elapsed > timer;
        const detail = `seq ${msg.seq} came ${ms(elapsed)} after seq ${since.seq} (step ${tm.after.since}), ${late ? 'too late' : 'too early'}: timer ${tm.after.timer} expires after ${timer} ms, give or take ${Math.round(tol)} ms`;
        return excuse(ctx, step, th, msg, since, detail, Math.abs(elapsed - timer) - tol, late);
      }
    }
  }
  if (tm.before) {
    const since = findLink(th, tm.before.since);
    const timer = ctx.timers[tm.before.timer];
    if (since && timer !== undefined) {
      const tol = tm.before.tolerance ?? beforeTolerance(timer);
      const elapsed = msg.t - since.t;
      if (elapsed > timer + tol) {
        const detail = `seq ${msg.seq} came ${ms(elapsed)} after seq ${since.seq} (step ${tm.before.since}), after its deadline: timer ${tm.before.timer} expires after ${timer} ms (give or take ${Math.round(tol)} ms), and it must come before`;
        return excuse(ctx, step, th, msg, since, detail, elapsed - timer - tol, true);
      }
    }
  }
  return undefined;
}

/**
 * A miss of `miss` ms between `since` and `msg`: a doubt when the lag explains it. Lag only ever
 * stretches the time between two messages (lag.ts), so an early message is excused only when the one
 * it is counted from was stamped on receipt from another process — that stamp may be late by the lag
 * at that moment, which makes the interval look short.
 */
function excuse(ctx: RunContext, step: MessageStep, th: Thread, msg: TraceMessage, since: MatchLink, detail: string, miss: number, late: boolean): { detail: string } | { doubt: LagDoubt } {
  const lag = ctx.lag;
  const sinceMsg = ctx.entries[since.entry] as TraceMessage;
  let verdict;
  if (late) verdict = lag.explain(since.t, msg.t, miss);
  else if (lag.receiptStamped.has(sinceMsg.from)) verdict = lag.explain(since.t, since.t, miss);
  if (verdict && 'explained' in verdict) {
    const w = verdict.explained.window;
    return {
      doubt: {
        kind: 'timing',
        step: stepRef(step, ctx.origin),
        expected: describeExpected(step, th.captures),
        observed: observedRef(msg),
        after: observedRef(sinceMsg),
        detail: `${detail}; a lag of ${Math.round(w.lag)} ms explains up to ${Math.round(verdict.explained.allowance)} ms of it`,
        lag: { source: w.source, ms: w.lag, from: w.from, to: w.to },
        reason: `${overloadText(w)} between seq ${since.seq} and seq ${msg.seq}`,
      },
    };
  }
  return { detail: verdict ? `${detail}; ${shortText(verdict.short, miss)}` : detail };
}
