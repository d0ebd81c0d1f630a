import type { Role } from '../catalog/types.ts';
import type { FlowModel } from '../flow/model.ts';
import type { MatchResult } from '../flow/result.ts';
import { TraceRecorder } from '../trace/recorder.ts';
import type { Trace } from '../trace/types.ts';
import type { WireObserver } from '../transport/types.ts';
import { traceObserver } from './trace-observer.ts';
import { FLOWCERT_VERSION } from './version.ts';

export interface SessionOptions {
  /** Scenario name, for the trace header. */
  name: string;
  /** ndjson trace written as the run goes; null: memory only. */
  traceFile?: string | null;
  /** Timer values (ms) for this run, e.g. `{ delivering: 200 }`; they override the models' defaults. */
  timers?: Record<string, number>;
  meta?: Record<string, unknown>;
}

/** One flow check made in a scenario, kept for the reports (sequence diagrams, certificates). */
export interface FlowCheck {
  model: FlowModel;
  variant: string;
  result: MatchResult;
  origin?: { uri: string; line: number; text: string };
}

/** Anything the session started and must stop: a reference server or client, an adapter. */
export interface RunningParticipant {
  readonly name: string;
  readonly role: Role;
  stop(): Promise<void>;
}

/**
 * One scenario run without cucumber: participants bound and started, every message recorded, flows
 * checked. Steps and the CLI drive it; it never decides how a result is shown.
 */
export class Session {
  readonly name: string;
  readonly recorder: TraceRecorder;
  readonly checks: FlowCheck[] = [];
  private readonly timerValues: Record<string, number> = {};
  /** Participant name → running participant, in start order. */
  private readonly running = new Map<string, RunningParticipant>();
  private readonly announced = new Set<string>();
  private readonly wireObserver: WireObserver;
  private disposed: Promise<Trace> | null = null;

  static create(opts: SessionOptions): Session {
    return new Session(opts);
  }

  private constructor(opts: SessionOptions) {
    this.name = opts.name;
    this.recorder = new TraceRecorder({
      file: opts.traceFile ?? null,
      flowcertVersion: FLOWCERT_VERSION,
      meta: { scenario: opts.name, ...(opts.meta ?? {}) },
    });
    this.wireObserver = traceObserver(this.recorder, this.announced);
    for (const [name, ms] of Object.entries(opts.timers ?? {})) this.setTimer(name, ms);
  }

  /** Sets a timer for this run and records it in the trace, so `flowcert check` later uses the same value. */
  setTimer(name: string, ms: number): void {
    this.timerValues[name] = ms;
    this.recorder.note({ kind: 'timer', text: `timer ${name} = ${ms} ms`, data: { name, ms } });
  }

  /** Timer values (ms) of this run, as set with setTimer. */
  get timers(): Readonly<Record<string, number>> {
    return this.timerValues;
  }

  get traceFile(): string | null {
    return this.recorder.file;
  }

  /** The observer to hand to the one end of each connection that records. */
  get observer(): WireObserver {
    return this.wireObserver;
  }

  /** Announce a participant in the trace (once) so the matcher can bind model participants by role. */
  announce(name: string, role: Role, binding = 'reference'): void {
    if (this.announced.has(name)) return;
    this.announced.add(name);
    this.recorder.addParticipant({ name, role, binding });
  }

  /** Track a started participant; dispose() stops it. Names are unique in a scenario. */
  track<P extends RunningParticipant>(p: P): P {
    if (this.running.has(p.name)) throw new Error(`a participant named "${p.name}" is already running in this scenario`);
    this.running.set(p.name, p);
    this.announce(p.name, p.role);
    return p;
  }

  participant(name: string): RunningParticipant | undefined {
    return this.running.get(name);
  }

  participants(): RunningParticipant[] {
    return [...this.running.values()];
  }

  note(text: string, kind: 'stimulus' | 'timer' | 'info' = 'stimulus', data?: Record<string, unknown>): void {
    this.recorder.note({ kind, text, ...(data ? { data } : {}) });
  }

  /** The trace so far, sealed at "now" so never-windows are judged against the time actually waited. */
  snapshot(): Trace {
    const trace = this.recorder.snapshot();
    return { ...trace, footer: { type: 'footer', t: this.recorder.now(), entries: trace.entries.length } };
  }

  /**
   * Stops every participant (clients first, servers last: the reverse of start order), then closes the
   * trace. Idempotent; a participant that fails to stop is noted in the trace, not thrown.
   */
  dispose(): Promise<Trace> {
    this.disposed ??= (async () => {
      for (const p of [...this.running.values()].reverse()) {
        try {
          await p.stop();
        } catch (err) {
          this.recorder.note({ kind: 'error', participant: p.name, text: `stopping ${p.name} failed: ${(err as Error).message}` });
        }
      }
      this.running.clear();
      return this.recorder.close();
    })();
    return this.disposed;
  }
}
