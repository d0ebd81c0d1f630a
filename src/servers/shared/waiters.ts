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

  constructor(private readonly owner: string) {}

  get length(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    for (const w of Array.from(this.waiters)) {
      if (w.pred(item)) this.settle(w, () => w.resolve(item));
    }
  }

  waitFor(pred: (item: T) => boolean, what: string, opts: WaitOptions = {}): Promise<T> {
    for (let i = opts.since ?? 0; i < this.items.length; i++) if (pred(this.items[i])) return Promise.resolve(this.items[i]);
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
