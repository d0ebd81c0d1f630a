import { NO_BINDINGS, ReplayScript, traceObserver } from '../adapters/index.ts';
import type { Bindings, Stimulus } from '../adapters/index.ts';
import { timerRoles } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { closest } from '../diagnostic/did-you-mean.ts';
import type { FlowModel } from '../flow/model.ts';
import type { MatchResult } from '../flow/result.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import type { Trace } from '../trace/types.ts';
import { Cast } from './cast.ts';
import { LagMonitor } from './lag-monitor.ts';
import type { CastMember, ParticipantSpec } from './cast.ts';
import { ScenarioError, SetupError } from './scenario-error.ts';
import { FLOWCERT_VERSION } from './version.ts';

export interface SessionOptions {
  /** Scenario name, for the trace header. */
  name: string;
  /** ndjson trace written as the run goes; null: memory only. */
  traceFile?: string | null;
  /** Run-wide timer overrides (ms), e.g. `{ delivering: 200 }`: they win over what the features say. */
  timers?: Record<string, number>;
  meta?: Record<string, unknown>;
  /** Who plays each part (no bindings: everyone is the reference). */
  bindings?: Bindings;
  /** Faults to inject into reference servers, by participant name. */
  faults?: Record<string, string[]>;
  /** Replay this recorded run instead of running live (a replay binding): nothing starts, checks read the recording. */
  replay?: Trace;
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
  /** Why a participant broke on its own (a SUT process that died): the scenario ends in error. */
  readonly failures: string[] = [];
  /** Interactions submitted in this scenario, in order: "the interaction" is the last one. */
  readonly interactions: string[] = [];
  private readonly timerValues: Record<string, number> = {};
  private readonly runTimers: Record<string, number>;
  private readonly cast: Cast;
  private readonly script: ReplayScript | undefined;
  /** The harness's scheduling delay, sampled while the scenario runs (none in a replay: the recording has its own). */
  private readonly lag: LagMonitor | undefined;
  private disposed: Promise<Trace> | null = null;

  static create(opts: SessionOptions): Session {
    return new Session(opts);
  }

  private constructor(opts: SessionOptions) {
    this.name = opts.name;
    this.recorder = new TraceRecorder({
      file: opts.traceFile ?? null,
      flowcertVersion: FLOWCERT_VERSION,
      meta: { scenario: opts.name, ...(opts.meta ?? {}), ...(opts.bindings?.file ? { bindings: opts.bindings.file } : {}) },
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
    this.runTimers = { ...(opts.timers ?? {}) };
    for (const [name, ms] of Object.entries(this.runTimers)) this.record(name, ms, 'run');
    this.cast = new Cast({
      ...(this.script ? { replay: this.script } : {}),
      recorder: this.recorder,
      observer: traceObserver(this.recorder),
      bindings: opts.bindings ?? NO_BINDINGS,
      timers: () => this.timerValues,
      faults: opts.faults ?? {},
      attach: (name, mediaType, body) => this.artifacts.push({ name, mediaType, body }),
      fail: (reason) => this.failures.push(reason),
    });
    for (const [who, faults] of Object.entries(opts.faults ?? {})) this.note(`${who} runs with injected faults: ${faults.join(', ')}`, 'info');
  }

  /**
   * Sets a timer for this scenario and records it in the trace, so `flowcert check` later uses the same
   * value. A run-wide override (`--timer`) wins over what a feature says; the feature's value is noted.
   */
  setTimer(name: string, ms: number): void {
    const runBy = timerRoles().get(name);
    if (!runBy) {
      const known = [...timerRoles().keys()];
      const near = closest(name, known, 2);
      throw new ScenarioError(`no participant runs a timer "${name}"${near.length ? ` — did you mean "${near[0]}"?` : ''} (timers: ${known.join(', ')})`);
    }
    const started = this.cast.all().filter((m) => runBy.includes(m.role));
    if (started.length > 0) {
      const m = started[0];
      throw new ScenarioError(`the ${name} timer is set after ${m.name} started${m.origin ? ` at ${m.origin}` : ''}, so ${m.name} runs without it: move this step above that one`);
    }
    if (Object.hasOwn(this.runTimers, name)) {
      if (ms !== this.runTimers[name]) this.note(`the feature sets timer ${name} to ${ms} ms; the run's --timer ${name}=${this.runTimers[name]} wins`, 'info');
      return;
    }
    this.record(name, ms, 'feature');
  }

  private record(name: string, ms: number, source: 'run' | 'feature'): void {
    this.timerValues[name] = ms;
    this.recorder.note({ kind: 'timer', text: `timer ${name} = ${ms} ms${source === 'run' ? ' (run override)' : ''}`, data: { name, ms, source } });
  }

  /** Timer values (ms) of this run, as set with setTimer. */
  get timers(): Readonly<Record<string, number>> {
    return this.timerValues;
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
    return this.cast.start(spec);
  }

  /** Carries out a stimulus (InconclusiveError when the participant cannot take it); resolves with what it produced. */
  async stimulate(name: string, s: Stimulus): Promise<Record<string, unknown>> {
    this.assertHealthy();
    const data = await this.cast.stimulate(name, s);
    if (s.kind === 'submit') {
      const id = data.interactionId;
      if (typeof id !== 'string' || id === '') throw new ScenarioError(`${name} submitted an interaction but did not say its InteractionId (the submit result's data.interactionId)`, 'fail');
      this.interactions.push(id);
    }
    return data;
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

  /** "the interaction": the last one submitted in this scenario. */
  lastInteraction(): string {
    const id = this.interactions.at(-1);
    if (id === undefined) throw new ScenarioError('no interaction was submitted in this scenario yet: add a step like `"E-mail Server" submits an "email" interaction to queue "Inbound"` before routing');
    return id;
  }

  /** Ends the scenario in error when a participant broke on its own; called before each step's work. */
  assertHealthy(): void {
    if (this.failures.length > 0) throw new SetupError(this.failures.join('\n'));
  }

  note(text: string, kind: 'stimulus' | 'timer' | 'info' = 'stimulus', data?: Record<string, unknown>): void {
    this.recorder.note({ kind, text, ...(data ? { data } : {}) });
  }

  /** The trace so far, sealed at "now" so never-windows are judged against the time actually waited. */
  snapshot(): Trace {
    if (this.script) return this.script.trace;
    const trace = this.recorder.snapshot();
    if (trace.footer) return trace;
    return { ...trace, footer: { type: 'footer', t: this.recorder.now(), entries: trace.entries.length, status: 'complete' } };
  }

  /**
   * Stops every participant (clients first, servers last: the reverse of start order), then closes the
   * trace. Idempotent; a participant that fails to stop is noted in the trace, not thrown.
   */
  dispose(): Promise<Trace> {
    this.disposed ??= (async () => {
      // Lag in the teardown would say nothing about the scenario.
      this.lag?.stop();
      // What follows is teardown (a desktop that leaves logs its agent out): marked, so readers can tell it from the scenario.
      this.recorder.note({ kind: 'info', text: 'the scenario is over: stopping the participants', data: { teardown: true } });
      await this.cast.stopAll((name, err) => this.recorder.note({ kind: 'error', participant: name, text: `stopping ${name} failed: ${err.message}` }));
      const own = this.recorder.close();
      return this.script ? this.script.trace : own;
    })();
    return this.disposed;
  }
}
