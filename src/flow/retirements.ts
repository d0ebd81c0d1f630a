import type { InstanceRun } from './instance-run.ts';
import { finalAfter } from './retire.ts';

/**
 * Retiring instances whose result is final (retire.ts), in a Matching that keeps what it reads (a
 * streamed check): `slackMs` past the last moment a result could change, so that entries stamped a
 * little out of order do not undo it.
 */
export interface RetireOptions {
  slackMs: number;
  /** Entries between two looks for instances to retire (default 256: a look costs the open instances). */
  every?: number;
}

/**
 * When to retire which run, and whether the trace's times kept the promise retiring relies on: every
 * entry after a retirement comes after the last moment the retired result could have changed.
 */
export class Retirements {
  readonly #opts: RetireOptions;
  /** The most the trace's lag excuses of a late message (0 without lag notes). */
  readonly #allowance: number;
  /** The trace's end by its footer: it must come after too. */
  readonly #footerT: number | undefined;
  /** Runs whose result is final after this time. */
  readonly #candidates = new Map<InstanceRun, number>();
  #bound = -Infinity;
  #wrongly = false;
  count = 0;

  constructor(opts: RetireOptions, allowance: number, footerT: number | undefined) {
    this.#opts = opts;
    this.#allowance = allowance;
    this.#footerT = footerT;
  }

  /** The trace's entry `i`, at time `t`: whether to look for runs to retire now (due). */
  entry(i: number, t: number): boolean {
    if (t <= this.#bound) this.#wrongly = true;
    return i % (this.#opts.every ?? 256) === 0;
  }

  /** After a run changed: whether, and from when, its result is final. */
  changed(run: InstanceRun): void {
    const final = finalAfter(run, this.#allowance);
    if (final === undefined || (this.#footerT !== undefined && this.#footerT <= bound(final))) this.#candidates.delete(run);
    else this.#candidates.set(run, final);
  }

  /** The runs to retire at time `t` (the entry at hand): each is taken off the list, as retired. */
  *due(t: number): Generator<InstanceRun> {
    for (const [run, final] of this.#candidates) {
      if (t <= bound(final) + this.#opts.slackMs) continue;
      this.#candidates.delete(run);
      this.#bound = Math.max(this.#bound, bound(final));
      this.count++;
      yield run;
    }
  }

  /** An entry came before the last moment a retired result could change: the trace is not in time order there. */
  get wrongly(): boolean {
    return this.#wrongly;
  }
}

/** One millisecond of margin for the arithmetic of the deadlines retire.ts sums. */
function bound(final: number): number {
  return final + 1;
}
