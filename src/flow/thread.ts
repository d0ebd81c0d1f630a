import type { Role } from '../catalog/types.ts';
import type { TraceEntry } from '../trace/types.ts';
import type { Origin } from './describe.ts';
import type { LagProfile } from './lag.ts';
import type { FlowModel, MessageStep, NeverStep } from './model.ts';
import type { LagDoubt } from './result.ts';
import type { Frame, ReadyItem, Scope, StepProgram } from './step-program.ts';

/**
 * The state of one matching thread: where it is in the model (a settled continuation and the message
 * steps it waits for), what it captured and bound, what it matched, and its open never windows.
 * Immutable: a thread that moves is a new thread. Its key says when two threads are the same.
 */

export interface RunContext {
  model: FlowModel;
  program: StepProgram;
  entries: readonly TraceEntry[];
  roleOf: ReadonlyMap<string, Role>;
  pinned: Readonly<Record<string, string>>;
  pinnedNames: ReadonlySet<string>;
  timers: Readonly<Record<string, number>>;
  origin: Origin;
  /** The run's capture bindings: every instance starts with them. */
  initialCaptures: Readonly<Record<string, unknown>>;
  /** The scheduling delay the run measured (the trace's lag notes): it may excuse a timing miss. */
  lag: LagProfile;
}

export interface MatchLink {
  step: MessageStep;
  entry: number;
  seq: number;
  t: number;
  prev: MatchLink | null;
}

export interface Watch {
  step: NeverStep;
  scope: Scope;
  /** The window opens at the thread's last match (entry -1: before any). */
  from: number;
  fromEntry: number;
  until: number;
}

export interface Thread {
  cont: Frame | null;
  ready: ReadyItem[];
  captures: Readonly<Record<string, unknown>>;
  capKey: string;
  parts: Readonly<Record<string, string>>;
  partKey: string;
  matched: MatchLink | null;
  count: number;
  lastT: number;
  watches: readonly Watch[];
  /**
   * The first timing miss this thread took on the lag's excuse (null: none). Not part of the key: a
   * thread that needed an excuse merges with one that did not, and the merge keeps the clean one.
   */
  doubt: LagDoubt | null;
  key: string;
}

/** Captures or bindings as a key: insertion order must not make equal maps differ. */
export function sortedKey(o: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(o);
  if (keys.length === 0) return '';
  keys.sort();
  return JSON.stringify(keys.map((k) => [k, o[k]]));
}

export function makeThread(program: StepProgram, t: Omit<Thread, 'ready' | 'key'>): Thread {
  const watchKey = t.watches.map((w) => `${w.step.id}@${w.from}${w.scope.key}`).join(';');
  return { ...t, ready: program.ready(t.cont), key: `${t.cont ? t.cont.key : '.'}|${t.capKey}|${t.partKey}|${watchKey}` };
}

export function findLink(th: Thread, stepId: string): MatchLink | undefined {
  for (let l = th.matched; l; l = l.prev) if (l.step.id === stepId) return l;
  return undefined;
}

