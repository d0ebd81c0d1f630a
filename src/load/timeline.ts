/** One second of a load run: what the schedule asked, what completed, and the invite latency then. */
export interface LoadSecond {
  /** Seconds into the run at the window's start. */
  second: number;
  /** The rate the schedule asked (per second), at the window's middle. */
  target: number;
  completed: number;
  /** p99 of the invites that happened in this second (ms); 0 when none did. */
  inviteP99: number;
}

/** Where a run stopped keeping up: the first second of two in a row that missed the target or the latency bar. */
export interface Knee {
  second: number;
  /** The rate the schedule asked then: where it saturates. */
  target: number;
  completed: number;
  inviteP99: number;
  why: string;
}

/** A second counts as kept up when it completed at least this share of its target. */
const KEPT_UP = 0.95;

/**
 * A load run second by second, for where it saturates (issue: the rate at which p99 invite latency
 * crosses the bar, or the achieved rate falls below the target). With `--ramp` the target climbs, so
 * the knee is the rate the system under load tops out at. The clock is given: pure.
 */
export class Timeline {
  private readonly invites: number[][] = [];
  private readonly done: number[] = [];

  constructor(private readonly targetAt: (ms: number) => number) {}

  invite(atMs: number, latencyMs: number): void {
    const s = Math.floor(atMs / 1000);
    (this.invites[s] ??= []).push(latencyMs);
  }

  completed(atMs: number): void {
    const s = Math.floor(atMs / 1000);
    this.done[s] = (this.done[s] ?? 0) + 1;
  }

  /** The whole seconds up to `untilMs` (a last partial second is left out: it would read as a fall). */
  seconds(untilMs: number): LoadSecond[] {
    const out: LoadSecond[] = [];
    for (let s = 0; (s + 1) * 1000 <= untilMs; s++) {
      const lat = (this.invites[s] ?? []).sort((a, b) => a - b);
      out.push({ second: s, target: Math.round(this.targetAt(s * 1000 + 500)), completed: this.done[s] ?? 0, inviteP99: lat.length === 0 ? 0 : lat[Math.min(lat.length - 1, Math.ceil(lat.length * 0.99) - 1)] });
    }
    return out;
  }

  /**
   * The first second of two in a row where fewer than 95 % of the target completed or p99 invite passed
   * `p99BarMs`; undefined when the run kept up throughout. The first second is left out of the rate
   * test: instances started in it complete a little later, so it always reads short.
   */
  static knee(seconds: readonly LoadSecond[], p99BarMs: number): Knee | undefined {
    const miss = (x: LoadSecond): string | undefined => {
      if (x.inviteP99 > p99BarMs) return `p99 invite ${x.inviteP99.toFixed(1)} ms > ${p99BarMs} ms`;
      if (x.second > 0 && x.target > 0 && x.completed < x.target * KEPT_UP) return `${x.completed} completed < 95 % of ${x.target}`;
      return undefined;
    };
    for (let i = 0; i + 1 < seconds.length; i++) {
      const why = miss(seconds[i]);
      if (why !== undefined && miss(seconds[i + 1]) !== undefined) {
        const x = seconds[i];
        return { second: x.second, target: x.target, completed: x.completed, inviteP99: x.inviteP99, why };
      }
    }
    return undefined;
  }
}
