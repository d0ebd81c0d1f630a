import { LagProfile, overloadText, shortText } from '../flow/lag.ts';
import type { Trace, TraceMessage } from '../trace/types.ts';

/**
 * The judgement of "no <message> reaches <participant> within N ms": a window that opens when the
 * scenario's last stimulus began (`from`, on the trace clock) and closes N ms of trace time after that
 * stimulus was done (`ended` + N) — however long the harness actually took to wait it out. With no
 * stimulus, both are the step's own moment: N ms from then. Pure: the trace (with its lag notes) in, the
 * verdict out.
 *
 * Why from the start: anything from the moment the harness asked may be the stimulus's effect, and a
 * server that answers fast sends it before the stimulus returns (the reference Interaction Server tells the
 * Stat Server of a logout before the desktop hears back). A window opened at `ended` never saw those.
 *
 * A message of that name to that participant stamped inside [from, ended + N] fails the step, unless the
 * harness's measured lag (src/flow/lag.ts) may have put it there:
 * - near the window's start: a message within the lag after `from` may have been due before the window
 *   opened (a timer that fired late, a send the loop got to late);
 * - near its end: the window closes N ms after the harness got round to seeing the stimulus done (or to
 *   running the step), so a lag since the trace's last message before that moment may have closed the
 *   window that much late; a message within that lag of the end may belong after the window the feature
 *   meant. (With no message before it, there is nothing it could have come late after.)
 * Then it is inconc, the lag named. Any message inside the window that neither explains fails.
 */

export interface AbsenceQuery {
  message: string;
  to: string;
  /** When the window opened (trace ms): the last stimulus's start, or the step's moment before any. */
  from: number;
  /** When the last stimulus was done (trace ms; `from` when there was none): the window lasts `ms` past it. */
  ended?: number;
  ms: number;
}

export type AbsenceVerdict = { verdict: 'pass' } | { verdict: 'fail' | 'inconc'; seen: TraceMessage; text: string };

export function judgeAbsence(trace: Trace, q: AbsenceQuery): AbsenceVerdict {
  const ended = Math.max(q.from, q.ended ?? q.from);
  const until = ended + q.ms;
  const lag = LagProfile.of(trace);
  /** The trace's last message before the moment the window's N ms began: what its end came after. */
  const anchor = lastMessageBefore(trace, ended);
  let excused: { seen: TraceMessage; text: string } | undefined;
  for (const e of trace.entries) {
    if (e.type !== 'message' || e.t < q.from || e.t > until) continue;
    if (e.to !== q.to || (e.message !== q.message && e.alias !== q.message)) continue;
    const where = `${q.message} reached ${q.to} at seq ${e.seq} (from ${e.from}, ${e.t.toFixed(0)} ms into the run), ${windowText(q, ended, e.t)}`;
    const early = lag.explain(q.from, e.t, e.t - q.from);
    // Lag between that message and the end's start (up to it: `around` adds one period after its end).
    const late = anchor === undefined ? undefined : lag.explain(anchor, ended - lag.period, until - e.t);
    if (early && 'explained' in early) {
      excused ??= { seen: e, text: `${overloadText(early.explained.window)} around seq ${e.seq}: ${where}; it may have been due before the window opened` };
    } else if (late && 'explained' in late) {
      const when = ended === q.from ? 'before the window opened' : 'before the last stimulus was done';
      const what = ended === q.from ? 'opened' : 'closed';
      excused ??= { seen: e, text: `${overloadText(late.explained.window)} ${when}: ${where}; the window may have ${what} that much late` };
    } else {
      const short = early && 'short' in early ? early.short : undefined;
      return { verdict: 'fail', seen: e, text: short ? `${where}; ${shortText(short, e.t - q.from)}` : where };
    }
  }
  return excused ? { verdict: 'inconc', ...excused } : { verdict: 'pass' };
}

function lastMessageBefore(trace: Trace, t: number): number | undefined {
  let last: number | undefined;
  for (const e of trace.entries) if (e.type === 'message' && e.t < t) last = e.t;
  return last;
}

/** Where in the window `t` fell, and what the window was: so a reader sees why a message that came early in the stimulus counts. */
function windowText(q: AbsenceQuery, ended: number, t: number): string {
  const into = Math.round(t - q.from);
  if (ended === q.from) return `${into} ms into the ${q.ms} ms window in which none may (from ${q.from.toFixed(0)} ms)`;
  return `${into} ms after the last stimulus began, inside the window in which none may (from ${q.from.toFixed(0)} ms, when it began, to ${(ended + q.ms).toFixed(0)} ms, ${q.ms} ms after it was done at ${ended.toFixed(0)} ms)`;
}
