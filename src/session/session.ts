import { setMaxListeners } from 'node:events';
import { NO_BINDINGS, ReplayScript, traceObserver } from '../adapters/index.ts';
import type { Bindings, Stimulus } from '../adapters/index.ts';
import type { Role } from '../catalog/types.ts';
import type { FlowModel } from '../flow/model.ts';
import type { MatchResult } from '../flow/result.ts';
import { Redactor } from '../secrets/redactor.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import type { Trace } from '../trace/types.ts';
import { Cast } from './cast.ts';
import { nextEntry, sleepUnlessAborted } from './waits.ts';
import { LagMonitor } from './lag-monitor.ts';
import { fastDefaultsFor, ScenarioTimers } from './scenario-timers.ts';
import type { CastMember, ParticipantSpec } from './cast.ts';
import { InteractionNames } from './interaction-names.ts';
import { InterruptedError, ScenarioError, SetupError } from './scenario-error.ts';
import type { SessionOptions } from './session-options.ts';
import { FLOWCERT_VERSION } from './version.ts';

export type { SessionOptions } from './session-options.ts';

/** A stimulus on the trace clock: `began` before the participant was asked, `ended` once it said it was done. */
export interface StimulusSpan {
  began: number;
  ended: number;
}

/** One flow check made in a scenario, kept for the reports (sequence diagrams, certificates). */
export interface FlowCheck {
  model: FlowModel;
  variant: string;
  result: MatchResult;
  origin?: { uri: string; line: number; text: string };
}

/** Something to attach to the scenario's report, built when the report is written (a process's output so far). */
export interface Artifact {
  name: string;
  mediaType: string;
  body: () => string;
}

/**
 * One scenario run without cucumber: participants bound (through adapters) and started, stimulated,
 * every message recorded, flows checked. Steps and the CLI drive it; it never decides how a result is
 * shown.
 */
export class Session {
  readonly name: string;
  readonly recorder: TraceRecorder;
  readonly checks: FlowCheck[] = [];
  readonly artifacts: Artifact[] = [];
  /** Attachments for the step under way (a browser's screenshots): the cucumber layer takes them after each step. */
  readonly stepAttachments: { name: string; mediaType: string; data: Uint8Array }[] = [];
  /** Why a participant broke on its own (a SUT process that died): the scenario ends in error. */
  readonly failures: string[] = [];
  /** Interactions submitted in this scenario, in order: "the interaction" is the last one. */
  readonly interactions: string[] = [];
  /** Interactions the scenario named (`… as "Complaint"`): name → id. */
  private readonly names = new InteractionNames(this.interactions);
  private readonly scenarioTimers: ScenarioTimers;
  private readonly cast: Cast;
  private readonly script: ReplayScript | undefined;
  /** The harness's scheduling delay, sampled while the scenario runs (none in a replay: the recording has its own). */
  private readonly lag: LagMonitor | undefined;
  private disposed: Promise<Trace> | null = null;
  /** The scenario's last stimulus, from its start to its end (trace ms): what "within N ms" windows count from. */
  private stimulated: StimulusSpan | undefined;
  /** Why the run was interrupted while this scenario ran (before dispose); undefined while it runs on. */
  private cut: string | undefined;
  /** When (trace ms) the run was interrupted while this scenario ran; undefined while it runs on. */
  private cutAt: number | undefined;
  /** Aborted by interrupt(): every wait of the session listens to it. */
  private readonly cutting = new AbortController();
  private unlisten: (() => void) | undefined;

  static create(opts: SessionOptions): Session {
    return new Session(opts);
  }

  private constructor(opts: SessionOptions) {
    // Every wait listens to it: a load run has thousands at once, which is no leak.
    setMaxListeners(0, this.cutting.signal);
    this.name = opts.name;
    this.recorder = new TraceRecorder({
      file: opts.traceFile ?? null,
      flowcertVersion: FLOWCERT_VERSION,
      meta: { scenario: opts.name, ...(opts.meta ?? {}), ...(opts.bindings?.file ? { bindings: opts.bindings.file } : {}), ...(opts.profile !== undefined ? { profile: opts.profile } : {}) },
      ...(opts.maxEntriesInMemory !== undefined ? { maxEntriesInMemory: opts.maxEntriesInMemory } : {}),
      // The configuration's secrets never reach the trace, whoever sends or quotes them.
      redactor: new Redactor(opts.bindings?.secrets ?? []),
    });
    this.script = opts.replay ? new ReplayScript(opts.replay) : undefined;
    if (!this.script) {
      const recorder = this.recorder;
      this.lag = new LagMonitor({
        now: () => recorder.now(),
        record: (w) => recorder.note({ kind: 'lag', text: `harness event loop lagged ${Math.round(w.lag)} ms (${Math.round(w.from)}–${Math.round(w.to)} ms)`, data: { ...w } }),
      });
      this.lag.start();
    }
    this.scenarioTimers = new ScenarioTimers({
      run: opts.timers ?? {},
      ...fastDefaultsFor(opts.fastTimers ?? {}, browserBound(opts.bindings)),
      recorder: this.recorder,
      info: (text) => this.note(text, 'info'),
      started: () => this.cast.all(),
    });
    this.cast = new Cast({
      ...(this.script ? { replay: this.script } : {}),
      recorder: this.recorder,
      observer: traceObserver(this.recorder),
      bindings: opts.bindings ?? NO_BINDINGS,
      timers: (who) => this.scenarioTimers.forParticipant(who),
      faults: opts.faults ?? {},
      ...(opts.profile !== undefined ? { profile: opts.profile } : {}),
      ...(opts.participantLogKeep !== undefined ? { logKeep: opts.participantLogKeep } : {}),
      attach: (name, mediaType, body) => this.artifacts.push({ name, mediaType, body }),
      attachNow: (name, mediaType, data) => this.stepAttachments.push({ name, mediaType, data }),
      fail: (reason) => this.participantBroke(reason),
    });
    if (opts.profile !== undefined) this.note(`the run reads the models under profile ${opts.profile} (a model that does not declare it: its default)`, 'info', { profile: opts.profile });
    for (const [who, faults] of Object.entries(opts.faults ?? {})) this.note(`${who} runs with injected faults: ${faults.join(', ')}`, 'info');
    const signal = opts.interrupt;
    if (signal?.aborted) this.interrupt(reasonOf(signal));
    else if (signal) {
      const onAbort = () => this.interrupt(reasonOf(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      this.unlisten = () => signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * A participant broke on its own: the scenario ends in error. Not after an interrupt, though: Ctrl-C in
   * a terminal reaches a spawned SUT too (it is in flowcert's process group), and a SUT that dies of it
   * broke nothing. Such a death is noted, not counted.
   */
  private participantBroke(reason: string): void {
    if (this.cut !== undefined) this.recorder.note({ kind: 'info', text: `after the interrupt: ${reason}` });
    else this.failures.push(reason);
  }

  /**
   * The run was interrupted (Ctrl-C, SIGTERM): every wait of this session ends at once with an
   * InterruptedError — a flow check, a `no X within N ms` window, a start, a stimulus — and so does every
   * later call that would act or judge, so the running step ends as interrupted, never with a verdict
   * drawn from a run cut short. dispose() then stops the participants urgently and seals the trace with
   * an `interrupted` footer. Interrupted once dispose has begun (the scenario was over), only the
   * teardown hurries. Idempotent.
   */
  interrupt(reason: string): void {
    if (this.disposed) {
      this.cast.hurry();
      return;
    }
    if (this.cut !== undefined) return;
    this.cut = reason;
    this.cutAt = this.recorder.now();
    this.recorder.note({ kind: 'info', text: `the run was interrupted (${reason}): the scenario stops here`, data: { interrupted: reason } });
    this.cutting.abort(new InterruptedError(`the run was interrupted (${reason})`));
  }

  /** Why the run was interrupted while this scenario ran (before it was over); undefined if it was not. */
  get interruption(): string | undefined {
    return this.cut;
  }

  /**
   * When (ms on this session's trace clock) the run was interrupted while this scenario ran; undefined if
   * it was not. Everything recorded after it is the teardown the interrupt caused, not the scenario.
   */
  get interruptedAt(): number | undefined {
    return this.cutAt;
  }

  #waited = 0;

  /**
   * Time (ms) the scenario spent waiting on what the model requires — a timer to run, a message to
   * arrive, a never window to close — rather than doing the harness's own work: every pause, and what
   * a flow check waits (addWaited). The run summary sets it against the scenario's duration.
   */
  get waitedMs(): number {
    return this.#waited;
  }

  addWaited(ms: number): void {
    if (ms > 0) this.#waited += ms;
  }

  /** Waits ms, or until the run is interrupted (then rejects with an InterruptedError). Counted as waiting (waitedMs). */
  pause(ms: number): Promise<void> {
    return this.waiting(sleepUnlessAborted(ms, this.cutting.signal));
  }

  /**
   * Waits for the trace to gain an entry — a message the flow is waiting for, most often — or at most
   * `ms`, or until the run is interrupted (then rejects with an InterruptedError). A check that polls
   * the trace uses it instead of pause(ms): it looks again as soon as there is something new to look at,
   * not up to a whole poll after the last message came (waits.ts: nextEntry). Counted as waiting
   * (waitedMs), like pause(): the scenario is waiting on a message the model requires or on the clock;
   * the matching that follows is the harness's work.
   */
  awaitEntry(ms: number): Promise<void> {
    if (this.recorder.isClosed) return this.pause(ms);
    return this.waiting(nextEntry(this.recorder, ms, this.cutting.signal));
  }

  /** `wait`, ended by an interruption, its time counted as waiting on the model. */
  private waiting(wait: Promise<void>): Promise<void> {
    const began = performance.now();
    return this.untilInterrupted(wait).finally(() => this.addWaited(performance.now() - began));
  }

  /**
   * `work`, or an InterruptedError as soon as the run is interrupted. What `work` still does is ended by
   * dispose(), which stops the participants it waits on; its outcome is then of no interest.
   */
  private untilInterrupted<T>(work: Promise<T>): Promise<T> {
    const signal = this.cutting.signal;
    if (signal.aborted) {
      work.catch(() => undefined);
      return Promise.reject(signal.reason as Error);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err as Error);
        },
      );
    });
  }

  /**
   * Sets a timer for this scenario and records it in the trace (ScenarioTimers.set): a value the timer's
   * option takes, before the participant that runs it starts; a run's --timer wins.
   */
  setTimer(name: string, ms: number): void {
    this.assertRunning();
    this.scenarioTimers.set(name, ms);
  }

  /** The value a timer runs at in this scenario, for steps that time something by it (ScenarioTimers.value). */
  timerValue(name: string): number {
    return this.scenarioTimers.value(name);
  }

  /** Timer values (ms) of this run, as set with setTimer. */
  get timers(): Readonly<Record<string, number>> {
    return this.scenarioTimers.values;
  }

  get traceFile(): string | null {
    return this.script ? (this.script.trace.source ?? null) : this.recorder.file;
  }

  /** True when this session plays back a recording: nothing waits, checks read the whole recording. */
  get replaying(): boolean {
    return this.script !== undefined;
  }

  /** Milliseconds into the run: the recorder's clock, or the replayed recording's at the last stimulus. */
  now(): number {
    return this.script ? this.script.now : this.recorder.now();
  }

  /**
   * Writes the lag measured so far into the trace, so a check about to decide (and `flowcert check` on
   * the saved trace later) judges timing by all of it.
   */
  recordLag(): void {
    this.lag?.flush();
  }

  /** Time (ms) the harness's event loop has lost to lag since the scenario began: budgets extend by what was lost while they ran. */
  get lagLost(): number {
    return this.lag?.lost ?? 0;
  }

  /** Binds, starts and waits for a participant; it connects to the participants it reaches, started before it. */
  start(spec: ParticipantSpec): Promise<CastMember> {
    this.assertHealthy();
    return this.untilInterrupted(this.cast.start(spec));
  }

  /** Carries out a stimulus (InconclusiveError when the participant cannot take it); resolves with what it produced. */
  async stimulate(name: string, s: Stimulus): Promise<Record<string, unknown>> {
    this.assertHealthy();
    // Taken before the participant is asked: a server that answers fast sends the stimulus's effects before
    // the stimulus returns, and a window opened at its end would never see them (a false pass).
    const began = this.now();
    const data = await this.untilInterrupted(this.cast.stimulate(name, s));
    // A question (a Stat Server's capacity) sends nothing: "within N ms" windows still count from the last act.
    // A replay's clock jumps to the recorded result: the recording says when the stimulus began.
    if (s.kind !== 'capacity') this.stimulated = { began: this.script?.began ?? began, ended: this.now() };
    // A submit that may be refused and was (the step goes on to check the EventError) created no interaction.
    if (s.kind === 'submit' && !(s.mayBeRefused && data.refused !== undefined)) {
      const id = data.interactionId;
      if (typeof id !== 'string' || id === '') throw new ScenarioError(`${name} submitted an interaction but did not say its InteractionId (the submit result's data.interactionId)`, 'fail');
      this.interactions.push(id);
    }
    return data;
  }

  /**
   * When (trace ms) the scenario's last stimulus began and when it was done: what "within N ms" windows
   * count from (undefined before any). Both ends, because a window must take in everything from the
   * start (a server may answer before the stimulus returns) and last N ms past the end.
   */
  get lastStimulus(): StimulusSpan | undefined {
    return this.stimulated;
  }

  participant(name: string): CastMember | undefined {
    return this.cast.get(name);
  }

  participants(): CastMember[] {
    return this.cast.all();
  }

  /** The participant of a role when the scenario has exactly one (steps that say just "URS"). */
  only(role: Role, hint: string): CastMember {
    return this.cast.only(role, hint);
  }

  /** A participant that must exist (and have that role), for steps that name one. */
  require(name: string, role: Role | undefined, what: string): CastMember {
    return this.cast.require(name, role, what);
  }

  /** Names an interaction the scenario submitted, so later steps can name it (interaction-names.ts). */
  nameInteraction(name: string, id: string): void {
    this.names.name(name, id);
  }

  /** The interaction a step names: no name is "the interaction" (the last submitted). */
  interaction(name?: string | null): string {
    return this.names.resolve(name);
  }

  /** "the interaction": the last one submitted in this scenario. */
  lastInteraction(): string {
    return this.names.last();
  }

  /**
   * Ends the scenario in error when a participant broke on its own, and as interrupted when the run was;
   * called before each step's work.
   */
  assertHealthy(): void {
    this.assertRunning();
    if (this.failures.length > 0) throw new SetupError(this.failures.join('\n'));
  }

  /** An InterruptedError once the run was interrupted. */
  private assertRunning(): void {
    if (this.cut !== undefined) throw this.cutting.signal.reason as Error;
  }

  note(text: string, kind: 'stimulus' | 'timer' | 'info' = 'stimulus', data?: Record<string, unknown>): void {
    this.recorder.note({ kind, text, ...(data ? { data } : {}) });
  }

  /**
   * The trace so far, sealed at "now" so never-windows are judged against the time actually waited.
   * Every live look at the trace (flow checks, "no X reaches Y", "X carries") comes through here, so a
   * trace that outgrew memory ends the scenario in error here rather than letting one of them pass or
   * fail on the entries it no longer holds. Once the run is interrupted there is none to give
   * (InterruptedError): no step judges a run that was cut short — a flow check polling the trace ends
   * at its next poll.
   */
  snapshot(): Trace {
    this.assertRunning();
    if (this.script) return this.script.trace;
    const trace = this.recorder.snapshot();
    if (trace.truncated) throw new ScenarioError(outgrewMemory(trace.truncated, this.recorder.file, this.recorder.writeError));
    if (trace.footer) return trace;
    return { ...trace, footer: { type: 'footer', t: this.recorder.now(), entries: trace.entries.length, status: 'complete' } };
  }

  /**
   * Stops every participant (clients first, servers last: the reverse of start order), then closes the
   * trace: its footer says `interrupted` when the run was interrupted while the scenario ran (the
   * participants are then stopped urgently), else `complete`. Idempotent; a participant that fails to
   * stop is noted in the trace, not thrown.
   */
  dispose(): Promise<Trace> {
    this.disposed ??= (async () => {
      // Lag in the teardown would say nothing about the scenario.
      this.lag?.stop();
      // What follows is teardown (a desktop that leaves logs its agent out): marked, so readers can tell it from the scenario.
      this.recorder.note({ kind: 'info', text: 'the scenario is over: stopping the participants', data: { teardown: true } });
      const onError = (name: string, err: Error) => this.recorder.note({ kind: 'error', participant: name, text: `stopping ${name} failed: ${err.message}` });
      await this.cast.stopAll(onError, { urgent: this.cut !== undefined });
      // Listening until now: an interrupt during the teardown hurries it (see interrupt()).
      this.unlisten?.();
      const own = this.recorder.close(this.cut !== undefined ? 'interrupted' : 'complete');
      return this.script ? this.script.trace : own;
    })();
    return this.disposed;
  }

  /**
   * flowcert is exiting this instant (a second Ctrl-C): no time to stop anyone in order. Ends what
   * would outlive flowcert (spawned processes, with SIGKILL) and seals the trace as interrupted, all
   * synchronously, so both are done when the process exits.
   */
  abandon(): void {
    this.cast.abandon();
    if (!this.recorder.isClosed) this.recorder.close('interrupted');
  }
}

function reasonOf(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'interrupted';
}

/**
 * Why a live check cannot be made. An error, not inconc: the SUT's behaviour is decidable — the trace on
 * disk decides it — it is the harness that dropped what it needed, and an error is never folded into a
 * skipped step the way inconc is.
 */
function outgrewMemory(t: NonNullable<Trace['truncated']>, file: string | null, writeError: Error | null): string {
  const head = `the trace of this scenario outgrew memory (${t.kept.toLocaleString('en')} entries kept of ${t.recorded.toLocaleString('en')} recorded), so it cannot be checked live`;
  if (file === null) return `${head}, and it was not written to a file: run it with a trace file to check it offline`;
  if (writeError) return `${head}, and writing ${file} failed (${writeError.message})`;
  return `${head}; check it offline with \`flowcert check ${file} --model <model>\``;
}

/** Closes what browser participants keep for the whole process (Chromium, page servers): the end of a run or a worker. */
export { closeBrowserResources } from '../adapters/index.ts';

/** Whether the run binds anyone to a web desktop in a browser. */
function browserBound(b: Bindings | undefined): boolean {
  if (!b) return false;
  return [...Object.values(b.participants), ...Object.values(b.roles), ...(b.default ? [b.default] : [])].some((x) => x.kind === 'browser');
}
