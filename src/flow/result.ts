import type { SourceLocation } from '../diagnostic/diagnostic.ts';
import type { Violation } from '../catalog/types.ts';

/** Worst wins: error > fail > inconc > pass. */
export type Verdict = 'pass' | 'fail' | 'inconc' | 'error';

const RANK: Record<Verdict, number> = { pass: 0, inconc: 1, fail: 2, error: 3 };

export function worst(...vs: Verdict[]): Verdict {
  let w: Verdict = 'pass';
  for (const v of vs) if (RANK[v] > RANK[w]) w = v;
  return w;
}

/** Where a model step came from: its YAML position, and the Gherkin step that asked for the check. */
export interface StepRef {
  id: string;
  phase: string;
  loc: SourceLocation;
  /** `urs → ixn RequestRouteCall` */
  describe: string;
  /** Set by the caller (session), e.g. `{ uri: 'features/deliver.feature', line: 12, text: 'the flow follows ...' }`. */
  origin?: { uri: string; line: number; text: string };
}

/** A trace message, as results refer to it. */
export interface ObservedRef {
  seq: number;
  t: number;
  from: string;
  to: string;
  protocol: string;
  message: string;
}

export interface AttrDiff {
  /** `Interaction.InteractionId`, or `referenceId` for the envelope's. */
  path: string;
  /** The matcher, described: `"42"`, `any value`, `absent`, `/^\d+$/`, `$ticket (= 7)`. */
  expected: string;
  /** JSON text of the observed value, or `absent`. */
  actual: string;
}

export type DivergenceKind =
  /** No message fitting the step came after the previous step. */
  | 'missing'
  /** A message of the right name and direction came, but its attributes differ. */
  | 'attributes'
  /** The message came, but before the step it must follow. */
  | 'order'
  /** The message came too late (within) or not at the timer's expiry (after). */
  | 'timing'
  /** A `never` step's message was seen inside its window. */
  | 'forbidden'
  /** Under `unexpected: fail`, a message no step expected. */
  | 'unexpected'
  /** The matched message breaks the catalog (missing required attribute, bad enum, unpaired response). */
  | 'protocol';

export interface Divergence {
  kind: DivergenceKind;
  /** The model step that could not be satisfied (for `unexpected`: the step expected next, if any). */
  step?: StepRef;
  /** One line: what the step expected, e.g. `ixn → agent EventInvite with TicketId $ticket`. */
  expected: string;
  /** What was observed instead: the closest message, or the offending one. */
  observed?: ObservedRef;
  diffs?: AttrDiff[];
  violations?: Violation[];
  /** The last message matched before the divergence, for context. */
  after?: ObservedRef;
  /** Extra facts: timing numbers, a later out-of-order occurrence, etc. */
  detail?: string;
}

/**
 * A timing miss the measured lag explains (src/flow/lag.ts): the message came at the wrong time, or
 * inside a never window, but by no more than the run's own scheduling delay could account for. The
 * instance cannot pass on it, nor fail: inconc, unless something else fails it.
 */
export interface LagDoubt {
  kind: 'timing' | 'forbidden';
  step: StepRef;
  /** One line, as Divergence.expected (for forbidden: `no …`). */
  expected: string;
  observed: ObservedRef;
  /** The message the timing is counted from (the previous match, the timer's `since` step, the window's opening). */
  after?: ObservedRef;
  /** The timing facts, as a timing or forbidden divergence would give them. */
  detail: string;
  /** The lag note that explains it: who lagged, how much, over which stretch of trace time. */
  lag: { source: string; ms: number; from: number; to: number };
  /** `harness overloaded: event loop lagged 380 ms between seq 35 and seq 36` */
  reason: string;
}

/** What an instance still waited for when a cut trace ended: the cut hides whether it would have come (inconc). */
export interface Pending {
  step: StepRef;
  /** One line, as Divergence.expected. */
  expected: string;
  /** The matched message the step must follow. */
  after?: ObservedRef;
  /** Trace time (ms) by which the step was due, for a step with a deadline (after a timer, within N). */
  due?: number;
}

export interface MatchedStep {
  step: StepRef;
  seq: number;
  t: number;
}

export interface PhaseResult {
  phase: string;
  title: string;
  verdict: Verdict;
}

export interface InstanceResult {
  /** Correlation values of this instance, e.g. `{ interaction: "000A2B" }`; `{}` for an uncorrelated model. */
  key: Record<string, unknown>;
  verdict: Verdict;
  /** In the order they matched. */
  matched: MatchedStep[];
  phases: PhaseResult[];
  divergence?: Divergence;
  /** Why inconc/error, when that is the verdict. */
  reason?: string;
  /** inconc on a cut trace: the step the instance still waited for. */
  pending?: Pending;
  /** inconc because the run lagged: the timing miss the lag explains (the first one, on the thread reported). */
  doubt?: LagDoubt;
  /**
   * Which attempt of its correlation values this is (1-based), when the model's opening step came more
   * than once for them — a redelivery (see attempts.ts) — or when the check asked for one by number.
   */
  attempt?: { index: number; of: number };
  captures: Record<string, unknown>;
  /** Model participant id → trace participant name. */
  participants: Record<string, string>;
  /** Spelling variants this instance's messages used (`EventInteractionSubmited for EventInteractionSubmitted`). */
  aliasesUsed: string[];
}

/** A problem in the trace that no single instance owns: a bad frame, a violation outside every instance. */
export interface TraceProblem {
  seq: number;
  from?: string;
  to?: string;
  message?: string;
  violations: Violation[];
}

export interface MatchResult {
  verdict: Verdict;
  /** One line, e.g. `fail: ixn → stat EventAgentInvited missing after seq 4 (interaction 0001)`. */
  summary: string;
  model: { name: string; file: string; hash: string };
  variant: string;
  /** The profile the model was read under (profile.ts), when the model declares profiles; `default`: the model's own default. */
  profile?: { name: string; default: boolean };
  instances: InstanceResult[];
  /** Instances whose messages were seen but whose first step never matched (not counted in the verdict). */
  notStarted: Array<{ key: Record<string, unknown>; firstSeq: number }>;
  problems: TraceProblem[];
  /**
   * Present when the model's opening step came more than once for some correlation values, or when the
   * check asked for one attempt by number: which attempt(s) the check counted (MatchOptions.attempt) and
   * the attempts judged against the variant but not counted.
   */
  attempts?: { asked: number | 'any' | 'each'; others: InstanceResult[] };
  stats: { entries: number; messages: number; instances: number };
}
