import type { Trace } from '../trace/types.ts';
import { deliverEvent } from './deliver-steps.ts';
import { ALIGNMENT_MS } from './harness-lag.ts';

/**
 * The trace an interrupted load run's sample is checked on: what was recorded up to the interrupt,
 * sealed there with an `interrupted` footer. After the interrupt comes the teardown it caused — agents
 * logged out, connections closed, a server process stopping on the same Ctrl-C — and a plain footer
 * written after that teardown would have the matcher judge the instances the interrupt cut as if they
 * had run to their end (a RequestAccept with no EventRouteUsed after it: fail). Sealed at the
 * interrupt, what the cut may have lost is inconc (matcher.ts: a cut trace), while a divergence or a
 * passed deadline the trace shows before it still fails.
 *
 * `at` is on the trace's own clock; a trace that already ends earlier (its own footer says it was
 * interrupted sooner, or it simply ends) keeps its end.
 */
export function cutAt(trace: Trace, at: number): Trace {
  const end = trace.footer && trace.footer.t < at ? trace.footer.t : at;
  const entries = trace.entries.filter((e) => e.t <= end);
  return { ...trace, entries, footer: { type: 'footer', t: end, entries: entries.length, status: 'interrupted' } };
}

/**
 * Where the harness's interrupt (`harnessAt`, ms on the harness's trace clock) falls on the clock of a
 * trace another process recorded (the own-process Interaction Server's), aligned by the two headers'
 * wall-clock starts. The alignment is good to ALIGNMENT_MS either way: the earlier end is taken, so
 * nothing the teardown caused is judged. A server that was itself interrupted sooner (Ctrl-C in a
 * terminal reaches every process of the group, and the harness may hear it last) seals its own trace
 * there (serve --control), and cutAt keeps that earlier end.
 */
export function onTheirClock(harnessAt: number, harnessStartedAt: string, theirs: Trace): number {
  const offset = Date.parse(harnessStartedAt) - Date.parse(theirs.header.startedAt);
  return Number.isFinite(offset) ? Math.max(0, harnessAt + offset - ALIGNMENT_MS) : harnessAt;
}

/**
 * The instances of a cut trace that had settled before the cut: EventRouteUsed (the model's last
 * message) recorded by `by` — the cut less the wait an uninterrupted run gives its last instance for
 * its never windows to close. They had all the time a run that ran its course gives them, so they are
 * judged as on a complete trace: a message such an instance never got is missing, not "cut before it
 * could arrive", and the server's failure before the interrupt still fails the run.
 */
export function settledBy(trace: Trace, by: number): Set<string> {
  const last = new Map<string, number>();
  for (const e of trace.entries) {
    const ev = deliverEvent(e);
    if (ev?.event === 'route-used') last.set(ev.interaction, Math.max(e.t, last.get(ev.interaction) ?? -Infinity));
  }
  return new Set([...last].filter(([, t]) => t <= by).map(([id]) => id));
}
