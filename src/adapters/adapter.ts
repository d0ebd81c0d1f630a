import type { Role } from '../catalog/types.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import type { WireObserver } from '../transport/types.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';

/**
 * The seam between the harness and one participant (TITAN's test ports are the model: map, start,
 * send, receive, stop). Steps never see it: they talk to the session, which binds each participant to
 * an adapter. Whatever the kind, every message the participant exchanges is recorded once, at an end
 * the harness owns.
 */
export type AdapterKind = 'reference' | 'remote' | 'process' | 'browser' | 'replay';

export const ADAPTER_KINDS: readonly AdapterKind[] = ['reference', 'remote', 'process', 'browser', 'replay'];

/** Where a server participant can be reached: one URL per face (`im`, `tlib`), as it offers them. */
export type Endpoints = Readonly<Record<string, string>>;

/** A participant this one must connect to, and how. */
export interface Reach {
  name: string;
  role: Role;
  /** The server's faces, or a recording relay's stand-ins for them. */
  endpoints: Endpoints;
  /** True when this participant's end is the one to record the connection (the server is external). */
  record: boolean;
}

export interface StartContext {
  reach: readonly Reach[];
  /** Records at this participant's ends (when it is a reference implementation). */
  observer: WireObserver;
  recorder: TraceRecorder;
  /** Timer values (ms) this run uses, e.g. `{ delivering: 200 }`. */
  timers: Readonly<Record<string, number>>;
  /**
   * The timers in `timers` that are run-wide overrides for fast runs (`--timer`, the run's fast default)
   * rather than configuration a feature gave: a reference server takes those outside its options'
   * documented ranges. Absent: none.
   */
  timerOverrides?: readonly string[];
  /** The run's profile (`--profile`): the reading of GenEM a reference server acts out. Absent: each model's default. */
  profile?: string;
  /** Text to attach to the scenario's report (a process's stdout and stderr). */
  attach(name: string, mediaType: string, body: () => string): void;
  /**
   * An attachment for the step under way, now rather than at the scenario's end (a browser's screenshot
   * after each agent action): the cucumber layer puts it on the step that is running. Absent: dropped.
   */
  attachNow?(name: string, mediaType: string, data: Uint8Array): void;
  /** A participant that breaks on its own (a SUT process that dies): the scenario ends in error with this reason. */
  fail(reason: string): void;
  /**
   * false: a client connects and does not register (GenEM Registration: the registration timer, a
   * request before registering). Only a reference agent application takes it; the cast refuses it for
   * anyone else, so no participant quietly registers when a scenario said it would not.
   */
  register?: false;
  /**
   * A Stat Server's capacity rules (README "Capacity rules"): the file's text and its path, for
   * positioned errors. The reference Stat Server runs them; a Stat Server under test runs its own
   * configuration, and the trace says these were not given to it.
   */
  capacityRules?: { file: string; text: string };
  /**
   * A reference participant keeps only about the last this many items in each of its logs (what it
   * received, its invitations, its route outcomes); absent: everything. A load run sets it, as nothing
   * reads a participant's history there and millions of messages would otherwise stay in memory.
   */
  logKeep?: number;
}

export interface Adapter {
  readonly kind: AdapterKind;
  readonly name: string;
  readonly role: Role;
  /** Stimuli this participant declares it can take; others are not sent and make the scenario inconc. */
  readonly capabilities: ReadonlySet<StimulusKind>;
  /** Starts the participant; resolves with the endpoints it offers (empty for a pure client) once it is ready. */
  start(ctx: StartContext): Promise<Endpoints>;
  stimulate(stimulus: Stimulus): Promise<StimulusResult>;
  /**
   * Idempotent; never throws for a participant that is already gone. `urgent` (the run was interrupted):
   * give it far less time to leave before forcing it; asked while a stop is under way, it hurries that one.
   */
  stop(opts?: StopOptions): Promise<void>;
  /**
   * What the participant's screen shows (a web desktop: "Agent1's desktop shows status Ready for
   * email"), waited for up to `withinMs`. Absent: the participant has no screen, and the session reads
   * what it was last told from the trace instead. Throws AdapterError when the page has no such element.
   */
  display?(q: DisplayQuery): Promise<DisplayResult>;
  /**
   * The harness is exiting this instant (a second Ctrl-C): end whatever outlives the harness (a spawned
   * process) synchronously, without waiting. Absent: nothing of it outlives the harness.
   */
  abandon?(): void;
}

/**
 * A question about what a participant shows: its agent's status for one medium (`status`), or whether
 * do-not-disturb is on (`dnd`, expect "on" / "off"), expected to read `expect`.
 */
export type DisplayQuery = { kind: 'status'; media: string; expect: string; withinMs: number } | { kind: 'dnd'; expect: 'on' | 'off'; withinMs: number };

/**
 * shown: the page came to show what was expected; not-shown: what it showed instead (`text`) and where
 * it was read; unreadable: the page has no place that shows this (a binding whose selectors lack it).
 */
export type DisplayResult = { status: 'shown'; text: string; where: string } | { status: 'not-shown'; text: string; where: string } | { status: 'unreadable'; reason: string };

export interface StopOptions {
  urgent?: boolean;
}

/** Setting up a participant failed (a command that does not start, an endpoint that refuses): the scenario ends in error. */
export class AdapterError extends Error {
  override name = 'AdapterError';
}

/**
 * The participant answered its start `unsupported`: it cannot take part as the scenario sets it up (a
 * desktop that connects to one Interaction Server, given several). Like a stimulus it cannot take, the
 * scenario is then inconc — nothing about its conformance was decided — never error or fail.
 */
export class StartUnsupportedError extends AdapterError {
  override name = 'StartUnsupportedError';
}
