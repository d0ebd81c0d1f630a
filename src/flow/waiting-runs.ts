import type { InstanceRun } from './instance-run.ts';

/**
 * Which runs wait for which message (protocol + name: a ready step or an open never window of one of
 * their threads), so that a message no correlation value ties to an instance is offered to the runs
 * waiting for it, not to every run. Kept up to date after each move of a run (index).
 */
export class WaitingRuns {
  readonly #byKey = new Map<string, Set<InstanceRun>>();
  /** What a run waits for, found again after each move: kept (copied) only when it changed. */
  readonly #keys: string[] = [];

  /** The runs waiting for messages of this key (messageKey), in the order they began to. */
  of(key: string): ReadonlySet<InstanceRun> | undefined {
    return this.#byKey.get(key);
  }

  /** After `run` moved: what it waits for now. */
  index(run: InstanceRun): void {
    run.computeWaitKeys(this.#keys);
    const had = run.waitKeys;
    // Most moves leave a run waiting for the same names. A few names each: arrays, searched.
    if (this.#keys.length === had.length && within(this.#keys, had)) return;
    const keys = this.#keys.slice();
    for (const k of had) if (!keys.includes(k)) this.#byKey.get(k)?.delete(run);
    for (const k of keys) {
      if (had.includes(k)) continue;
      let set = this.#byKey.get(k);
      if (!set) this.#byKey.set(k, (set = new Set()));
      set.add(run);
    }
    run.waitKeys = keys;
  }
}

/** Whether every key of `a` is in `b`. */
function within(a: readonly string[], b: readonly string[]): boolean {
  for (const k of a) if (!b.includes(k)) return false;
  return true;
}
