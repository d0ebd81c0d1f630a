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
  readonly items: T[] = [];
  private waiters = new Set<Waiter<T>>();
  private closedReason: string | undefined;
  /** Where each key's items are (indices, in order), when the log is keyed. */
  private readonly index: Map<string, number[]> | undefined;

  /**
   * `keyOf` keys the log (a route request by its interaction): waitForKey then finds what already
   * happened without scanning every item, which made a long run quadratic.
   */
  constructor(
    private readonly owner: string,
    private readonly keyOf?: (item: T) => string | undefined,
  ) {
    if (keyOf) this.index = new Map();
  }

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    const k = this.keyOf?.(item);
    if (k !== undefined && this.index) {
      const at = this.index.get(k);
      if (at) at.push(this.items.length - 1);
      else this.index.set(k, [this.items.length - 1]);
    }
    for (const w of Array.from(this.waiters)) {
      if (w.pred(item)) this.settle(w, () => w.resolve(item));
    }
  }

  waitFor(pred: (item: T) => boolean, what: string, opts: WaitOptions = {}): Promise<T> {
    for (let i = opts.since ?? 0; i < this.items.length; i++) if (pred(this.items[i])) return Promise.resolve(this.items[i]);
    return this.wait(pred, what, opts);
  }

  /** As waitFor, for the next item of one key (from `since`): found through the index, not a scan. */
  waitForKey(key: string, what: string, opts: WaitOptions = {}): Promise<T> {
    if (!this.index || !this.keyOf) throw new Error(`${this.owner}: waitForKey on a log without keys`);
    const since = opts.since ?? 0;
    const at = this.index.get(key)?.find((i) => i >= since);
    if (at !== undefined) return Promise.resolve(this.items[at]);
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
