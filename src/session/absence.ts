import { LagProfile, overloadText, shortText } from '../flow/lag.ts';
import type { Trace, TraceMessage } from '../trace/types.ts';

/**
 * The judgement of "no <message> reaches <participant> within N ms": a window the step opens at its own
 * moment (`from`, on the trace clock) and that lasts N ms of trace time — however long the harness
 * actually took to wait it out. Pure: the trace (with its lag notes) in, the verdict out.
 *
 * A message of that name to that participant stamped inside [from, from + N] fails the step, unless the
 * harness's measured lag (src/flow/lag.ts) may have put it there:
 * - near the window's start: a message within the lag after `from` may have been due before the window
 *   opened (a timer that fired late, a send the loop got to late);
 * - near its end: the step opens its window when the harness gets round to running it, so a lag since
 *   the trace's last message before `from` may have opened — and closed — the window that much late; a
 *   message within that lag of the end may belong after the window the feature meant. (With no message
 *   before the window, there is nothing it could have opened late after.)
 * Then it is inconc, the lag named. Any message inside the window that neither explains fails.
 */

export interface AbsenceQuery {
  message: string;
  to: string;
  /** When the window opened (trace ms). */
  from: number;
  ms: number;
}

export type AbsenceVerdict = { verdict: 'pass' } | { verdict: 'fail' | 'inconc'; seen: TraceMessage; text: string };

export function judgeAbsence(trace: Trace, q: AbsenceQuery): AbsenceVerdict {
  const until = q.from + q.ms;
  const lag = LagProfile.of(trace);
  /** The trace's last message before the window opened: what the step came after. */
  let anchor: number | undefined;
  let excused: { seen: TraceMessage; text: string } | undefined;
  for (const e of trace.entries) {
    if (e.type !== 'message') continue;
    if (e.t < q.from) {
      anchor = e.t;
      continue;
    }
    if (e.t > until) continue;
    if (e.to !== q.to || (e.message !== q.message && e.alias !== q.message)) continue;
    const where = `${q.message} reached ${q.to} at seq ${e.seq} (from ${e.from}, ${e.t.toFixed(0)} ms into the run), ${Math.round(e.t - q.from)} ms into the ${q.ms} ms window in which none may (from ${q.from.toFixed(0)} ms)`;
    const early = lag.explain(q.from, e.t, e.t - q.from);
    // Lag between that message and the opening (up to the opening: `around` adds one period after its end).
    const late = anchor === undefined ? undefined : lag.explain(anchor, q.from - lag.period, until - e.t);
    if (early && 'explained' in early) {
      excused ??= { seen: e, text: `${overloadText(early.explained.window)} around seq ${e.seq}: ${where}; it may have been due before the window opened` };
    } else if (late && 'explained' in late) {
      excused ??= { seen: e, text: `${overloadText(late.explained.window)} before the window opened: ${where}; the window may have opened that much late` };
    } else {
      const short = early && 'short' in early ? early.short : undefined;
      return { verdict: 'fail', seen: e, text: short ? `${where}; ${shortText(short, e.t - q.from)}` : where };
    }
  }
  return excused ? { verdict: 'inconc', ...excused } : { verdict: 'pass' };
}
