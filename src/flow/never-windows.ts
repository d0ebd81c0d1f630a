import type { TraceMessage } from '../trace/types.ts';
import { describeExpected, describeObserved, invertParticipants, ms, observedRef, stepRef } from './describe.ts';
import { patternKey } from './correlate.ts';
import { fitPattern } from './fit.ts';
import { overloadText, shortText } from './lag.ts';
import type { LagAround } from './lag.ts';
import { timerTolerance } from './model.ts';
import type { NeverStep, WindowSpec } from './model.ts';
import type { Divergence, LagDoubt, ObservedRef } from './result.ts';
import type { Scope } from './step-program.ts';
import { makeThread } from './thread.ts';
import type { RunContext, Thread, Watch } from './thread.ts';

/**
 * A thread's open never windows (watches): opened at the thread's last match, closed by time, and
 * checked against each message offered to the thread — a message that fits one kills the thread
 * ('forbidden'), unless the lag may have put it there (lag.ts).
 */

export function windowText(ctx: RunContext, w: WindowSpec): string {
  if (w.kind === 'ms') return `${w.ms} ms window`;
  if (w.kind === 'until-end') return 'window that lasts until the end of the trace';
  const v = ctx.timers[w.timer];
  const margin = windowMargin(w, v);
  return `${v + margin} ms window (timer ${w.timer} ${v} ms + ${margin} ms margin)`;
}

/** A timer window's margin: the model's, else the timer's tolerance. */
export function windowMargin(w: { margin?: number }, timer: number): number {
  return w.margin ?? timerTolerance(timer);
}

/** The window of a never step, opened at `from` (the entry `fromEntry`; -1: the instance's start). */
export function openWatch(ctx: RunContext, step: NeverStep, scope: Scope, from: number, fromEntry: number): Watch {
  const w = step.window;
  const until = w.kind === 'ms' ? from + w.ms : w.kind === 'timer' ? from + ctx.timers[w.timer] + windowMargin(w, ctx.timers[w.timer]) : Infinity;
  return { step, scope, from, fromEntry, until, key: patternKey(step.pattern) };
}

/** The message a thread matched last, as a result names it. */
export function lastObserved(ctx: RunContext, th: Thread): ObservedRef | undefined {
  return th.matched ? observedRef(ctx.entries[th.matched.entry] as TraceMessage) : undefined;
}

/** A thread a forbidden message killed, and why. */
export interface Forbidden {
  forbidden: Divergence;
}

/**
 * The thread with expired windows dropped (the same thread when none expired and nothing was excused),
 * or why it dies when the message is forbidden. A forbidden message the lag may have put in its window
 * leaves the thread alive, with a doubt.
 */
export function checkWatches(ctx: RunContext, th: Thread, msg: TraceMessage): Thread | Forbidden {
  let kept: Watch[] | undefined;
  let doubt: LagDoubt | undefined;
  for (let i = 0; i < th.watches.length; i++) {
    const w = th.watches[i];
    if (msg.t > w.until) {
      kept ??= th.watches.slice(0, i);
      continue;
    }
    const f = fitPattern(ctx, w.step.pattern, w.scope, msg, th);
    if (f?.ok) {
      const names = invertParticipants({ ...ctx.pinned, ...th.parts });
      const opening = w.fromEntry >= 0 ? observedRef(ctx.entries[w.fromEntry] as TraceMessage) : undefined;
      const from = opening ? describeObserved(opening, names) : 'the start of the instance';
      const detail = `${ms(msg.t - w.from)} after ${from}, inside the ${windowText(ctx, w.step.window)}`;
      const excuse = forbiddenExcuse(ctx, w, msg);
      if (excuse && 'around' in excuse && !th.doubt && !doubt) {
        const lw = excuse.around.window;
        doubt = {
          kind: 'forbidden',
          step: stepRef(w.step, ctx.origin),
          expected: `no ${describeExpected(w.step.pattern, th.captures)}`,
          observed: observedRef(msg),
          ...(opening ? { after: opening } : {}),
          detail: `${detail}; ${excuse.why}: a lag of ${Math.round(lw.lag)} ms explains up to ${Math.round(excuse.around.allowance)} ms`,
          lag: { source: lw.source, ms: lw.lag, from: lw.from, to: lw.to },
          reason: `${overloadText(lw)} around seq ${msg.seq}`,
        };
      }
      if (!excuse || 'short' in excuse) {
        return {
          forbidden: {
            kind: 'forbidden',
            step: stepRef(w.step, ctx.origin),
            expected: `no ${describeExpected(w.step.pattern, th.captures)}`,
            observed: observedRef(msg),
            after: lastObserved(ctx, th),
            detail: excuse ? `${detail}; ${excuse.short}` : detail,
          },
        };
      }
    }
    kept?.push(w);
  }
  if (!kept && !doubt) return th;
  return makeThread(ctx.program, { ...th, watches: kept ?? th.watches, doubt: th.doubt ?? doubt ?? null });
}

/**
 * A forbidden message the lag may have put inside the window: only when a stamp in play was taken on
 * receipt from another process. A message so stamped may have been sent before the window opened, if
 * it came within the lag after the opening; a window opened by a message so stamped may really have
 * opened — and closed — earlier, so a message within the lag of its end may have come after it. A
 * reference participant's messages are stamped as it sends them, so neither applies to them.
 */
function forbiddenExcuse(ctx: RunContext, w: Watch, msg: TraceMessage): { around: LagAround; why: string } | { short: string } | undefined {
  const lag = ctx.lag;
  if (lag.empty) return undefined;
  let short: string | undefined;
  if (lag.receiptStamped.has(msg.from)) {
    const v = lag.explain(w.from, msg.t, msg.t - w.from);
    if (v && 'explained' in v) return { around: v.explained, why: 'it may have been sent before the window opened' };
    if (v) short = shortText(v.short, msg.t - w.from);
  }
  const opening = w.fromEntry >= 0 ? (ctx.entries[w.fromEntry] as TraceMessage) : undefined;
  if (opening && w.until !== Infinity && lag.receiptStamped.has(opening.from)) {
    const v = lag.explain(w.from, w.from, w.until - msg.t);
    if (v && 'explained' in v) return { around: v.explained, why: 'the window may have opened, and closed, that much earlier' };
  }
  return short === undefined ? undefined : { short };
}
