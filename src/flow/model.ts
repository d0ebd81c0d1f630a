import type { SourceLocation } from '../diagnostic/diagnostic.ts';
import type { ProtocolId, Role, ViolationCode } from '../catalog/types.ts';
import type { ModelProfiles } from './profile.ts';

/**
 * A loaded flow model (scenarios/*.yaml), validated against the catalog, every node with its source
 * position. The matcher takes it as it is; nothing here is YAML-specific.
 */

/** Attribute matchers are data, so YAML can express them and reports can print them. */
export type AttrMatcher =
  /** Equal to this JSON value (deep equality for arrays). */
  | { kind: 'exact'; value: unknown }
  /** Present, any value (`$any`). */
  | { kind: 'any' }
  /** Not present (`$absent`). */
  | { kind: 'absent' }
  /** A string (numbers are matched on their decimal text) matching this regular expression (`{ $regex: "..." }`). */
  | { kind: 'regex'; source: string; flags: string }
  /** Equal to one of these values (`{ $oneOf: [...] }`). */
  | { kind: 'one-of'; values: unknown[] }
  /** A number within [min, max], either bound optional (`{ $min: 1, $max: 5 }`). */
  | { kind: 'range'; min?: number; max?: number }
  /**
   * A nested key-value list (a plain YAML mapping). Partial: only the listed keys are checked, unless
   * `exact` (`{ $exact: {...} }`), where any other key is a difference.
   */
  | { kind: 'kv'; fields: Record<string, AttrMatcher>; exact: boolean }
  /**
   * `$name`: binds the value on first use, must be equal afterwards. With `then`, the value must also
   * satisfy that matcher (`{ $capture: name, $regex: ... }`).
   */
  | { kind: 'capture'; name: string; then?: AttrMatcher };

/** A model participant id (`ixn`) or a variable bound to one (`$ixn`, from for-each). */
export type ParticipantRef = string;

export interface ModelParticipant {
  id: string;
  role: Role;
  /** Pin to a trace participant by name; otherwise bound to the first trace participant of the role that fits. */
  name?: string;
  description?: string;
  loc: SourceLocation;
}

export interface ModelParam {
  name: string;
  type: 'list' | 'string' | 'number';
  /** For a list of participants (used by for-each in from/to): the role of every element. */
  role?: Role;
  default?: unknown;
  description?: string;
  loc: SourceLocation;
}

/** Timing constraint on a message step. */
export interface StepTiming {
  /** At most this many ms after the previously matched step (of this instance). */
  within?: number;
  /**
   * After a named timer: the message's time minus the `since` step's time must be the timer's value,
   * give or take `tolerance` ms (default max(100, 10% of the timer)).
   */
  after?: { timer: string; since: string; tolerance?: number };
  /**
   * A deadline: before a named timer expires, counted from the `since` step's message — the message's
   * time minus that step's may be at most the timer's value plus `tolerance` ms (default
   * beforeTolerance(timer)). Later → 'timing'.
   */
  before?: { timer: string; since: string; tolerance?: number };
}

/**
 * The default tolerance of a deadline: max(250 ms, 10% of the timer). An answer sent in time is recorded
 * when it arrives, after its transit and whatever delayed the sender on a loaded machine; a server that
 * took an answer this much after its timer's expiry without revoking cannot be told from one that raced
 * it. Wider than `after`'s max(100 ms, 10%): a deadline judges the answerer's timing, not the timer's.
 */
export function beforeTolerance(timer: number): number {
  return Math.max(250, timer / 10);
}

/**
 * How far a timer may miss its value and still be that timer: max(100 ms, 10%). The default tolerance
 * of an `after` step, and the default margin a never window keeps after its timer (a window that closed
 * where an `after` step would still take the timer's message could miss the message it forbids), and
 * the tolerance of a disconnect timed by a timer. One rule, so that a shortened timer shortens them all.
 */
export function timerTolerance(timer: number): number {
  return Math.max(100, timer / 10);
}

export interface MessagePattern {
  from: ParticipantRef;
  to: ParticipantRef;
  /** Canonical catalog name. */
  message: string;
  protocol: ProtocolId;
  /** Top-level attributes: partial match (unlisted attributes are not checked). */
  attributes: Record<string, AttrMatcher>;
  /** Matcher for the envelope's referenceId, when the model says something about it. */
  referenceId?: AttrMatcher;
  /**
   * The message must break the catalog in these ways (a request with a bad attribute, sent on purpose so
   * the server refuses it): it fits only when it shows each, and they are not protocol violations of the flow.
   */
  violates?: readonly ExpectedViolation[];
}

/** Catalog findings a model may expect of a message: attribute problems (expected-violations.ts). */
export type ExpectedViolation = 'MISSING_ATTRIBUTE' | 'WRONG_TYPE' | 'NOT_IN_ENUM';

interface StepBase {
  /** Unique in the model: user-given (`id:`) or derived from the position (`phase.2.1`). */
  id: string;
  /** Phase id this step belongs to. */
  phase: string;
  loc: SourceLocation;
  /** Free text shown in reports. */
  note?: string;
}

export interface MessageStep extends StepBase, MessagePattern {
  kind: 'message';
  timing?: StepTiming;
  /**
   * Catalog violations this message may carry without failing the flow: the scenario's premise (a client
   * registering with a ClientType outside the catalog's enum, to see the server refuse it). Attribute-level
   * codes only (ALLOWABLE_VIOLATIONS); any other violation still fails.
   */
  allowViolations?: ViolationCode[];
}

/** The violations a model may allow on a message it sends on purpose: those of its attributes, not of its framing or pairing. */
export const ALLOWABLE_VIOLATIONS = ['MISSING_ATTRIBUTE', 'WRONG_TYPE', 'NOT_IN_ENUM'] as const satisfies readonly ViolationCode[];

export interface SequenceStep extends StepBase {
  kind: 'sequence';
  steps: Step[];
}

/** All of the steps, in any interleaving. */
export interface AnyOrderStep extends StepBase {
  kind: 'any-order';
  steps: Step[];
}

/** Exactly one of the alternatives (each a sequence). */
export interface OneOfStep extends StepBase {
  kind: 'one-of';
  alternatives: SequenceStep[];
}

export interface OptionalStep extends StepBase {
  kind: 'optional';
  body: SequenceStep;
}

export interface RepeatStep extends StepBase {
  kind: 'repeat';
  body: SequenceStep;
  min: number;
  /** null = unbounded */
  max: number | null;
}

/** The body once per value of a list param, with `variable` bound to the value (a capture or a participant). */
export interface ForEachStep extends StepBase {
  kind: 'for-each';
  variable: string;
  /** Name of a list param. */
  in: string;
  order: 'sequence' | 'any';
  body: SequenceStep;
}

export type WindowSpec =
  | { kind: 'ms'; ms: number }
  /** Until the timer plus `margin` ms; no margin: timerTolerance(the timer's value). */
  | { kind: 'timer'; timer: string; margin?: number }
  | { kind: 'until-end' };

/** No message matching the pattern, from the previous step's time until the window closes. Zero-width. */
export interface NeverStep extends StepBase {
  kind: 'never';
  pattern: MessagePattern;
  window: WindowSpec;
}

export type Step = MessageStep | SequenceStep | AnyOrderStep | OneOfStep | OptionalStep | RepeatStep | ForEachStep | NeverStep;

export interface Phase {
  id: string;
  title: string;
  description?: string;
  body: SequenceStep;
  loc: SourceLocation;
}

export interface Variant {
  id: string;
  title?: string;
  phases: string[];
  unexpected?: UnexpectedPolicy;
  loc: SourceLocation;
}

/**
 * What to do with a message between the model's participants, inside an instance's span, that no step
 * matched: ignore it, or fail.
 */
export type UnexpectedPolicy = 'ignore' | 'fail';

export interface FlowModel {
  /** Path as given to the loader (relative to cwd when possible). */
  file: string;
  /** sha256 of the file's bytes, for certificates. */
  hash: string;
  name: string;
  description?: string;
  /** Where the model comes from, e.g. `GenEM: Deliver Interaction to Agent`. */
  source?: string;
  participants: Record<string, ModelParticipant>;
  params: Record<string, ModelParam>;
  /** Timer defaults in ms; a run may override them. */
  timers: Record<string, number>;
  unexpected: UnexpectedPolicy;
  /**
   * Capture names that identify one instance of the model (e.g. `interaction`): messages carrying a
   * different value belong to another instance, checked independently. Empty: the trace is one instance.
   */
  correlate: string[];
  /** In file order. */
  phases: Record<string, Phase>;
  /** In file order. */
  variants: Record<string, Variant>;
  /** Choices written down where the public record is silent. */
  notes: string[];
  /** The readings the model offers where the record can be read more than one way (profile.ts). */
  profiles?: ModelProfiles;
  /** Set on the model as a profile reads it (underProfile): that profile's name. */
  profile?: string;
}
