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
  /** Its pattern's message key (correlate.ts patternKey), for the runs waiting for it. */
  key: string;
}

export interface Thread {
  cont: Frame | null;
  /** The message steps `cont` waits for (StepProgram.ready: shared between threads, never changed). */
  ready: readonly ReadyItem[];
  captures: Readonly<Record<string, unknown>>;
  /** sortedKey(captures), made when first asked (capKeyOf): most threads are never compared with one at their place. */
  capKey: string | undefined;
  parts: Readonly<Record<string, string>>;
  /** sortedKey(parts), made when first asked (partKeyOf). */
  partKey: string | undefined;
  matched: MatchLink | null;
  count: number;
  lastT: number;
  watches: readonly Watch[];
  /**
   * The first timing miss this thread took on the lag's excuse (null: none). Not part of its place: a
   * thread that needed an excuse merges with one that did not, and the merge keeps the clean one.
   */
  doubt: LagDoubt | null;
}

/** Captures or bindings as a key: insertion order must not make equal maps differ. */
export function sortedKey(o: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(o);
  if (keys.length === 0) return '';
  // A few names: sorted in place (sort() makes a work array each time), in sort()'s order — by UTF-16
  // code units, which is what < does for strings.
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > k; j--) keys[j + 1] = keys[j];
    keys[j + 1] = k;
  }
  return JSON.stringify(keys.map((k) => [k, o[k]]));
}

/** What a thread is made of: makeThread adds what follows from it. */
export type ThreadParts = Omit<Thread, 'ready'>;

/** A thread, its fields laid out alike every time (threads are made for every message matched). */
export function makeThread(program: StepProgram, t: ThreadParts): Thread {
  return {
    cont: t.cont, ready: program.ready(t.cont), captures: t.captures, capKey: t.capKey, parts: t.parts, partKey: t.partKey, matched: t.matched,
    count: t.count, lastT: t.lastT, watches: t.watches, doubt: t.doubt,
  };
}

/**
 * Whether two threads are at the same place — the same position (frames are made once: the same
 * object), captures, bindings and open windows — and so merge into one. Compared field by field:
 * threads are compared after every message, and a key string made for each would cost more.
 */
export function samePlace(a: Thread, b: Thread): boolean {
  return (
    a.cont === b.cont &&
    (a.captures === b.captures || capKeyOf(a) === capKeyOf(b)) &&
    (a.parts === b.parts || partKeyOf(a) === partKeyOf(b)) &&
    sameWatches(a.watches, b.watches)
  );
}

/** A thread's captures as a key (sortedKey), made once. */
export function capKeyOf(th: Thread): string {
  return (th.capKey ??= sortedKey(th.captures));
}

/** A thread's bindings as a key (sortedKey), made once. */
export function partKeyOf(th: Thread): string {
  return (th.partKey ??= sortedKey(th.parts));
}

function sameWatches(a: readonly Watch[], b: readonly Watch[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // Scopes are made once (frames.ts): the same scope is the same object.
    if (x.step.id !== y.step.id || x.from !== y.from || x.scope !== y.scope) return false;
  }
  return true;
}

/** samePlace as a string, for a Map where threads are too many to compare one by one. */
function placeKey(th: Thread): string {
  let watches = '';
  for (let i = 0; i < th.watches.length; i++) {
    const w = th.watches[i];
    watches += `${i === 0 ? '' : ';'}${w.step.id}@${w.from}${w.scope.key}`;
  }
  return `${th.cont ? th.cont.id : '.'}|${capKeyOf(th)}|${partKeyOf(th)}|${watches}`;
}

export function findLink(th: Thread, stepId: string): MatchLink | undefined {
  for (let l = th.matched; l; l = l.prev) if (l.step.id === stepId) return l;
  return undefined;
}

/** Threads at the same place become one: the one that matched more; on a tie, the one that needed no excuse. */
export function mergeThreads(out: readonly Thread[]): Thread[] {
  // A run holds a few threads: a search through them costs less than a Map made for every message.
  if (out.length > 16) return mergeMany(out);
  // Most often one thread: an array of one (an empty array pushed to takes room for 17).
  if (out.length === 1) return [out[0]];
  // Gathered in one array kept for it, then copied at its size.
  const merged = MERGED;
  while (merged.length > 0) merged.pop();
  for (const th of out) {
    let j = 0;
    while (j < merged.length && !samePlace(merged[j], th)) j++;
    if (j === merged.length) merged.push(th);
    else if (better(th, merged[j])) merged[j] = th;
  }
  return merged.slice();
}

const MERGED: Thread[] = [];

function mergeMany(out: readonly Thread[]): Thread[] {
  const merged = new Map<string, Thread>();
  for (const th of out) {
    const key = placeKey(th);
    const had = merged.get(key);
    if (!had || better(th, had)) merged.set(key, th);
  }
  return [...merged.values()];
}

function better(th: Thread, had: Thread): boolean {
  return th.count > had.count || (th.count === had.count && had.doubt !== null && th.doubt === null);
}
