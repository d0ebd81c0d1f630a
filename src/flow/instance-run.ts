import type { TraceMessage } from '../trace/types.ts';
import { beforeTolerance, timerTolerance } from './model.ts';
import type { Divergence, InstanceResult, LagDoubt } from './result.ts';
import { describeExpected, describeObserved, invertParticipants, ms, observedRef, stepRef } from './describe.ts';
import { fitPattern } from './fit.ts';
import { overloadText, shortText } from './lag.ts';
import type { LagAround } from './lag.ts';
import type { Fit } from './fit.ts';
import type { MessagePattern, MessageStep, NeverStep, WindowSpec } from './model.ts';
import { stranded, strandedAfter, strandedFits } from './retire.ts';
import type { StrandedThread } from './retire.ts';
import { MAX_POSITIONS, TooManyPositions } from './step-program.ts';
import type { ReadyItem, Scope } from './step-program.ts';
import { findLink, makeThread, placeKey, samePlace, sortedKey } from './thread.ts';
import type { MatchLink, RunContext, Thread, Watch } from './thread.ts';

/**
 * One instance of the model, simulated over the messages routed to it: a set of threads (Thompson
 * style), one per way the model's alternatives can be resolved so far, merged when they reach the same
 * position with the same captures and bindings. Each message moves every thread whose ready steps it
 * fits (greedy: the first message that fits a step is the one it matches) and leaves the others.
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

function lastObserved(ctx: RunContext, th: Thread) {
  return th.matched ? observedRef(ctx.entries[th.matched.entry] as TraceMessage) : undefined;
}

/** Threads at the same place become one: the one that matched more; on a tie, the one that needed no excuse. */
function merge(out: readonly Thread[]): Thread[] {
  // A run holds a few threads: a search through them costs less than a Map made for every message.
  if (out.length > 16) return mergeMany(out);
  const merged: Thread[] = [];
  for (const th of out) {
    let j = 0;
    while (j < merged.length && !samePlace(merged[j], th)) j++;
    if (j === merged.length) merged.push(th);
    else if (better(th, merged[j])) merged[j] = th;
  }
  return merged;
}

function mergeMany(out: readonly Thread[]): Thread[] {
  const merged = new Map<string, Thread>();
  for (const th of out) {
    const key = placeKey(th);
    const had = merged.get(key);
    if (!had || better(th, had)) merged.set(key, th);
  }
  return [...merged.values()];
}

function better(th: Thread, had: Thread): boolean {
  return th.count > had.count || (th.count === had.count && had.doubt !== null && th.doubt === null);
}

export class InstanceRun {
  readonly ctx: RunContext;
  readonly id: number;
  threads: Thread[];
  /** Entries routed to this instance by correlation (not broadcasts), in trace order. */
  readonly own: number[] = [];
  /** The dead thread that got furthest, and why it died. */
  best: { thread: Thread; divergence: Divergence } | undefined;
  overflow = false;
  /** What computeWaitKeys gave when the run was last indexed by it (trace-matching.ts). */
  waitKeys: readonly string[] = [];
  /** Its final result (key aside), once a streamed check retired it (retire.ts): the working state is gone. */
  retired: InstanceResult | undefined;
  #stranded: StrandedThread[] = [];
  /** A retired run's result once a message reaches it (see windowsClosed). */
  #reached: InstanceResult | undefined;

  constructor(ctx: RunContext, id: number, firstT: number) {
    this.ctx = ctx;
    this.id = id;
    this.threads = [];
    let start;
    try {
      start = ctx.program.begin();
    } catch (e) {
      if (!(e instanceof TooManyPositions)) throw e;
      this.overflow = true;
      return;
    }
    const capKey = sortedKey(ctx.initialCaptures);
    const threads: Thread[] = [];
    for (const alt of start) {
      threads.push(
        makeThread(ctx.program, {
          cont: alt.cont, captures: ctx.initialCaptures, capKey, parts: {}, partKey: '', matched: null, count: 0, lastT: firstT,
          watches: alt.nevers.map((n) => this.#watch(n.step, n.scope, firstT, -1)), doubt: null,
        }),
      );
    }
    // Of threads at one place, the first: none has matched anything, so merge keeps the first.
    this.threads = merge(threads);
  }

  get started(): boolean {
    if (this.retired !== undefined || (this.best?.thread.count ?? 0) > 0) return true;
    // A loop, not some(): asked of an instance for each message of its values.
    for (const t of this.threads) if (t.count > 0) return true;
    return false;
  }

  #watch(step: NeverStep, scope: Scope, from: number, fromEntry: number): Watch {
    const w = step.window;
    const until = w.kind === 'ms' ? from + w.ms : w.kind === 'timer' ? from + this.ctx.timers[w.timer] + windowMargin(w, this.ctx.timers[w.timer]) : Infinity;
    return { step, scope, from, fromEntry, until };
  }

  #die(thread: Thread, divergence: Divergence): void {
    if (!this.best || thread.count > this.best.thread.count) this.best = { thread, divergence };
  }

  /**
   * Whether a message that fits a step otherwise comes at the wrong time: undefined when it is on time;
   * `doubt` when it misses by no more than the lag measured around it explains (lag.ts); else the words
   * for a timing divergence — naming the lag, when some was measured but not enough.
   */
  #timing(step: MessageStep, th: Thread, msg: TraceMessage): { detail: string } | { doubt: LagDoubt } | undefined {
    const tm = step.timing;
    if (!tm) return undefined;
    if (tm.within !== undefined && th.matched && msg.t - th.lastT > tm.within) {
      const detail = `seq ${msg.seq} came ${ms(msg.t - th.lastT)} after seq ${th.matched.seq}, later than the ${tm.within} ms allowed`;
      return this.#excuse(step, th, msg, th.matched, detail, msg.t - th.lastT - tm.within, true);
    }
    if (tm.after) {
      const since = findLink(th, tm.after.since);
      const timer = this.ctx.timers[tm.after.timer];
      if (since && timer !== undefined) {
        const tol = tm.after.tolerance ?? timerTolerance(timer);
        const elapsed = msg.t - since.t;
        if (Math.abs(elapsed - timer) > tol) {
          const late = elapsed > timer;
          const detail = `seq ${msg.seq} came ${ms(elapsed)} after seq ${since.seq} (step ${tm.after.since}), ${late ? 'too late' : 'too early'}: timer ${tm.after.timer} expires after ${timer} ms, give or take ${Math.round(tol)} ms`;
          return this.#excuse(step, th, msg, since, detail, Math.abs(elapsed - timer) - tol, late);
        }
      }
    }
    if (tm.before) {
      const since = findLink(th, tm.before.since);
      const timer = this.ctx.timers[tm.before.timer];
      if (since && timer !== undefined) {
        const tol = tm.before.tolerance ?? beforeTolerance(timer);
        const elapsed = msg.t - since.t;
        if (elapsed > timer + tol) {
          const detail = `seq ${msg.seq} came ${ms(elapsed)} after seq ${since.seq} (step ${tm.before.since}), after its deadline: timer ${tm.before.timer} expires after ${timer} ms (give or take ${Math.round(tol)} ms), and it must come before`;
          return this.#excuse(step, th, msg, since, detail, elapsed - timer - tol, true);
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
  #excuse(step: MessageStep, th: Thread, msg: TraceMessage, since: MatchLink, detail: string, miss: number, late: boolean): { detail: string } | { doubt: LagDoubt } {
    const lag = this.ctx.lag;
    const sinceMsg = this.ctx.entries[since.entry] as TraceMessage;
    let verdict;
    if (late) verdict = lag.explain(since.t, msg.t, miss);
    else if (lag.receiptStamped.has(sinceMsg.from)) verdict = lag.explain(since.t, since.t, miss);
    if (verdict && 'explained' in verdict) {
      const w = verdict.explained.window;
      return {
        doubt: {
          kind: 'timing',
          step: stepRef(step, this.ctx.origin),
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

  /**
   * A forbidden message the lag may have put inside the window: only when a stamp in play was taken on
   * receipt from another process. A message so stamped may have been sent before the window opened, if
   * it came within the lag after the opening; a window opened by a message so stamped may really have
   * opened — and closed — earlier, so a message within the lag of its end may have come after it. A
   * reference participant's messages are stamped as it sends them, so neither applies to them.
   */
  #forbiddenExcuse(w: Watch, msg: TraceMessage): { around: LagAround; why: string } | { short: string } | undefined {
    const lag = this.ctx.lag;
    if (lag.empty) return undefined;
    let short: string | undefined;
    if (lag.receiptStamped.has(msg.from)) {
      const v = lag.explain(w.from, msg.t, msg.t - w.from);
      if (v && 'explained' in v) return { around: v.explained, why: 'it may have been sent before the window opened' };
      if (v) short = shortText(v.short, msg.t - w.from);
    }
    const opening = w.fromEntry >= 0 ? (this.ctx.entries[w.fromEntry] as TraceMessage) : undefined;
    if (opening && w.until !== Infinity && lag.receiptStamped.has(opening.from)) {
      const v = lag.explain(w.from, w.from, w.until - msg.t);
      if (v && 'explained' in v) return { around: v.explained, why: 'the window may have opened, and closed, that much earlier' };
    }
    return short === undefined ? undefined : { short };
  }

  /**
   * The thread with expired windows dropped, or null when the message is forbidden (the thread dies). A
   * forbidden message the lag may have put in its window leaves the thread alive, with a doubt.
   */
  #checkWatches(th: Thread, msg: TraceMessage): Thread | null {
    let kept: Watch[] | undefined;
    let doubt: LagDoubt | undefined;
    for (let i = 0; i < th.watches.length; i++) {
      const w = th.watches[i];
      if (msg.t > w.until) {
        kept ??= th.watches.slice(0, i);
        continue;
      }
      const f = fitPattern(this.ctx, w.step.pattern, w.scope, msg, th);
      if (f?.ok) {
        const names = invertParticipants({ ...this.ctx.pinned, ...th.parts });
        const opening = w.fromEntry >= 0 ? observedRef(this.ctx.entries[w.fromEntry] as TraceMessage) : undefined;
        const from = opening ? describeObserved(opening, names) : 'the start of the instance';
        const detail = `${ms(msg.t - w.from)} after ${from}, inside the ${windowText(this.ctx, w.step.window)}`;
        const excuse = this.#forbiddenExcuse(w, msg);
        if (excuse && 'around' in excuse && !th.doubt && !doubt) {
          const lw = excuse.around.window;
          doubt = {
            kind: 'forbidden',
            step: stepRef(w.step, this.ctx.origin),
            expected: `no ${describeExpected(w.step.pattern, th.captures)}`,
            observed: observedRef(msg),
            ...(opening ? { after: opening } : {}),
            detail: `${detail}; ${excuse.why}: a lag of ${Math.round(lw.lag)} ms explains up to ${Math.round(excuse.around.allowance)} ms`,
            lag: { source: lw.source, ms: lw.lag, from: lw.from, to: lw.to },
            reason: `${overloadText(lw)} around seq ${msg.seq}`,
          };
        }
        if (!excuse || 'short' in excuse) {
          this.#die(th, {
            kind: 'forbidden',
            step: stepRef(w.step, this.ctx.origin),
            expected: `no ${describeExpected(w.step.pattern, th.captures)}`,
            observed: observedRef(msg),
            after: lastObserved(this.ctx, th),
            detail: excuse ? `${detail}; ${excuse.short}` : detail,
          });
          return null;
        }
      }
      kept?.push(w);
    }
    if (!kept && !doubt) return th;
    return makeThread(this.ctx.program, { ...th, watches: kept ?? th.watches, doubt: th.doubt ?? doubt ?? null });
  }

  /**
   * Keep only what a final result leaves to ask (retire.ts): the result, and the threads stranded past
   * their deadlines, stripped to their ready steps. Its own messages are no longer recorded.
   */
  retire(result: InstanceResult, reached: InstanceResult): void {
    this.retired = result;
    this.#reached = reached;
    this.#stranded = stranded(this.threads);
    this.threads = [];
    this.best = undefined;
    this.own.length = 0;
  }

  /**
   * The threads as the next message to reach this run leaves them when every window has closed before
   * it: the windows dropped (#checkWatches), so threads that differed only in them merge into one.
   * Undefined when no thread has a window.
   */
  windowsClosed(): Thread[] | undefined {
    if (!this.threads.some((th) => th.watches.length > 0)) return undefined;
    return merge(this.threads.map((th) => (th.watches.length === 0 ? th : makeThread(this.ctx.program, { ...th, watches: [] }))));
  }

  /** Offer one message to every thread. Returns whether the thread set changed. */
  feed(entry: number, msg: TraceMessage, own: boolean): boolean {
    if (this.retired) {
      // Its answer to fits() must stay what it would have been; the result changes once, if ever.
      this.#stranded = strandedAfter(this.ctx, this.#stranded, msg, own);
      if (this.#reached === undefined) return false;
      this.retired = this.#reached;
      this.#reached = undefined;
      // Changed: the caller re-indexes it, and it waits for nothing any more.
      return true;
    }
    if (own) this.own.push(entry);
    if (this.overflow) return false;
    const out: Thread[] = [];
    let changed: boolean;
    try {
      changed = this.#feed(entry, msg, own, out);
    } catch (e) {
      if (!(e instanceof TooManyPositions)) throw e;
      this.overflow = true;
      this.threads = [];
      return true;
    }
    if (!changed) return false;
    this.threads = merge(out);
    if (this.threads.length > MAX_POSITIONS) {
      this.overflow = true;
      this.threads = [];
    }
    return true;
  }

  /** Moves every thread into `out`; whether any thread moved, died or lost a window. */
  #feed(entry: number, msg: TraceMessage, own: boolean, out: Thread[]): boolean {
    let changed = false;
    for (const th of this.threads) {
      let cur: Thread | null = th;
      if (th.watches.length > 0) {
        cur = this.#checkWatches(th, msg);
        if (cur !== th) changed = true;
        if (cur === null) continue;
      }
      let fits: Array<{ item: ReadyItem; fit: Fit; doubt?: LagDoubt }> | undefined;
      let late: { item: ReadyItem; detail: string } | undefined;
      for (const item of cur.ready) {
        if (item.step.message !== msg.message) continue;
        const fit = fitPattern(this.ctx, item.step, item.scope, msg, cur);
        if (!fit?.ok) continue;
        const timing = this.#timing(item.step, cur, msg);
        if (!timing) (fits ??= []).push({ item, fit });
        // Taken, on the lag's excuse: the rest of the flow is still judged, and can still fail it.
        else if ('doubt' in timing) (fits ??= []).push({ item, fit, doubt: timing.doubt });
        else late ??= { item, detail: timing.detail };
      }
      if (!own) {
        // A message no correlation value ties to this instance may belong to another: the threads that
        // take it run beside the thread that leaves it, and it never kills a thread by its timing.
        out.push(cur);
        if (cur !== th) changed = true;
        if (!fits) continue;
      }
      if (!fits) {
        if (late) {
          changed = true;
          this.#die(cur, {
            kind: 'timing',
            step: stepRef(late.item.step, this.ctx.origin),
            expected: describeExpected(late.item.step, cur.captures),
            observed: observedRef(msg),
            after: lastObserved(this.ctx, cur),
            detail: late.detail,
          });
        } else out.push(cur);
        continue;
      }
      changed = true;
      for (const { item, fit, doubt } of fits) this.#advance(cur, item, fit, entry, msg, out, doubt);
    }
    return changed;
  }

  #advance(cur: Thread, item: ReadyItem, fit: Fit, entry: number, msg: TraceMessage, out: Thread[], doubt?: LagDoubt): void {
    const link: MatchLink = { step: item.step, entry, seq: msg.seq, t: msg.t, prev: cur.matched };
    const captures = fit.bound ? { ...cur.captures, ...fit.bound } : cur.captures;
    const capKey = fit.bound ? sortedKey(captures) : cur.capKey;
    for (const alt of this.ctx.program.advance(item)) {
      let watches = cur.watches;
      if (alt.nevers.length > 0) {
        // A loop, not map(): a closure here would cost every call a context, the windows opened or not.
        const opened = watches.slice();
        for (const n of alt.nevers) opened.push(this.#watch(n.step, n.scope, msg.t, entry));
        watches = opened;
      }
      out.push(
        makeThread(this.ctx.program, {
          cont: alt.cont, captures, capKey, parts: fit.parts, partKey: fit.partKey, matched: link, count: cur.count + 1, lastT: msg.t, watches,
          doubt: cur.doubt ?? doubt ?? null,
        }),
      );
    }
  }

  /** Whether some thread would take the message (a ready step it fits), or with `watches` forbid it (an open never window). */
  fits(msg: TraceMessage, watches: boolean): boolean {
    if (this.retired) return strandedFits(this.ctx, this.#stranded, msg);
    for (const th of this.threads) {
      for (const item of th.ready) if (item.step.message === msg.message && fitPattern(this.ctx, item.step, item.scope, msg, th)?.ok) return true;
      if (!watches) continue;
      for (const w of th.watches) if (msg.t <= w.until && fitPattern(this.ctx, w.step.pattern, w.scope, msg, th)?.ok) return true;
    }
    return false;
  }

  /** Protocol + name of every message some thread waits for (ready steps and open never windows), each once. */
  computeWaitKeys(key: (pattern: MessagePattern) => string): string[] {
    // A few keys: an array searched costs less than a Set made after every move.
    const keys: string[] = [];
    for (const th of this.threads) {
      for (const r of th.ready) {
        const k = key(r.step);
        if (!keys.includes(k)) keys.push(k);
      }
      for (const w of th.watches) {
        const k = key(w.step.pattern);
        if (!keys.includes(k)) keys.push(k);
      }
    }
    return keys;
  }
}
