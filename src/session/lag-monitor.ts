import type { LagWindow } from '../flow/lag.ts';

/**
 * Measures the harness's own scheduling delay while a scenario runs: a timer that expects to fire
 * every `periodMs` and notes how late it fired. A timer fires late exactly when the event loop was busy
 * or the process was not given the CPU — and then every other timer, socket read and reply of the
 * process (the recorder, every reference participant, the relay) was held up as long. So the lateness
 * of this one timer bounds the delay the run itself added to anything in the trace around that time.
 *
 * Why not perf_hooks' monitorEventLoopDelay: it is a histogram over the whole run, and the matcher needs
 * lag over time (how late things ran between two given messages). So samples are kept as (time,
 * lateness), compacted into windows of `windowMs`: for each window only the largest lateness, and only
 * when it reached `thresholdMs` — a few notes per second under load, none on an idle machine. Each
 * window goes to `record` (the session writes it into the trace as a `lag` note, see src/flow/lag.ts).
 *
 * It measures this process only. A participant in another process (a `process` binding running
 * flowcert serve, a remote system) lags on its own, unmeasured; the window's `source` leaves room for
 * such a participant to report its own.
 */

export interface LagMonitorOptions {
  /** The trace clock (ms since the trace started). */
  now: () => number;
  /** Receives each window whose lag reached the threshold. */
  record: (w: LagWindow) => void;
  /** How often a sample is due (ms): also the granularity of what it can see. Default 10. */
  periodMs?: number;
  /** Samples are compacted per window of this length (ms). Default 100. */
  windowMs?: number;
  /** A window is recorded only when its largest lateness reached this (ms). Default 20. */
  thresholdMs?: number;
  /** Runs `fn` after `ms`; the default is an unref'd setTimeout, so a monitor never keeps a process alive. */
  schedule?: (fn: () => void, ms: number) => { cancel(): void };
}

export const LAG_PERIOD_MS = 10;
export const LAG_WINDOW_MS = 100;
export const LAG_THRESHOLD_MS = 20;

function unrefTimeout(fn: () => void, ms: number): { cancel(): void } {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
}

export class LagMonitor {
  private readonly opts: Required<LagMonitorOptions>;
  private pending: { cancel(): void } | undefined;
  /** When the next sample is due (trace ms). */
  private due = 0;
  /** The open window: where it starts, its largest lateness, and where that stall began. */
  private from = 0;
  private max = 0;
  private stallFrom = Infinity;
  private last = 0;
  private lostMs = 0;
  private running = false;

  constructor(opts: LagMonitorOptions) {
    this.opts = { periodMs: LAG_PERIOD_MS, windowMs: LAG_WINDOW_MS, thresholdMs: LAG_THRESHOLD_MS, schedule: unrefTimeout, ...opts };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.opts.now();
    this.from = this.last = now;
    this.arm(now);
  }

  /**
   * Total lateness sampled so far (ms): time the event loop lost. A budget the harness waits on can be
   * extended by what was lost while it waited, so that it expires for the system's slowness, not the
   * harness's.
   */
  get lost(): number {
    return this.lostMs;
  }

  /** Records the open window now (when its lag reached the threshold) and opens a new one: a check about to decide reads the lag up to now. */
  flush(): void {
    if (!this.running) return;
    this.close(this.opts.now());
  }

  /** Records the open window and stops sampling. */
  stop(): void {
    if (!this.running) return;
    this.close(this.opts.now());
    this.running = false;
    this.pending?.cancel();
    this.pending = undefined;
  }

  private arm(now: number): void {
    this.due = now + this.opts.periodMs;
    this.pending = this.opts.schedule(() => this.sample(), this.opts.periodMs);
  }

  private sample(): void {
    if (!this.running) return;
    const now = this.opts.now();
    const late = Math.max(0, now - this.due);
    this.lostMs += late;
    if (late > this.max) {
      this.max = late;
      this.stallFrom = now - late;
    }
    this.last = now;
    if (now - this.from >= this.opts.windowMs) this.close(now);
    this.arm(now);
  }

  private close(at: number): void {
    if (this.max >= this.opts.thresholdMs) {
      // The stretch covers the largest stall whole, even when it began in the window before.
      this.opts.record({
        source: 'harness',
        from: round(Math.min(this.from, this.stallFrom)),
        to: round(Math.max(at, this.last)),
        lag: round(this.max),
        period: this.opts.periodMs,
      });
    }
    this.from = at;
    this.max = 0;
    this.stallFrom = Infinity;
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
