import type { Trace, TraceNote } from '../trace/types.ts';

/**
 * The scheduling delay a run measured, as the matcher reads it from the trace's `lag` notes, and the
 * rule by which it excuses a timing miss.
 *
 * What a note says. A sampling timer (src/session/lag-monitor.ts) expects to fire every `period` ms
 * and records how late it fired; a note covers a stretch of trace time [from, to] and gives the
 * largest lateness sampled in it (`lag`), for one `source`: `harness` — the event loop of the process
 * that runs the scenario, the recorder and every reference participant — or, in future, a participant
 * that reports its own process's lag. Stretches whose lag stayed under the monitor's threshold are not
 * written: no note means no lag worth speaking of.
 *
 * What lag does to a trace. A timer in a lagging process fires late, and a reaction to a message is
 * sent late, by up to the lag; a message the harness reads from another process is stamped when it
 * gets round to reading it, up to the lag after it was sent. Nothing makes a timer fire early, and a
 * reference participant's own messages are stamped as it sends them, so lag stretches the time between
 * two messages and never shrinks it — unless the earlier message was stamped on receipt from another
 * process (see `receiptStamped`).
 *
 * The rule. The lag around two instants a ≤ b is the largest `lag` of the notes whose stretch overlaps
 * [a, b + period] (the sample that measures a stall fires when the stall ends, up to one period after
 * the delayed message); zero without such a note. A timing miss of m ms (how far the observed time lies
 * outside what the model allows) is explained when that lag is above zero and m ≤ lag + period (a stall
 * is measured up to one period short: the sampler may have been due just before it began).
 */

export interface LagWindow {
  /** `harness`, or the participant whose process lagged. */
  source: string;
  /** The stretch of trace time (ms) the samples covered, including the stall of the largest. */
  from: number;
  to: number;
  /** The largest lateness sampled in it (ms). */
  lag: number;
  /** The sampling period (ms). */
  period: number;
}

/** What a timing check learns from the lag: the note that explains (or fails to explain) a miss. */
export interface LagAround {
  window: LagWindow;
  /** How much of a miss the lag explains: lag + one period. */
  allowance: number;
}

export const LAG_NOTE = 'lag' satisfies TraceNote['kind'];
const DEFAULT_PERIOD = 10;

/** The lag notes of a trace, as windows; notes with malformed data are skipped. */
export function lagWindows(trace: Trace): LagWindow[] {
  const out: LagWindow[] = [];
  // Indexed: run once over a whole trace, a for-of is not optimized in time and allocates per entry.
  const entries = trace.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'note' || e.kind !== LAG_NOTE || !e.data) continue;
    const { source, from, to, lag, period } = e.data;
    if (typeof from !== 'number' || typeof to !== 'number' || typeof lag !== 'number' || !(to >= from) || !(lag >= 0)) continue;
    out.push({ source: typeof source === 'string' ? source : 'harness', from, to, lag, period: typeof period === 'number' && period > 0 ? period : DEFAULT_PERIOD });
  }
  return out;
}

/**
 * One source's windows, sorted, overlaps merged (a hand-edited trace may overlap them), with a sparse
 * table of maxima so that the largest lag over any run of windows costs O(1) after O(n log n).
 */
class SourceLag {
  readonly from: number[] = [];
  readonly to: number[] = [];
  readonly windows: LagWindow[] = [];
  /** The source's sampling period: the largest its notes give. */
  readonly period: number;
  private readonly table: number[][] = [];

  constructor(ws: LagWindow[]) {
    ws.sort((x, y) => x.from - y.from);
    for (const w of ws) {
      const last = this.windows[this.windows.length - 1];
      if (last && w.from < last.to) {
        // Overlapping stretches: one stretch with the larger lag, so `to` stays sorted.
        this.windows[this.windows.length - 1] = { ...(w.lag > last.lag ? w : last), from: last.from, to: Math.max(last.to, w.to), period: Math.max(last.period, w.period) };
        continue;
      }
      this.windows.push({ ...w });
    }
    for (const w of this.windows) {
      this.from.push(w.from);
      this.to.push(w.to);
    }
    this.period = Math.max(...this.windows.map((w) => w.period));
    // table[k][i]: index of the largest lag among windows i .. i + 2^k - 1.
    this.table.push(this.windows.map((_, i) => i));
    for (let k = 1; 1 << k <= this.windows.length; k++) {
      const prev = this.table[k - 1];
      const row: number[] = [];
      for (let i = 0; i + (1 << k) <= this.windows.length; i++) {
        const a = prev[i];
        const b = prev[i + (1 << (k - 1))];
        row.push(this.windows[b].lag > this.windows[a].lag ? b : a);
      }
      this.table.push(row);
    }
  }

  /** The window with the largest lag among those overlapping [a, b]. */
  max(a: number, b: number): LagWindow | undefined {
    const i = firstAtLeast(this.to, a);
    const j = firstAtLeast(this.from, b, true);
    if (i >= j) return undefined;
    const k = 31 - Math.clz32(j - i);
    const x = this.table[k][i];
    const y = this.table[k][j - (1 << k)];
    return this.windows[this.windows[y].lag > this.windows[x].lag ? y : x];
  }
}

/** First index whose value is ≥ v (with `after`: > v) in a sorted array. */
function firstAtLeast(xs: readonly number[], v: number, after = false): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after ? xs[mid] <= v : xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A trace's lag, ready for the matcher's questions. Pure: built from the trace's notes. */
export class LagProfile {
  private readonly sources: SourceLag[];
  /** Names of trace participants whose messages the harness stamps on receipt from another process. */
  readonly receiptStamped: ReadonlySet<string>;

  constructor(windows: readonly LagWindow[], receiptStamped: ReadonlySet<string> = new Set()) {
    const bySource = new Map<string, LagWindow[]>();
    for (const w of windows) {
      let list = bySource.get(w.source);
      if (!list) bySource.set(w.source, (list = []));
      list.push(w);
    }
    this.sources = [...bySource.values()].map((ws) => new SourceLag(ws));
    this.receiptStamped = receiptStamped;
  }

  /**
   * From the trace: its lag notes, and its participants that run outside the harness's process (bound
   * to a system under test, or unbound peers): their messages are stamped when the harness reads them.
   */
  static of(trace: Trace): LagProfile {
    const outside = new Set(trace.header.participants.filter((p) => p.binding !== undefined && p.binding !== 'reference').map((p) => p.name));
    return new LagProfile(lagWindows(trace), outside);
  }

  get empty(): boolean {
    return this.sources.length === 0;
  }

  /** The sampling period of the lag measured (the largest, if sources differ). */
  get period(): number {
    return this.sources.length === 0 ? DEFAULT_PERIOD : Math.max(...this.sources.map((s) => s.period));
  }

  /** The largest lag measured around a ≤ b (see the rule at the top), or undefined when none was. */
  around(a: number, b: number): LagAround | undefined {
    let best: LagWindow | undefined;
    for (const s of this.sources) {
        const w = s.max(a, b + s.period);
      if (w && (!best || w.lag > best.lag)) best = w;
    }
    return best && best.lag > 0 ? { window: best, allowance: best.lag + best.period } : undefined;
  }

  /** The lag around a..b when it explains a miss of `miss` ms; `short` when lag was measured but is not enough. */
  explain(a: number, b: number, miss: number): { explained: LagAround } | { short: LagAround } | undefined {
    const around = this.around(a, b);
    if (!around) return undefined;
    return miss <= around.allowance ? { explained: around } : { short: around };
  }
}

/** `harness overloaded: event loop lagged 380 ms` (or the participant whose process lagged). */
export function overloadText(w: LagWindow): string {
  const lag = `${Math.round(w.lag)} ms`;
  return w.source === 'harness' ? `harness overloaded: event loop lagged ${lag}` : `${w.source} overloaded: its event loop lagged ${lag}`;
}

/** For a miss the lag does not explain: `the harness's event loop lagged at most 40 ms there, which does not explain 189 ms`. */
export function shortText(around: LagAround, miss: number): string {
  const who = around.window.source === 'harness' ? "the harness's event loop" : `${around.window.source}'s event loop`;
  return `${who} lagged at most ${Math.round(around.window.lag)} ms there, which does not explain ${Math.round(miss)} ms`;
}
