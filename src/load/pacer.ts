/**
 * When the next instance may start, as SIPp paces calls: `rate` per second (sipp -r with -rp 1000),
 * at most `limit` in flight (-l), at most `count` in all (-m). Pure: the clock is given, so a test
 * drives it without waiting. The schedule is absolute (instance n is due at n / rate s), so a late
 * tick catches up instead of drifting below the target — the way SIPp's rate is a long-run average.
 */
export interface PacerOptions {
  /** Instances per second. */
  rate: number;
  /** Most in flight at once; Infinity: no limit. */
  limit: number;
  /** Most started in all; Infinity: until the run's duration ends. */
  count: number;
  /**
   * The rate climbs from 0 to `rate` over this long (ms), then holds (SIPp raises its rate by steps;
   * this is the smooth version): instance n is due when the area under the climbing rate reaches n.
   * 0 or absent: the full rate from the start.
   */
  rampMs?: number;
}

export class Pacer {
  private started = 0;
  private inFlight = 0;
  /** Starts the concurrency limit held back: a sign the system under load cannot keep up. */
  private held = 0;

  constructor(private readonly opts: PacerOptions) {
    if (!(opts.rate > 0)) throw new RangeError(`rate must be above 0 per second; got ${opts.rate}`);
    if (!(opts.limit >= 1)) throw new RangeError(`limit must be 1 or more; got ${opts.limit}`);
    if (!(opts.count >= 1)) throw new RangeError(`count must be 1 or more; got ${opts.count}`);
    if (!((opts.rampMs ?? 0) >= 0)) throw new RangeError(`ramp must be 0 ms or more; got ${opts.rampMs}`);
  }

  /** The rate the schedule asks for `elapsedMs` into the run (per second). */
  targetAt(elapsedMs: number): number {
    const ramp = this.opts.rampMs ?? 0;
    return ramp > 0 && elapsedMs < ramp ? (this.opts.rate * elapsedMs) / ramp : this.opts.rate;
  }

  /** How many instances the schedule has due by `elapsedMs` (the first at 0). */
  private scheduledBy(elapsedMs: number): number {
    const ramp = this.opts.rampMs ?? 0;
    const perMs = this.opts.rate / 1000;
    const area = ramp > 0 && elapsedMs < ramp ? (perMs * elapsedMs * elapsedMs) / (2 * ramp) : perMs * (elapsedMs - ramp / 2);
    // A hair of slack: the area at an instance's own due time must count it, whatever the float rounding.
    return Math.floor(area + 1e-9) + 1;
  }

  /** How many instances may start now, `elapsedMs` into the run; the caller starts them and calls started() for each. */
  due(elapsedMs: number): number {
    const scheduled = Math.min(this.opts.count, this.scheduledBy(elapsedMs));
    const behind = Math.max(0, scheduled - this.started);
    const room = Math.max(0, this.opts.limit - this.inFlight);
    const n = Math.min(behind, room);
    if (behind > n) this.held = Math.max(this.held, behind - n);
    return n;
  }

  /** ms into the run the next instance is due (for the caller's timer); undefined once count were started. */
  nextDueMs(): number | undefined {
    if (this.started >= this.opts.count) return undefined;
    // The inverse of scheduledBy: when the area reaches `started`.
    const ramp = this.opts.rampMs ?? 0;
    const perMs = this.opts.rate / 1000;
    const n = this.started;
    if (ramp > 0 && n < (perMs * ramp) / 2) return Math.sqrt((2 * ramp * n) / perMs);
    return n / perMs + ramp / 2;
  }

  start(): void {
    this.started++;
    this.inFlight++;
  }

  finish(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  get done(): boolean {
    return this.started >= this.opts.count;
  }

  get counts(): { started: number; inFlight: number; heldByLimit: number } {
    return { started: this.started, inFlight: this.inFlight, heldByLimit: this.held };
  }
}
