/**
 * The matcher: (model, variant, trace) → MatchResult, a pure function whose result is plain data
 * (reporters draw diagrams from it; explain() turns it into text). Its semantics:
 *
 * Participants. A model participant binds to a trace participant of its role (trace header, plus
 * `participant` notes). Pinned by the model's `name` or the run's bindings; otherwise bound on its
 * first matching message, separately in every instance, never two model participants to one trace
 * participant. A trace with no participant of a needed role (or a pin to a missing one) → error.
 *
 * Correlation (correlate.ts). A message carrying a value of a `correlate` capture where the model's
 * steps put that capture (for that message; for a message no step gives such a path, at any path the
 * model uses for the capture) belongs to the instance of that value — a new value opens a new instance.
 * A response without one follows its request (same connection, referenceId, sent by the other end).
 * Anything else cannot be attributed: it is offered only to the instances with a thread waiting for
 * that message (a ready step or an open never window) — so its cost is the number of instances
 * waiting for it, not the number of instances — and, since it may belong to another instance, the
 * threads that take it run beside the threads that leave it, and it never kills a thread by its
 * timing. Without `correlate`, the whole trace is one instance.
 *
 * Attempts (attempts.ts). A correlated instance is keyed by its values AND the occurrence of the
 * variant's opening step: a message that fits an opening step (RequestRouteCall), for values whose
 * latest attempt has begun and cannot take it as a next step, opens a new attempt — the same
 * interaction routed again after a reject or a timeout. A message of those values then goes to the
 * attempt of the request it answers (referenceId), else to the latest attempt that would take it or
 * forbid it (a ready step, an open never window), else to the latest. Each attempt is matched as an
 * instance. opts.attempt says which count: 'any' (default) — the values follow the variant when one
 * of their attempts does (the first that passes; else the one that followed it furthest, a message
 * that came wrong before one that did not come, the later on a tie), so a feature checks "variant
 * reject" then "variant accept" and each finds its attempt; n — the n-th attempt (one that never began
 * fails on the opening step, inconc in a cut trace); 'each' — every attempt. Attempts judged but not
 * counted are listed in `attempts.others`. Uncorrelated models have no attempts.
 *
 * Steps (step-program.ts, instance-run.ts). Within an instance each message step matches the FIRST
 * later message that fits it (direction, name, attributes, captures). Alternatives (one-of, optional,
 * repeat, for-each, any-order) run as parallel threads, merged when they reach the same position with
 * the same captures and bindings, so the cost is linear in the trace; any-order of n steps may cost
 * 2^n positions (the documented exception), capped at MAX_POSITIONS = 5000 (then error, not a hang).
 * The run's capture bindings (opts.bindings.captures) are bound in every instance from the start.
 * - within N: at most N ms after the instance's previous matched message; a message that fits but is
 *   later kills the thread with a 'timing' divergence.
 * - after {timer, since, tolerance}: the timer (run's value, else the model's) counted from the `since`
 *   step's message, give or take tolerance (default max(100 ms, 10% of the timer)); early or late →
 *   'timing'.
 * - before {timer, since, tolerance}: a deadline, counted as after is: a message later than the timer's
 *   expiry plus tolerance (default max(250 ms, 10% of the timer)) → 'timing'; a step still awaited when the trace ends before the deadline → inconc.
 * - never {pattern, window}: zero-width; from the previous matched message until the window closes
 *   (ms, timer + margin, or the end of the trace), any message of the instance fitting the pattern →
 *   'forbidden'. If the trace ends (footer time, else the last entry's) inside the window, the instance
 *   is inconc: "the trace ends X ms into a Y ms window of never ...".
 * - Lag (lag.ts). The trace's `lag` notes say how late the run's event loop ran. A timing miss the lag
 *   measured around it explains — a within or after message late by no more than the largest lag noted
 *   between the two messages (and one sampling period after) plus one period — is taken, on that
 *   excuse: the thread goes on and is judged to the end, but cannot pass: inconc, "harness overloaded:
 *   event loop lagged 380 ms between seq 35 and seq 36". Lag never makes a timer fire early, nor a
 *   reference participant's message (stamped as sent) come early or inside a window: an early message,
 *   or a forbidden one, is excused only where a stamp in play was taken on receipt from another process
 *   (a participant bound to a SUT). A miss the lag does not explain stays 'timing' or 'forbidden', the
 *   lag named in its detail. Of two threads at one position, the one without an excuse is kept.
 * - for-each iterates over the run's params[name], else the param's default, else (for a param with a
 *   role) every trace participant of that role, in trace order.
 * - unexpected: the run's policy, else the variant's, else the model's. Under `fail`, a message of the
 *   instance (correlated or paired to it — uncorrelated traffic is never blamed on one instance) that
 *   no step matched, between two participants bound in the instance, after its first and before its
 *   last matched message → 'unexpected'.
 *
 * Verdicts. Instances whose first step never matched are listed in notStarted and do not count —
 * unless no instance started, then they (or, when none exists, the model itself) fail on the first
 * step. An instance passes when a thread reaches the end (of those that do: pass before inconc before
 * fail, then the one that matched most; a thread that needed the lag's excuse is inconc, its `doubt` kept); that thread's matched messages must not break the catalog
 * ('protocol'). Otherwise the dead thread that matched most, when no live thread matched more, tells the
 * timing or forbidden message that killed it; else every step the live threads that matched most wait
 * for is a candidate (stuck.ts), and the divergence reported is, in this order: 'attributes' (a message
 * of that name and direction, after the step became ready, differing only in attributes), 'order' (a
 * fitting message of the instance after it began, before the message the step must follow), 'missing'
 * for a step every one of those threads waits for, then 'missing' for one only some do (an optional
 * step beside it). A missing step's `after` is the message it must follow (readiness.ts), not the last
 * message matched.
 * A trace cut short — no footer, or footer status 'interrupted' — cannot show that a message never
 * came: when the only candidates are steps still awaited whose deadline (after: the timer's expiry plus
 * tolerance; within: N ms after the previous match) lies past the trace's end, or that have none, the
 * instance is inconc, its `pending` step named ("the trace ends at 246 ms, before the delivering timer
 * of 20 s could expire"; "…, cut before ixn → agent EventAck could arrive"). A deadline the recorded
 * trace already passed, and every divergence the trace shows, still fail. A footer without status (old
 * traces, the live session's snapshots) is complete. A participant the model needs (its role, or a name
 * it pins) that a cut trace does not have may not have joined before the cut: inconc, with no instance;
 * in a complete trace, error (the trace cannot be matched against this model at all).
 * Phases before the divergence pass, its phase takes the instance's verdict; later phases pass when the
 * thread reached the end (unexpected, protocol), else they were never reached: inconc.
 * Bad frames and messages with error violations between
 * participants bound in the result, or sent by a participant bound to a system under test, outside every
 * matched step, are listed in `problems` and fail the result. The result's verdict is the worst of all. ALIAS_USED goes to aliasesUsed, never a failure.
 */
import type { Trace, TraceEntry } from '../trace/types.ts';
import { Matching } from './trace-matching.ts';
import type { UnexpectedPolicy } from './model.ts';
import type { FlowModel } from './model.ts';
import type { AttemptChoice } from './attempts.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { MatchResult } from './result.ts';

export type { UnexpectedPolicy } from './model.ts';
export type { AttemptChoice } from './attempts.ts';
export { recordedTimers } from './recorded-timers.ts';
export interface MatchOptions {
  variant: string;
  catalog?: Catalog;
  /** Override the model's timer defaults (ms). */
  timers?: Record<string, number>;
  /** Values for the model's params (for-each lists). */
  params?: Record<string, unknown>;
  bindings?: { participants?: Record<string, string>; captures?: Record<string, unknown> };
  /** The Gherkin step that asked for the check, copied into every StepRef. */
  origin?: { uri: string; line: number; text: string };
  unexpected?: UnexpectedPolicy;
  /**
   * For correlation values whose opening step came more than once (a redelivery, attempts.ts): 'any'
   * (default) — they follow the variant when one attempt does; n — the n-th attempt must; 'each' — all must.
   */
  attempt?: AttemptChoice;
  /**
   * The profile to read the model under (profile.ts); default: the one the trace records (a run's
   * --profile), else the model's default. A model without profiles ignores it.
   */
  profile?: string;
}

/** The whole trace in memory: every entry fed to one Matching (trace-matching.ts), which reads them where they are. */
export function matchTrace(declared: FlowModel, trace: Trace, opts: MatchOptions): MatchResult {
  const entries = trace.entries;
  // What Matching.start reads of a trace is its skeleton — header, footer, notes (trace-matching.ts) —
  // found here in one pass, with the messages counted, rather than by each of its readers in turn.
  const notes: TraceEntry[] = [];
  let messages = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type === 'message') messages++;
    else if (e.type === 'note') notes.push(e);
  }
  const skeleton: Trace = { header: trace.header, entries: notes, ...(trace.footer ? { footer: trace.footer } : {}) };
  const m = Matching.start(declared, skeleton, opts, { entries: entries.length, messages }, entries);
  if (!(m instanceof Matching)) return m;
  // The entries that may be trace problems (TraceEnd), picked while each is at hand: a second pass over
  // a whole trace in memory costs as much as a cache miss per entry.
  const problemEntries: TraceEntry[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    m.feed(i, e);
    if (e.type === 'bad-frame' || (e.type === 'message' && e.violations !== undefined && e.violations.length > 0)) problemEntries.push(e);
  }
  const result = m.finish({ lastT: entries.length > 0 ? entries[entries.length - 1].t : 0, footer: trace.footer, problemEntries });
  // Given the whole trace, a Matching keeps every entry where it is: there is nothing to read again.
  if (result === 'refill') throw new Error('matchTrace: a Matching over the whole trace asked to read it again');
  return result;
}
