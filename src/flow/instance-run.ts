import type { TraceMessage } from '../trace/types.ts';
import type { Divergence, InstanceResult, LagDoubt } from './result.ts';
import { describeExpected, observedRef, stepRef } from './describe.ts';
import { fitPattern } from './fit.ts';
import type { Fit } from './fit.ts';
import { patternKey } from './correlate.ts';
import { checkWatches, lastObserved, openWatch } from './never-windows.ts';
import { stranded, strandedAfter, strandedFits } from './retire.ts';
import type { StrandedThread } from './retire.ts';
import { MAX_POSITIONS, TooManyPositions } from './step-program.ts';
import type { ReadyItem } from './step-program.ts';
import { timingMiss } from './step-timing.ts';
import { TakerShelf } from './taker-shelf.ts';
import { makeThread, mergeThreads } from './thread.ts';
import type { MatchLink, RunContext, Thread } from './thread.ts';

/**
 * One instance of the model, simulated over the messages routed to it: a set of threads (Thompson
 * style), one per way the model's alternatives can be resolved so far, merged when they reach the same
 * position with the same captures and bindings. Each message moves every thread whose ready steps it
 * fits (greedy: the first message that fits a step is the one it matches) and leaves the others.
 */

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
  /** Takers of broadcasts set aside, still simulated (taker-shelf.ts). */
  readonly #shelf = new TakerShelf();
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
    const threads: Thread[] = [];
    for (const alt of start) {
      threads.push(
        makeThread(ctx.program, {
          cont: alt.cont, captures: ctx.initialCaptures, capKey: undefined, parts: {}, partKey: '', matched: null, count: 0, lastT: firstT,
          watches: alt.nevers.map((n) => openWatch(ctx, n.step, n.scope, firstT, -1)), doubt: null,
        }),
      );
    }
    // Of threads at one place, the first: none has matched anything, so merge keeps the first.
    this.threads = mergeThreads(threads);
  }

  /** The threads with the shelved ones put back where they would be (taker-shelf.ts): what a final judgement reads. */
  judged(): Thread[] {
    return this.#shelf.judged(this.ctx, this.threads);
  }

  /** How many takers are shelved (taker-shelf.ts). */
  get shelved(): number {
    return this.#shelf.size;
  }

  get started(): boolean {
    if (this.retired !== undefined || (this.best?.thread.count ?? 0) > 0) return true;
    // A loop, not some(): asked of an instance for each message of its values.
    for (const t of this.threads) if (t.count > 0) return true;
    return false;
  }

  #die(thread: Thread, divergence: Divergence): void {
    if (!this.best || thread.count > this.best.thread.count) this.best = { thread, divergence };
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
    this.#shelf.clear();
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
    return mergeThreads(this.threads.map((th) => (th.watches.length === 0 ? th : makeThread(this.ctx.program, { ...th, watches: [] }))));
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
    // The threads as the message leaves them, gathered in one array for every run and message: a new
    // array, pushed to, would take room for 17 threads each time (V8 grows an empty array so).
    const out = MOVED;
    emptied(out);
    // Shelved takers whose windows the message closes come back before it is offered (taker-shelf.ts).
    const back = this.#shelf.size > 0 ? this.#shelf.offer(this.ctx, this.threads, msg) : undefined;
    if (back) this.threads = back;
    let changed: boolean;
    try {
      changed = this.#feed(entry, msg, own, out) || back !== undefined;
    } catch (e) {
      if (!(e instanceof TooManyPositions)) throw e;
      this.overflow = true;
      this.threads = [];
      this.#shelf.clear();
      return true;
    }
    if (!changed) return false;
    // Without the shelf, a run stuck before a step every broadcast fits gains a thread per broadcast.
    this.threads = this.#shelf.shelve(this.ctx, mergeThreads(out));
    if (this.threads.length + this.#shelf.size > MAX_POSITIONS) {
      this.overflow = true;
      this.threads = [];
      this.#shelf.clear();
    }
    return true;
  }

  /** Moves every thread into `out`; whether any thread moved, died or lost a window. */
  #feed(entry: number, msg: TraceMessage, own: boolean, out: Thread[]): boolean {
    let changed = false;
    for (const th of this.threads) {
      let cur = th;
      if (th.watches.length > 0) {
        const checked = checkWatches(this.ctx, th, msg);
        if (checked !== th) changed = true;
        if ('forbidden' in checked) {
          this.#die(th, checked.forbidden);
          continue;
        }
        cur = checked;
      }
      let fits: Array<{ item: ReadyItem; fit: Fit; doubt?: LagDoubt }> | undefined;
      let late: { item: ReadyItem; detail: string } | undefined;
      for (const item of cur.ready) {
        if (item.step.message !== msg.message) continue;
        const fit = fitPattern(this.ctx, item.step, item.scope, msg, cur);
        if (!fit?.ok) continue;
        const timing = timingMiss(this.ctx, item.step, cur, msg);
        // Taken, on the lag's excuse: the rest of the flow is still judged, and can still fail it.
        const taken = !timing ? { item, fit } : 'doubt' in timing ? { item, fit, doubt: timing.doubt } : undefined;
        // A literal for the first: an empty array pushed to takes room for 17.
        if (taken) {
          if (fits) fits.push(taken);
          else fits = [taken];
        } else late ??= { item, detail: (timing as { detail: string }).detail };
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
    // The keys of what it captured and bound are made if it is ever compared (thread.ts samePlace).
    const capKey = fit.bound ? undefined : cur.capKey;
    const partKey = fit.parts === cur.parts ? cur.partKey : undefined;
    for (const alt of this.ctx.program.advance(item)) {
      let watches = cur.watches;
      if (alt.nevers.length > 0) {
        // A loop, not map(): a closure here would cost every call a context, the windows opened or not.
        const opened = watches.slice();
        for (const n of alt.nevers) opened.push(openWatch(this.ctx, n.step, n.scope, msg.t, entry));
        watches = opened;
      }
      out.push(
        makeThread(this.ctx.program, {
          cont: alt.cont, captures, capKey, parts: fit.parts, partKey, matched: link, count: cur.count + 1, lastT: msg.t, watches,
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

  /**
   * Protocol + name of every message some thread waits for (ready steps and open never windows), each
   * once, into `keys` (emptied first: the caller keeps a copy only when they changed).
   */
  computeWaitKeys(keys: string[]): void {
    // A few keys: an array searched costs less than a Set made after every move.
    emptied(keys);
    for (const th of this.threads) {
      for (const r of th.ready) {
        const k = (r.waitKey ??= patternKey(r.step));
        if (!keys.includes(k)) keys.push(k);
      }
      for (const w of th.watches) if (!keys.includes(w.key)) keys.push(w.key);
    }
  }
}

/** InstanceRun.feed's threads as a message leaves them (see there). */
const MOVED: Thread[] = [];

/** An array emptied for reuse: pop() keeps its room, where `length = 0` lets it go (V8). */
function emptied(a: unknown[]): void {
  while (a.length > 0) a.pop();
}
