import type { TraceMessage } from '../trace/types.ts';
import { checkWatches, openWatch } from './never-windows.ts';
import { makeThread } from './thread.ts';
import type { MatchLink, RunContext, Thread, Watch } from './thread.ts';

/**
 * Takers of broadcasts set aside, still simulated, at a cost that does not grow with their number:
 * what keeps a failing trace's check near-linear in its length, with the verdict and report unchanged.
 *
 * Why they pile up. A message no correlation value ties to an instance (an EventAck to the agent) is
 * offered to every instance waiting for it, and each thread that can take it forks: one takes it, one
 * leaves it (InstanceRun #feed). An instance stuck before a step such a message fits — its own EventAck
 * lost — forks on every EventAck to its agent. When the step taken ends the variant and opens never
 * windows, the takers differ only in when their windows opened, so they never merge (samePlace) until
 * the windows close: one more thread per broadcast, each checked against every later message — the
 * matcher went quadratic in the trace.
 *
 * Siblings. Threads are siblings when they are accepted (the variant's end: no step is ready, so no
 * message moves them; only a forbidden message in an open window can kill one, or a later one drop
 * its windows), matched alike up to their last step — the same link before it, the same step, count,
 * captures, bindings and doubt — and have the same never windows (step and scope, in order), all of a
 * thread's ending together, at its `until`. They differ in the entry their last step took and in that
 * `until`. Such a thread's fate under a message m is one of three, found by checkWatches: m.t past its
 * `until` — its windows close (dropped); else m fits a window — it dies; else it stays. Whether m fits
 * does not depend on which sibling asks (the same patterns, captures and bindings), provided the
 * trace's lag cannot excuse m for one and not another (forbiddenExcuse reads when a window opened):
 * siblings are shelved only where no lag note reaches their windows (LagProfile.around).
 *
 * The shelf. A sibling Y is shelved — taken out of the run's threads — when a newer sibling N (a later
 * entry) stays in them whose windows end no earlier. A shelf holds siblings in order of `until`, so a
 * message costs one checkWatches for the whole shelf: the front ones whose `until` it passes close —
 * they go back into the threads, windows dropped, where they merge as they would have; if it fits the
 * windows of the first one left, every one left dies (their windows are all open at m.t). That is the
 * fate each would have met in the threads: nothing else reaches an accepted thread. N is never
 * shelved while it is the newest, and whenever a shelved thread dies N does too (its windows are open
 * whenever Y's are), so the first dead thread a run records (#die) is N, as before.
 *
 * What asks about the threads mid-trace sees the same answers: the message keys the run waits for
 * (which broadcasts it is offered), InstanceRun.fits (which attempt a message goes to), the time a
 * retirement waits for and the threads it merges (retire.ts) read open windows, and N's hold every
 * shelved thread's, ending no earlier — and once N's close or N dies, the shelved ones have closed or
 * died with it. The final judgement (finishInstance) reads the threads with the shelved ones put back
 * where they would have been: after the newest sibling, newest first, the order in which InstanceRun
 * keeps a thread's takers (each new one right after the thread that took it). So the set judged is the
 * set the matcher had without the shelf: finishInstance's verdict — the best over that set — is the
 * same whatever the order. The order decides only which of equally good threads a report names (its
 * matched messages, a dead thread's divergence); it is the matcher's own wherever takers sit as
 * described, which is how InstanceRun places them; should that change, a report could name another
 * of equally good threads, never give another verdict. Siblings whose stamps go back in time (a later
 * entry with an earlier `until`) are not shelved. MAX_POSITIONS counts shelved threads: a run that
 * overflowed still does. test/flow/taker-shelf-oracle.test.ts checks all of it against the matcher
 * with the shelf turned off.
 */

/**
 * Siblings shelved together, in order of `until` and of entry: each kept as its last match alone
 * (entry, seq, time) — the rest it shares with `like`, and its windows opened at that match — and made
 * again, the same, when asked (`thread`): a few numbers each, where a thread with its windows takes
 * half a kilobyte, and a stuck run may shelve thousands (every EventAck to its agent for 30 s).
 */
class Shelf {
  readonly like: Thread;
  readonly entry: number[] = [];
  readonly seq: number[] = [];
  readonly t: number[] = [];
  readonly until: number[] = [];
  /** The first not yet closed or dead (an index: removing from the front of an array costs its length). */
  head = 0;
  #front: Thread | undefined;

  constructor(like: Thread) {
    this.like = like;
  }

  get size(): number {
    return this.until.length - this.head;
  }

  push(y: Thread): void {
    const l = y.matched!;
    this.entry.push(l.entry);
    this.seq.push(l.seq);
    this.t.push(l.t);
    this.until.push(y.watches[0].until);
  }

  /** The i-th sibling as it was shelved; without its windows once they have closed. */
  thread(ctx: RunContext, i: number, closed: boolean): Thread {
    const like = this.like;
    const l = like.matched!;
    const entry = this.entry[i];
    const t = this.t[i];
    const watches = closed ? NO_WATCHES : like.watches.map((w) => openWatch(ctx, w.step, w.scope, t, entry));
    const matched: MatchLink = { step: l.step, entry, seq: this.seq[i], t, prev: l.prev };
    return makeThread(ctx.program, { ...like, matched, lastT: t, watches });
  }

  /** The first one left, with its windows: asked of every message offered, made once. */
  front(ctx: RunContext): Thread {
    return (this.#front ??= this.thread(ctx, this.head, false));
  }

  /** Drops the first `n` left. */
  drop(n: number): void {
    this.head += n;
    this.#front = undefined;
    if (this.head > 64 && this.head * 2 > this.until.length) {
      for (const a of [this.entry, this.seq, this.t, this.until]) a.splice(0, this.head);
      this.head = 0;
    }
  }
}

const NO_WATCHES: readonly Watch[] = [];

export class TakerShelf {
  #shelves: Shelf[] = [];
  #size = 0;

  /** How many threads are shelved. */
  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#shelves = [];
    this.#size = 0;
  }

  /**
   * The threads as a message leaves shelved ones before the run's threads meet it: the closed put back
   * (their windows dropped, right after their newest sibling, newest first), the dead gone. Undefined
   * when none closed (then `threads` is as it was).
   */
  offer(ctx: RunContext, threads: Thread[], msg: TraceMessage): Thread[] | undefined {
    let back: Thread[] | undefined;
    for (let s = 0; s < this.#shelves.length; s++) {
      const shelf = this.#shelves[s];
      let closed = 0;
      while (closed < shelf.size && msg.t > shelf.until[shelf.head + closed]) closed++;
      if (closed > 0) {
        back ??= threads.slice();
        const put: Thread[] = [];
        for (let i = shelf.head + closed - 1; i >= shelf.head; i--) put.push(shelf.thread(ctx, i, true));
        insertAfterNewest(back, put);
        shelf.drop(closed);
        this.#size -= closed;
      }
      if (shelf.size > 0 && 'forbidden' in checkWatches(ctx, shelf.front(ctx), msg)) {
        this.#size -= shelf.size;
        shelf.drop(shelf.size);
      }
      if (shelf.size === 0) this.#shelves.splice(s--, 1);
    }
    return back;
  }

  /** `threads` without the siblings a newer one stands in for, which go on the shelf. */
  shelve(ctx: RunContext, threads: Thread[]): Thread[] {
    // Most runs hold a thread or two, none of them accepted with open windows: asked after every move.
    let candidates = 0;
    for (let i = 0; i < threads.length; i++) if (candidate(threads[i])) candidates++;
    if (candidates < 2) return threads;
    // Oldest first, so that a shelf stays in order of entry.
    const order = threads.filter(candidate).sort((a, b) => a.matched!.entry - b.matched!.entry);
    let shelved: Set<Thread> | undefined;
    for (const y of order) if (this.#shelveOne(ctx, y, threads)) (shelved ??= new Set()).add(y);
    return shelved ? threads.filter((th) => !shelved.has(th)) : threads;
  }

  #shelveOne(ctx: RunContext, y: Thread, threads: readonly Thread[]): boolean {
    const link = y.matched!;
    const until = y.watches[0].until;
    // Its windows all opened at its last match (so a shelf can make them again) and end together.
    if (y.lastT !== link.t) return false;
    for (const w of y.watches) {
      const again = openWatch(ctx, w.step, w.scope, link.t, link.entry);
      if (w.until !== until || again.until !== until || again.from !== w.from || again.fromEntry !== w.fromEntry) return false;
    }
    let newer = false;
    for (const n of threads) {
      if (n !== y && candidate(n) && n.matched!.entry > link.entry && siblings(n, y) && n.watches[0].until >= until && noLag(ctx, n, y)) {
        newer = true;
        break;
      }
    }
    if (!newer) return false;
    let shelf = this.#shelves.find((s) => siblings(s.like, y));
    if (!shelf) this.#shelves.push((shelf = new Shelf(y)));
    const last = shelf.until.length - 1;
    // Kept in order of `until` and of entry alike (stamps taken on receipt may go back): else not shelved.
    if (shelf.size > 0 && (shelf.until[last] > until || shelf.entry[last] > link.entry)) return false;
    shelf.push(y);
    this.#size++;
    return true;
  }

  /** The threads with the shelved ones put back (see above): what the final judgement reads. */
  judged(ctx: RunContext, threads: Thread[]): Thread[] {
    if (this.#size === 0) return threads;
    const out = threads.slice();
    for (const shelf of this.#shelves) {
      const put: Thread[] = [];
      for (let i = shelf.until.length - 1; i >= shelf.head; i--) put.push(shelf.thread(ctx, i, false));
      insertAfterNewest(out, put);
    }
    return out;
  }
}

/** Accepted, with windows open and a last match: the only threads ever shelved, or kept for one. */
function candidate(th: Thread): boolean {
  return th.cont === null && th.watches.length > 0 && th.matched !== null;
}

function siblings(a: Thread, b: Thread): boolean {
  return a.matched!.entry !== b.matched!.entry && sameWindows(a.watches, b.watches) && alike(a, b);
}

/** Matched alike up to their last step (the windows aside: a closed sibling has none left). */
function alike(a: Thread, b: Thread): boolean {
  const la = a.matched!;
  const lb = b.matched!;
  return (
    la.prev === lb.prev &&
    la.step === lb.step &&
    a.count === b.count &&
    a.doubt === b.doubt &&
    // In the same order too: a shelved thread is made again with `like`'s, and a result lists them in theirs.
    (a.captures === b.captures || JSON.stringify(a.captures) === JSON.stringify(b.captures)) &&
    (a.parts === b.parts || JSON.stringify(a.parts) === JSON.stringify(b.parts))
  );
}

function sameWindows(a: readonly Watch[], b: readonly Watch[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].step !== b[i].step || a[i].scope !== b[i].scope) return false;
  return true;
}

/**
 * `put` (newest first) into `threads` right after the newest sibling there; at the end when there is
 * none (the shelf always has one while a shelved thread is open: see above).
 */
function insertAfterNewest(threads: Thread[], put: Thread[]): void {
  const like = put[0];
  let at = -1;
  for (let i = 0; i < threads.length; i++) {
    const th = threads[i];
    if (th.cont === null && th.matched !== null && alike(th, like)) {
      if (at < 0 || th.matched.entry > threads[at].matched!.entry) at = i;
    }
  }
  threads.splice(at < 0 ? threads.length : at + 1, 0, ...put);
}

/** No lag note reaches the span of the two threads' windows: no forbidden message can be excused for either. */
function noLag(ctx: RunContext, a: Thread, b: Thread): boolean {
  if (ctx.lag.empty) return true;
  let from = Infinity;
  let until = -Infinity;
  for (const th of [a, b]) {
    for (const w of th.watches) {
      from = Math.min(from, w.from);
      until = Math.max(until, w.until);
    }
  }
  return ctx.lag.around(from, until) === undefined;
}
