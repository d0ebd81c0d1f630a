import type { Trace, TraceEntry, TraceNote } from '../trace/types.ts';

/**
 * How far two traces' clocks may disagree once aligned by their headers' startedAt (ms): each is an
 * ISO time to the millisecond, read a moment apart from the monotonic clock its entries count from.
 */
export const ALIGNMENT_MS = 2;

/**
 * A load run's sample is checked on the trace the Interaction Server recorded in its own process, but the
 * agents' desktops answer from the harness's process: when the harness's event loop stalls, an accept
 * leaves late and the server, on time, revokes. The harness measured that stall (its `lag` notes, on its
 * own trace's clock); without them in the checked trace the matcher would blame the server. So they are
 * moved onto the server trace's clock, by the two headers' wall-clock starts, each window widened by the
 * alignment's uncertainty, and merged in time order (numbered after the trace's own entries).
 */
export function withHarnessLag(trace: Trace, lag: readonly TraceNote[], harnessStartedAt: string): Trace {
  const offset = Date.parse(harnessStartedAt) - Date.parse(trace.header.startedAt);
  if (lag.length === 0 || !Number.isFinite(offset)) return trace;
  let seq = 0;
  for (const e of trace.entries) if (e.seq > seq) seq = e.seq;
  const moved: TraceNote[] = [];
  for (const n of lag) {
    const { from, to } = n.data ?? {};
    if (typeof from !== 'number' || typeof to !== 'number') continue;
    const data = { ...n.data, from: from + offset - ALIGNMENT_MS, to: to + offset + ALIGNMENT_MS };
    moved.push({ ...n, seq: ++seq, t: n.t + offset, text: `${n.text}, on this trace's clock ${Math.round(data.from)}–${Math.round(data.to)} ms`, data });
  }
  moved.sort((a, b) => a.t - b.t);
  const entries: TraceEntry[] = [];
  let i = 0;
  for (const e of trace.entries) {
    while (i < moved.length && moved[i].t <= e.t) entries.push(moved[i++]);
    entries.push(e);
  }
  while (i < moved.length) entries.push(moved[i++]);
  return { ...trace, entries };
}
