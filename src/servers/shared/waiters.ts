/**
 * A log of things that happened (messages received, invitations, route outcomes) that callers can wait
 * on: waitFor() looks at what already happened (from `since`) and then at what comes, and ends with a
 * clear error after its timeout or when the log is closed — never a hang.
 */
export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Index into the log from which to look (default 0: everything so far). */
  since?: number;
}

interface Waiter<T> {
  what: string;
  pred: (item: T) => boolean;
  resolve: (item: T) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export class WaitableLog<T> {
  #items: T[] = [];
  /** How many of the oldest items were forgotten (a log that keeps the last `keep`): indices stay absolute. */
  #dropped = 0;
  private waiters = new Set<Waiter<T>>();
  private closedReason: string | undefined;
  /** Where each key's items are (absolute indices, in order), when the log is keyed. */
  private readonly index: Map<string, number[]> | undefined;

  /**
   * `keyOf` keys the log (a route request by its interaction): waitForKey then finds what already
   * happened without scanning every item, which made a long run quadratic. `keep` bounds what the log
   * holds to about the last `keep` items (between keep and twice that, forgotten a batch at a time):
   * a load run pushes millions that nobody reads again, and kept them all until the heap ran out.
   * Default: everything, as a scenario may wait for anything that happened since it began.
   */
  constructor(
    private readonly owner: string,
    private readonly keyOf?: (item: T) => string | undefined,
    private readonly keep = Infinity,
  ) {
    if (keyOf) this.index = new Map();
    if (!(keep >= 1)) throw new RangeError(`${owner}: a log keeps at least 1 item; got ${keep}`);
  }

  /** What the log still holds, oldest first: everything, unless it keeps only the last `keep`. */
  get items(): readonly T[] {
    return this.#items;
  }

  /** How many items were ever pushed: an index to wait from (`since`). */
  get length(): number {
    return this.#dropped + this.#items.length;
  }

  push(item: T): void {
    this.#items.push(item);
    const k = this.keyOf?.(item);
    if (k !== undefined && this.index) {
      const at = this.index.get(k);
      if (at) at.push(this.length - 1);
      else this.index.set(k, [this.length - 1]);
    }
    if (this.#items.length >= 2 * this.keep) this.forget(this.#items.length - this.keep);
    for (const w of Array.from(this.waiters)) {
      if (w.pred(item)) this.settle(w, () => w.resolve(item));
    }
  }

  /** Forgets the oldest n items (and their keys' entries: each is its key's oldest, as they go in order). */
  private forget(n: number): void {
    const gone = this.#items.splice(0, n);
    this.#dropped += n;
    if (!this.index || !this.keyOf) return;
    for (const item of gone) {
      const k = this.keyOf(item);
      if (k === undefined) continue;
      const at = this.index.get(k);
      at?.shift();
      if (at?.length === 0) this.index.delete(k);
    }
  }

  /** Looks at what the log holds from `since` (what it forgot, it cannot see), then waits for what comes. */
  waitFor(pred: (item: T) => boolean, what: string, opts: WaitOptions = {}): Promise<T> {
    const items = this.#items;
    for (let i = Math.max(0, (opts.since ?? 0) - this.#dropped); i < items.length; i++) if (pred(items[i])) return Promise.resolve(items[i]);
    return this.wait(pred, what, opts);
  }

  /** As waitFor, for the next item of one key (from `since`): found through the index, not a scan. */
  waitForKey(key: string, what: string, opts: WaitOptions = {}): Promise<T> {
    if (!this.index || !this.keyOf) throw new Error(`${this.owner}: waitForKey on a log without keys`);
    const since = opts.since ?? 0;
    const at = this.index.get(key)?.find((i) => i >= since);
    if (at !== undefined) return Promise.resolve(this.#items[at - this.#dropped]);
    const keyOf = this.keyOf;
    return this.wait((item) => keyOf(item) === key, what, opts);
  }

  private wait(pred: (item: T) => boolean, what: string, opts: WaitOptions): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(`${this.owner}: no ${what}: ${this.closedReason}`));
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      const w: Waiter<T> = { what, pred, resolve, reject, timer: undefined };
      w.timer = setTimeout(() => this.settle(w, () => reject(new Error(`${this.owner}: no ${what} within ${timeoutMs} ms`))), timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Ends every wait with an error naming the reason (the connection closed, the participant stopped). */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const w of Array.from(this.waiters)) this.settle(w, () => w.reject(new Error(`${this.owner}: no ${w.what}: ${reason}`)));
  }

  private settle(w: Waiter<T>, fn: () => void): void {
    if (!this.waiters.delete(w)) return;
    if (w.timer !== undefined) clearTimeout(w.timer);
    fn();
  }
}
