import { defaultCatalog } from '../catalog/catalog.ts';
import type { Trace, TraceEntry, TraceFooter, TraceMessage } from '../trace/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { cutResult, errorResult, prepare } from './match-setup.ts';
import { BROADCAST, Correlator, IGNORE } from './correlate.ts';
import { Attempts, countAttempts } from './attempts.ts';
import { finishInstance, missingAttempt } from './instance-result.ts';
import { Retirements } from './retirements.ts';
import { retirementResults } from './retire.ts';
import type { RetireOptions } from './retirements.ts';
import type { FinishContext } from './instance-result.ts';
import { InstanceRun } from './instance-run.ts';
import { LagProfile } from './lag.ts';
import type { MatchOptions } from './matcher.ts';
import type { RunContext } from './thread.ts';
import type { FlowModel, Step, Variant } from './model.ts';
import { participantsUsed, setupParticipants } from './participants.ts';
import { recordedProfile, underProfile } from './profile.ts';
import { worst } from './result.ts';
import type { InstanceResult, MatchResult } from './result.ts';
import { StepProgram } from './step-program.ts';
import { summarize } from './summary.ts';
import { sutParticipants, traceProblems } from './trace-problems.ts';
import { recordedTimers } from './recorded-timers.ts';
import { WaitingRuns } from './waiting-runs.ts';

/**
 * The matcher (matcher.ts says what it judges) fed one entry at a time, in trace order, so that a
 * trace need not be in memory to be checked. What it needs before the first message — the header, its
 * participants, the timers and lag the run recorded — comes from the trace's notes (`skeleton`: the
 * header, footer and every note; its messages need not be there). Each message is routed as it comes
 * (correlate.ts); what the matcher may read again later — an instance's own messages and the broadcasts
 * offered to instances waiting for them — goes into `entries` at its index; a broadcast nobody waited
 * for is kept only as its index (should a stuck instance's explanation need it at the end, finish() asks
 * for the trace again: refill); everything else (traffic no step mentions) is dropped. Memory grows with
 * what the instances hold, not with the trace. `entries` may instead be
 * the whole trace already in memory (matchTrace), which is then read where it is.
 */

/** How many entries and messages the trace holds: an error result reports them. */
export interface TraceCounts {
  entries: number;
  messages: number;
}

export type { RetireOptions } from './retirements.ts';

/** What only the end of the trace tells. */
export interface TraceEnd {
  /** The last entry's time (0 for none). */
  lastT: number;
  footer?: TraceFooter;
  /**
   * The entries that may be trace problems (trace-problems.ts): every bad frame and every message with
   * an error violation, at least; more (the whole trace) is fine.
   */
  problemEntries: Iterable<TraceEntry>;
}

export class Matching {
  readonly #model: FlowModel;
  readonly #variant: Variant;
  readonly #opts: MatchOptions;
  readonly #ctx: RunContext;
  readonly #correlator: Correlator;
  readonly #attempts: Attempts;
  readonly #pinned: Record<string, string>;
  /** Participants bound to a system under test (trace-problems.ts: their broken messages count wherever they are). */
  readonly #suts: ReadonlySet<string>;
  /** The trace's entries by index: all of them (given), or those kept as they came (stored). */
  readonly #entries: TraceEntry[];
  readonly #store: boolean;
  readonly #waiting = new WaitingRuns();
  readonly #broadcasts = new Map<string, number[]>();
  #messages = 0;
  #count = 0;
  /** Broadcasts not kept (no instance waited for them when they came). */
  #unkept = 0;
  #broadcastIndexes: Set<number> | undefined;
  /** Where entries are kept as they come, and retiring was asked for (retirements.ts). */
  #retire: Retirements | undefined;

  /** A Matching, or the error result when the model cannot be matched against this trace at all. */
  static start(declared: FlowModel, skeleton: Trace, opts: MatchOptions, counts: TraceCounts, entries?: TraceEntry[], retire?: RetireOptions): Matching | MatchResult {
    const model = underProfile(declared, opts.profile ?? recordedProfile(skeleton));
    const m = new Matching(model, skeleton, opts, counts, entries, retire);
    return m.#error ? withProfile(model, m.#error) : m;
  }

  #error: MatchResult | undefined;

  private constructor(model: FlowModel, skeleton: Trace, opts: MatchOptions, counts: TraceCounts, entries: TraceEntry[] | undefined, retire: RetireOptions | undefined) {
    this.#model = model;
    this.#opts = opts;
    this.#entries = entries ?? [];
    this.#store = entries === undefined;
    const catalog = opts.catalog ?? defaultCatalog;
    const variant = model.variants[opts.variant];
    this.#variant = variant;
    const fail = (reason: string): void => {
      this.#error = errorResult(model, counts, opts.variant, reason);
    };
    // Placeholders while an error result is all there is to say.
    this.#ctx = undefined as unknown as RunContext;
    this.#correlator = undefined as unknown as Correlator;
    this.#attempts = undefined as unknown as Attempts;
    this.#pinned = {};
    this.#suts = sutParticipants(skeleton);
    if (!variant) {
      const hint = didYouMean(opts.variant, Object.keys(model.variants));
      fail(`the model has no variant '${opts.variant}'${hint ? ` — ${hint}` : ''} (it has ${Object.keys(model.variants).join(', ')})`);
      return;
    }
    const phases = variant.phases.map((id) => model.phases[id]);
    const lost = variant.phases.find((id) => !model.phases[id]);
    if (lost !== undefined) {
      fail(`variant '${variant.id}' names phase '${lost}', which the model does not have`);
      return;
    }
    const root: Step[] = phases.map((p) => p.body);
    // A run records the timers it set (notes of kind timer), so a trace checked later is judged by the
    // timers it ran with; the caller's still win.
    const timers = { ...model.timers, ...recordedTimers(skeleton), ...opts.timers };

    const setup = setupParticipants(model, skeleton, participantsUsed(root), opts.bindings?.participants);
    if (setup.error) {
      fail(setup.error);
      return;
    }
    const values = prepare(model, root, timers, opts, setup.roleOf);
    if (!(values instanceof Map) && !values.absent) {
      fail(values.reason);
      return;
    }
    // A participant the trace lacks: a complete trace was set up without it (error); a cut one may
    // have lost it with the rest of what the cut hides (inconc), as finishContext's `cut` says.
    if (setup.absent !== undefined || !(values instanceof Map)) {
      const absent = setup.absent ?? (values as { reason: string }).reason;
      const footer = skeleton.footer;
      if (!footer || footer.status === 'interrupted') this.#error = cutResult(model, counts, opts.variant, footer, absent);
      else fail(absent);
      return;
    }

    const program = new StepProgram(root, values);
    this.#correlator = new Correlator(model.correlate, root, Object.values(model.phases).map((p) => p.body), catalog);
    this.#pinned = setup.pinned;
    this.#ctx = {
      model, program, entries: this.#entries, roleOf: setup.roleOf, pinned: setup.pinned,
      pinnedNames: new Set(Object.values(setup.pinned)), timers, origin: opts.origin, initialCaptures: opts.bindings?.captures ?? {},
      lag: LagProfile.of(skeleton),
    };
    // Only where entries are kept as they come: the whole trace in memory has nothing to gain.
    if (this.#store && retire) this.#retire = new Retirements(retire, this.#ctx.lag.around(-Infinity, Infinity)?.allowance ?? 0, skeleton.footer?.t);
    const correlated = this.#correlator.correlated;
    this.#attempts = new Attempts(this.#ctx, correlated, (run) => {
      if (correlated) this.#waiting.index(run);
    });
  }

  /** The trace's next entry; `i` is its index in the trace (0, 1, 2, … — notes and bad frames count). */
  feed(i: number, e: TraceEntry): void {
    this.#count = i + 1;
    if (this.#retire?.entry(i, e.t)) this.#sweep(e.t);
    if (e.type !== 'message') return;
    this.#messages++;
    const id = this.#correlator.route(e, this.#attempts);
    if (id === IGNORE) return;
    if (id === BROADCAST) {
      const key = this.#correlator.kindOf(e).key;
      let list = this.#broadcasts.get(key);
      if (!list) this.#broadcasts.set(key, (list = []));
      list.push(i);
      const set = this.#waiting.of(key);
      // Kept when some instance may take it (and read it again); otherwise only a stuck instance's
      // explanation may look at it, at the end — and then it is read again (finish, refill).
      if (this.#store) {
        // A retired run reads no entry again, though it still counts as waiting (see #sweep).
        let live = false;
        if (set) for (const run of set) if (!run.retired) live = true;
        if (live) this.#entries[i] = e;
        else this.#unkept++;
      }
      if (set) {
        for (const run of [...set]) {
          if (!run.feed(i, e, false)) continue;
          this.#waiting.index(run);
          this.#consider(run);
        }
      }
      return;
    }
    const run = this.#attempts.runs[id];
    // A retired run reads none of its messages again.
    if (this.#store && !run.retired) this.#entries[i] = e;
    if (!run.feed(i, e, true)) return;
    if (this.#correlator.correlated) this.#waiting.index(run);
    this.#consider(run);
  }

  /**
   * feed() of a message that routing ignores (Correlator.ignores said so, in order, of every message so
   * far): all feed() does with one — it counts, and it moves time on for retiring — without routing it.
   */
  ignored(i: number, t: number): void {
    this.#count = i + 1;
    if (this.#retire?.entry(i, t)) this.#sweep(t);
    this.#messages++;
  }

  /** After a run changed: whether, and from when, its result is final. */
  #consider(run: InstanceRun): void {
    this.#retire?.changed(run);
  }

  /** Retire every candidate the trace has passed by the slack: `t`, the time of the entry at hand. */
  #sweep(t: number): void {
    let fc: FinishContext | undefined;
    for (const run of this.#retire!.due(t)) {
      const k = this.#attempts.keyOf[run.id];
      // The key is set again at the end (a later message may link more values to it); the rest is final.
      const key = this.#correlator.keys[k];
      fc ??= this.#finishContext(t, undefined);
      const { result, reached } = retirementResults(run, key, fc);
      for (const e of run.own) delete this.#entries[e];
      // It stays where it waits (#waiting) until something reaches it; then it waits for nothing.
      run.retire(result, reached);
    }
  }

  /**
   * True when an entry came before the last moment a retired instance's result could change: the trace
   * is not in time order there, and its result must be found again without retiring (check-stream.ts).
   */
  get retiredWrongly(): boolean {
    return this.#retire?.wrongly ?? false;
  }

  /** Instances retired so far (retirements.ts). */
  get retired(): number {
    return this.#retire?.count ?? 0;
  }

  /**
   * For tests and benchmarks: runs opened, runs retired, entries kept to be read again, and what retired
   * runs still hold of their working state (threads, own entries, a dead thread) — none, once retired.
   */
  get bookkeeping(): { runs: number; retired: number; kept: number; retiredHold: number } {
    let kept = 0;
    for (const k in this.#entries) if (this.#entries[Number(k)] !== undefined) kept++;
    let retiredHold = 0;
    for (const run of this.#attempts.runs) if (run.retired) retiredHold += run.threads.length + run.own.length + (run.best ? 1 : 0);
    return { runs: this.#attempts.runs.length, retired: this.#retire?.count ?? 0, kept, retiredHold };
  }

  /** At a retirement, `lastT` is the time at hand and there is no footer: a final result reads neither. */
  #finishContext(lastT: number, footer: TraceFooter | undefined): FinishContext {
    const model = this.#model;
    return {
      policy: this.#opts.unexpected ?? this.#variant.unexpected ?? model.unexpected,
      endT: footer?.t ?? lastT,
      // Absent status is an older trace's (or a live snapshot's) normal footer.
      cut: !footer || footer.status === 'interrupted',
      broadcasts: this.#broadcasts,
      phases: this.#variant.phases.map((id) => model.phases[id]).map((p) => ({ id: p.id, title: p.title })),
      messageCount: this.#messages,
    };
  }

  /** A run's result: the one it was retired with, under its key as it stands now; else judged now. */
  #resultOf(run: InstanceRun, key: Record<string, unknown>, fc: FinishContext): InstanceResult {
    return run.retired ? { ...run.retired, key } : finishInstance(run, key, fc);
  }

  /**
   * The result; or `refill` when judging a stuck instance needs a broadcast that was not kept — then the
   * trace is fed again to refill(), in order, and finish() called again (it changes nothing it reads).
   */
  finish(end: TraceEnd): MatchResult | 'refill' {
    if (this.#unkept === 0) return this.#finish(end);
    const kept = this.#entries;
    // A hole where a broadcast was is an entry not kept; any other hole is never read.
    this.#ctx.entries = new Proxy(kept, {
      get(target, p, receiver) {
        const v: unknown = Reflect.get(target, p, receiver);
        if (v === undefined && typeof p === 'string' && /^\d+$/.test(p)) throw new NotKept();
        return v;
      },
    });
    try {
      return this.#finish(end);
    } catch (e) {
      if (e instanceof NotKept) return 'refill';
      throw e;
    } finally {
      this.#ctx.entries = kept;
    }
  }

  /** After finish() said `refill`: the trace's entries again, each with its index, as feed() had them. */
  refill(i: number, e: TraceEntry): void {
    if (this.#unkept === 0) return;
    if (e.type !== 'message' || this.#entries[i] !== undefined) return;
    this.#broadcastIndexes ??= new Set([...this.#broadcasts.values()].flat());
    if (this.#broadcastIndexes.has(i)) this.#entries[i] = e;
  }

  /** Call when refill() has had every entry: every broadcast is kept from now on. */
  refilled(): void {
    this.#unkept = 0;
    this.#broadcastIndexes = undefined;
  }

  #finish(end: TraceEnd): MatchResult {
    const model = this.#model;
    const correlator = this.#correlator;
    const attempts = this.#attempts;
    const fc = this.#finishContext(end.lastT, end.footer);
    const asked = this.#opts.attempt ?? 'any';
    const instances: InstanceResult[] = [];
    const others: InstanceResult[] = [];
    let counting = false;
    const waitingToStart: Array<{ run: InstanceRun; key: Record<string, unknown> }> = [];
    for (let k = 0; k < attempts.byKey.length; k++) {
      const list = attempts.byKey[k];
      if (!list) continue;
      const key = { ...correlator.keys[k] };
      if (!list[0].started) waitingToStart.push({ run: list[0], key });
      else if (list.length === 1 && typeof asked !== 'number') instances.push(this.#resultOf(list[0], key, fc));
      else {
        counting = true;
        const results = list.map((run, n) => ({ ...this.#resultOf(run, key, fc), attempt: { index: n + 1, of: list.length } }));
        const missing = (n: number) => missingAttempt(list[list.length - 1], key, fc, attempts.openingStep, n, list.length);
        const chosen = countAttempts(results, asked, missing);
        instances.push(...chosen.counted);
        others.push(...chosen.others);
      }
    }
    let notStarted = waitingToStart.map(({ run, key }) => ({ key, firstSeq: (this.#entries[run.own[0]] as TraceMessage).seq }));
    if (instances.length === 0) {
      // Nothing started: the instances that were seen fail on the first step (or the model itself does).
      for (const { run, key } of waitingToStart) instances.push(finishInstance(run, key, fc));
      if (instances.length === 0) instances.push(finishInstance(new InstanceRun(this.#ctx, -1, 0), {}, fc));
      notStarted = [];
    }

    const problems = traceProblems(end.problemEntries, instances, this.#pinned, this.#suts);
    const verdict = worst(...instances.map((r) => r.verdict), problems.length > 0 ? 'fail' : 'pass');
    return withProfile(model, {
      verdict,
      summary: summarize(verdict, instances, problems),
      model: { name: model.name, file: model.file, hash: model.hash },
      variant: this.#opts.variant,
      instances,
      notStarted,
      problems,
      ...(counting ? { attempts: { asked, others } } : {}),
      stats: { entries: this.#count, messages: this.#messages, instances: instances.length },
    });
  }
}

/** finish() read an entry that was not kept. */
class NotKept extends Error {}

function withProfile(model: FlowModel, result: MatchResult): MatchResult {
  return model.profile !== undefined ? { ...result, profile: { name: model.profile, default: model.profile === model.profiles?.default } } : result;
}
