import type { Role } from '../catalog/types.ts';
import type { Bindings } from '../adapters/index.ts';
import type { Trace } from '../trace/types.ts';

/** What a session is given: its name, where its trace goes, the run's timers, bindings, faults and profile. */
export interface SessionOptions {
  /** Scenario name, for the trace header. */
  name: string;
  /** ndjson trace written as the run goes; null: memory only. */
  traceFile?: string | null;
  /** Run-wide timer overrides (ms), e.g. `{ delivering: 200 }`: they win over what the features say. */
  timers?: Record<string, number>;
  /**
   * The run's fast default (ms), e.g. `{ delivering: 200 }`: a timer the feature leaves unset, when a
   * reference participant runs it, runs this short — recorded as a run override, so CI and a first
   * `flowcert run` do not wait the documented 30 s. A timer the feature sets, or `timers` overrides, is
   * not touched; a system under test runs its own.
   */
  fastTimers?: Record<string, number>;
  meta?: Record<string, unknown>;
  /** Who plays each part (no bindings: everyone is the reference). */
  bindings?: Bindings;
  /** Faults to inject into reference servers, by participant name. */
  faults?: Record<string, string[]>;
  /**
   * The run's profile (`--profile`): the reading of GenEM every model with profiles is checked under
   * (profile.ts), and the one reference servers act out. Recorded in the trace header (`meta.profile`).
   */
  profile?: string;
  /** Replay this recorded run instead of running live (a replay binding): nothing starts, checks read the recording. */
  replay?: Trace;
  /**
   * Aborted when the run is interrupted (Ctrl-C, SIGTERM): the session then interrupts itself, its reason
   * the signal's (see interrupt()).
   */
  interrupt?: AbortSignal;
  /** Entries the trace keeps in memory for the live checks (the recorder's default unless given); the file gets them all. */
  maxEntriesInMemory?: number;
  /**
   * How many items each reference participant's logs keep (StartContext.logKeep), by participant;
   * undefined: everything, the default.
   */
  participantLogKeep?: (who: { name: string; role: Role }) => number | undefined;
}
