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
 * - never {pattern, window}: zero-width; from the previous matched message until the window closes
 *   (ms, timer + margin, or the end of the trace), any message of the instance fitting the pattern →
 *   'forbidden'. If the trace ends (footer time, else the last entry's) inside the window, the instance
 *   is inconc: "the trace ends X ms into a Y ms window of never ...".
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
 * fail, then the one that matched most); that thread's matched messages must not break the catalog
 * ('protocol'). Otherwise the thread that matched most tells the first divergence (a dead one on a
 * tie): the timing or forbidden message that killed it, or the first step, in model order, it waits
 * for — 'attributes' (a later message of that name and direction with different attributes), 'order'
 * (a fitting message came before the step it must follow) or 'missing'. Phases before the divergence
 * pass, its phase takes the instance's verdict; later phases pass when the thread reached the end
 * (unexpected, protocol), else they were never reached: inconc.
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
import { finishInstance } from './instance-result.ts';
import type { FinishContext } from './instance-result.ts';
import { InstanceRun } from './instance-run.ts';
import type { RunContext } from './thread.ts';
import type { FlowModel, ForEachStep, Step, UnexpectedPolicy } from './model.ts';
import { participantsUsed, setupParticipants } from './participants.ts';
import { worst } from './result.ts';
import type { InstanceResult, MatchResult, TraceProblem } from './result.ts';
import { StepProgram, walkSteps } from './step-program.ts';
import { summarize } from './summary.ts';

export type { UnexpectedPolicy } from './model.ts';

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

export function matchTrace(model: FlowModel, trace: Trace, opts: MatchOptions): MatchResult {
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
  };
  const runs: InstanceRun[] = [];
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

  let messages = 0;
  const entries = trace.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'message') continue;
    messages++;
    const id = correlator.route(e);
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
    let run = runs[id];
    if (!run) {
      run = runs[id] = new InstanceRun(ctx, id, e.t);
      if (correlator.correlated) reindex(run);
    }
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
  const instances: InstanceResult[] = [];
  const waitingToStart: Array<{ run: InstanceRun; key: Record<string, unknown> }> = [];
  for (const run of runs) {
    if (!run) continue;
    const key = { ...correlator.keys[run.id] };
    if (run.started) instances.push(finishInstance(run, key, fc));
    else waitingToStart.push({ run, key });
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
    stats: { entries: entries.length, messages, instances: instances.length },
  };
}

/** Bad frames and catalog errors between participants the result bound, outside every matched step. */
function traceProblems(trace: Trace, instances: readonly InstanceResult[], pinned: Record<string, string>): TraceProblem[] {
  const bound = new Set(Object.values(pinned));
  const matched = new Set<number>();
  for (const r of instances) {
    for (const n of Object.values(r.participants)) bound.add(n);
    for (const m of r.matched) matched.add(m.seq);
  }
  const out: TraceProblem[] = [];
  for (const e of trace.entries) {
    if (e.type === 'note' || !bound.has(e.from) || !bound.has(e.to)) continue;
    if (e.type === 'message' && matched.has(e.seq)) continue;
    const violations = (e.violations ?? []).filter((v) => v.severity === 'error');
    if (e.type === 'bad-frame') out.push({ seq: e.seq, from: e.from, to: e.to, violations });
    else if (violations.length > 0) out.push({ seq: e.seq, from: e.from, to: e.to, message: e.message, violations });
  }
  return out;
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
