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
 * traces, the live session's snapshots) is complete.
 * Phases before the divergence pass, its phase takes the instance's verdict; later phases pass when the
 * thread reached the end (unexpected, protocol), else they were never reached: inconc.
 * Bad frames and messages with error violations between
 * participants bound in the result, outside every matched step, are listed in `problems` and fail the
 * result. The result's verdict is the worst of all. ALIAS_USED goes to aliasesUsed, never a failure.
 */
import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { ROLE_LABELS } from '../catalog/types.ts';
import type { Role } from '../catalog/types.ts';
import type { TraceMessage, Trace } from '../trace/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { valueText } from './attribute-matcher.ts';
import { BROADCAST, Correlator, IGNORE, messageKey } from './correlate.ts';
import { Attempts, countAttempts } from './attempts.ts';
import type { AttemptChoice } from './attempts.ts';
import { finishInstance, missingAttempt } from './instance-result.ts';
import type { FinishContext } from './instance-result.ts';
import { InstanceRun } from './instance-run.ts';
import { LagProfile } from './lag.ts';
import type { RunContext } from './thread.ts';
import type { FlowModel, ForEachStep, Step, UnexpectedPolicy } from './model.ts';
import { participantsUsed, setupParticipants } from './participants.ts';
import { recordedProfile, underProfile } from './profile.ts';
import { worst } from './result.ts';
import type { InstanceResult, MatchResult } from './result.ts';
import { StepProgram, walkSteps } from './step-program.ts';
import { summarize } from './summary.ts';
import { traceProblems } from './trace-problems.ts';

export type { UnexpectedPolicy } from './model.ts';
export type { AttemptChoice } from './attempts.ts';

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

function errorResult(model: FlowModel, trace: Trace, variant: string, reason: string): MatchResult {
  return {
    verdict: 'error',
    summary: `error: ${reason}`,
    model: { name: model.name, file: model.file, hash: model.hash },
    variant,
    instances: [],
    notStarted: [],
    problems: [],
    stats: { entries: trace.entries.length, messages: trace.entries.filter((e) => e.type === 'message').length, instances: 0 },
  };
}

/** Resolve for-each lists and check that every timer has a value; a string is the reason it cannot run. */
function prepare(model: FlowModel, root: readonly Step[], timers: Record<string, number>, opts: MatchOptions, roleOf: Map<string, Role>): Map<ForEachStep, readonly unknown[]> | string {
  const values = new Map<ForEachStep, readonly unknown[]>();
  let problem: string | undefined;
  const needTimer = (name: string): void => {
    if (problem === undefined && typeof timers[name] !== 'number') problem = `timer '${name}' has no value: the model's timers do not define it and the run gives none`;
  };
  walkSteps(root, (s) => {
    if (s.kind === 'message' && s.timing?.after) needTimer(s.timing.after.timer);
    if (s.kind === 'message' && s.timing?.before) needTimer(s.timing.before.timer);
    if (s.kind === 'never' && s.window.kind === 'timer') needTimer(s.window.timer);
    if (s.kind !== 'for-each' || problem !== undefined) return;
    const param = model.params[s.in];
    let v = opts.params?.[s.in] ?? param?.default;
    if (v === undefined && param?.role) {
      v = [...roleOf].filter(([, r]) => r === param.role).map(([n]) => n);
      // Zero rounds would pass vacuously: a trace without the role cannot say anything here.
      if ((v as string[]).length === 0) problem = `the trace has no ${ROLE_LABELS[param.role]} participant for for-each ${s.variable} in ${s.in}`;
    }
    if (problem !== undefined) return;
    if (!Array.isArray(v)) problem = `for-each ${s.variable} in ${s.in} needs a list, and the param is ${v === undefined ? 'not given' : valueText(v)}`;
    else values.set(s, v);
  });
  return problem ?? values;
}

export function matchTrace(declared: FlowModel, trace: Trace, opts: MatchOptions): MatchResult {
  const model = underProfile(declared, opts.profile ?? recordedProfile(trace));
  const result = matchModel(model, trace, opts);
  return model.profile !== undefined ? { ...result, profile: { name: model.profile, default: model.profile === model.profiles?.default } } : result;
}

function matchModel(model: FlowModel, trace: Trace, opts: MatchOptions): MatchResult {
  const catalog = opts.catalog ?? defaultCatalog;
  const variant = model.variants[opts.variant];
  if (!variant) {
    const hint = didYouMean(opts.variant, Object.keys(model.variants));
    return errorResult(model, trace, opts.variant, `the model has no variant '${opts.variant}'${hint ? ` — ${hint}` : ''} (it has ${Object.keys(model.variants).join(', ')})`);
  }
  const phases = variant.phases.map((id) => model.phases[id]);
  const lost = variant.phases.find((id) => !model.phases[id]);
  if (lost !== undefined) return errorResult(model, trace, opts.variant, `variant '${variant.id}' names phase '${lost}', which the model does not have`);
  const root: Step[] = phases.map((p) => p.body);
  // A run records the timers it set (notes of kind timer), so a trace checked later is judged by the
  // timers it ran with; the caller's still win.
  const timers = { ...model.timers, ...recordedTimers(trace), ...opts.timers };

  const setup = setupParticipants(model, trace, participantsUsed(root), opts.bindings?.participants);
  if (setup.error) return errorResult(model, trace, opts.variant, setup.error);
  const values = prepare(model, root, timers, opts, setup.roleOf);
  if (typeof values === 'string') return errorResult(model, trace, opts.variant, values);

  const program = new StepProgram(root, values);
  const correlator = new Correlator(model.correlate, root, Object.values(model.phases).map((p) => p.body), catalog);
  const ctx: RunContext = {
    model, program, entries: trace.entries, roleOf: setup.roleOf, pinned: setup.pinned,
    pinnedNames: new Set(Object.values(setup.pinned)), timers, origin: opts.origin, initialCaptures: opts.bindings?.captures ?? {},
    lag: LagProfile.of(trace),
  };
  const waiting = new Map<string, Set<InstanceRun>>();
  const broadcasts = new Map<string, number[]>();
  const reindex = (run: InstanceRun): void => {
    const keys = run.computeWaitKeys(messageKey);
    for (const k of run.waitKeys) if (!keys.has(k)) waiting.get(k)?.delete(run);
    for (const k of keys) {
      if (run.waitKeys.has(k)) continue;
      let set = waiting.get(k);
      if (!set) waiting.set(k, (set = new Set()));
      set.add(run);
    }
    run.waitKeys = keys;
  };

  const attempts = new Attempts(ctx, correlator.correlated, (run) => {
    if (correlator.correlated) reindex(run);
  });
  let messages = 0;
  const entries = trace.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'message') continue;
    messages++;
    const id = correlator.route(e, attempts);
    if (id === IGNORE) continue;
    if (id === BROADCAST) {
      const key = messageKey(e.protocol, e.message);
      let list = broadcasts.get(key);
      if (!list) broadcasts.set(key, (list = []));
      list.push(i);
      const set = waiting.get(key);
      if (set) for (const run of [...set]) if (run.feed(i, e, false)) reindex(run);
      continue;
    }
    const run = attempts.runs[id];
    if (run.feed(i, e, true) && correlator.correlated) reindex(run);
  }

  const last = entries.length > 0 ? entries[entries.length - 1].t : 0;
  const fc: FinishContext = {
    policy: opts.unexpected ?? variant.unexpected ?? model.unexpected,
    endT: trace.footer?.t ?? last,
    // Absent status is an older trace's (or a live snapshot's) normal footer.
    cut: !trace.footer || trace.footer.status === 'interrupted',
    broadcasts,
    phases: phases.map((p) => ({ id: p.id, title: p.title })),
    messageCount: messages,
  };
  const asked = opts.attempt ?? 'any';
  const instances: InstanceResult[] = [];
  const others: InstanceResult[] = [];
  let counting = false;
  const waitingToStart: Array<{ run: InstanceRun; key: Record<string, unknown> }> = [];
  for (let k = 0; k < attempts.byKey.length; k++) {
    const list = attempts.byKey[k];
    if (!list) continue;
    const key = { ...correlator.keys[k] };
    if (!list[0].started) waitingToStart.push({ run: list[0], key });
    else if (list.length === 1 && typeof asked !== 'number') instances.push(finishInstance(list[0], key, fc));
    else {
      counting = true;
      const results = list.map((run, n) => ({ ...finishInstance(run, key, fc), attempt: { index: n + 1, of: list.length } }));
      const missing = (n: number) => missingAttempt(list[list.length - 1], key, fc, attempts.openingStep, n, list.length);
      const chosen = countAttempts(results, asked, missing);
      instances.push(...chosen.counted);
      others.push(...chosen.others);
    }
  }
  let notStarted = waitingToStart.map(({ run, key }) => ({ key, firstSeq: (entries[run.own[0]] as TraceMessage).seq }));
  if (instances.length === 0) {
    // Nothing started: the instances that were seen fail on the first step (or the model itself does).
    for (const { run, key } of waitingToStart) instances.push(finishInstance(run, key, fc));
    if (instances.length === 0) instances.push(finishInstance(new InstanceRun(ctx, -1, 0), {}, fc));
    notStarted = [];
  }

  const problems = traceProblems(trace, instances, setup.pinned);
  const verdict = worst(...instances.map((r) => r.verdict), problems.length > 0 ? 'fail' : 'pass');
  return {
    verdict,
    summary: summarize(verdict, instances, problems),
    model: { name: model.name, file: model.file, hash: model.hash },
    variant: opts.variant,
    instances,
    notStarted,
    problems,
    ...(counting ? { attempts: { asked, others } } : {}),
    stats: { entries: entries.length, messages, instances: instances.length },
  };
}

/** Timer values a run set, from its `timer` notes (`data: { name, ms }`), the last one of each name winning. */
export function recordedTimers(trace: Trace): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of trace.entries) {
    if (e.type !== 'note' || e.kind !== 'timer' || !e.data) continue;
    const { name, ms } = e.data;
    if (typeof name === 'string' && typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out[name] = ms;
  }
  return out;
}
