import type { TraceMessage } from '../trace/types.ts';
import type { AttemptChooser } from './correlate.ts';
import { messageKey } from './correlate.ts';
import { InstanceRun } from './instance-run.ts';
import type { InstanceResult, Verdict } from './result.ts';
import type { RunContext } from './thread.ts';

/**
 * Attempts: a correlated model's instance is keyed by its correlation values AND the occurrence of its
 * opening step. When a message fits a step that opens the variant (RequestRouteCall), for values whose
 * latest attempt has already begun and cannot take it as its next step, it opens a new attempt — URS
 * routing the same interaction again after a reject or a timeout. Later messages of those values go to
 * the attempt whose request they answer (referenceId), else to the latest attempt that would take or
 * forbid them, else to the latest. Each attempt is matched like an instance of its own.
 *
 * Which attempts a check counts (MatchOptions.attempt): 'any' (the default) — the values follow the
 * variant when one of their attempts does, so "variant reject" then "variant accept" each find theirs;
 * n — the n-th attempt; 'each' — every attempt must.
 */

export type AttemptChoice = number | 'any' | 'each';

const RANK: Record<Verdict, number> = { pass: 0, inconc: 1, fail: 2, error: 3 };

export class Attempts implements AttemptChooser {
  /** By run id. */
  readonly runs: InstanceRun[] = [];
  /** Run id → correlation key id. */
  readonly keyOf: number[] = [];
  /** Key id → its attempts, in order. */
  readonly byKey: InstanceRun[][] = [];
  readonly #ctx: RunContext;
  readonly #restart: boolean;
  /** A fresh instance: what it is ready for is what opens one. */
  readonly #opener: InstanceRun;
  readonly #openKeys: ReadonlySet<string>;
  readonly #opened: (run: InstanceRun) => void;

  constructor(ctx: RunContext, restart: boolean, opened: (run: InstanceRun) => void) {
    this.#ctx = ctx;
    this.#restart = restart;
    this.#opened = opened;
    this.#opener = new InstanceRun(ctx, -1, 0);
    this.#openKeys = new Set(this.#opener.threads.flatMap((th) => th.ready.map((r) => messageKey(r.step.protocol, r.step.message))));
  }

  /** The step that opens an attempt (the first one the variant can start with), for "attempt n never began". */
  get openingStep() {
    return this.#opener.threads[0]?.ready[0]?.step;
  }

  choose(key: number, paired: number, msg: TraceMessage, msgKey: string): number {
    const list = this.byKey[key];
    if (list === undefined) return this.#open(key, msg).id;
    if (paired >= 0 && this.keyOf[paired] === key) return paired;
    const latest = list[list.length - 1];
    if (!this.#restart) return latest.id;
    if (this.#openKeys.has(msgKey) && latest.started && !latest.fits(msg, false) && this.#opener.fits(msg, false)) return this.#open(key, msg).id;
    if (list.length === 1) return latest.id;
    for (let j = list.length - 1; j >= 0; j--) if (list[j].fits(msg, true)) return list[j].id;
    return latest.id;
  }

  #open(key: number, msg: TraceMessage): InstanceRun {
    const run = new InstanceRun(this.#ctx, this.runs.length, msg.t);
    this.runs.push(run);
    this.keyOf.push(key);
    (this.byKey[key] ??= []).push(run);
    this.#opened(run);
    return run;
  }
}

/**
 * The attempts of one key that count under `asked`, and those judged but not counted. `results` are the
 * key's attempts in order (at least two), each already finished.
 */
export function countAttempts(results: InstanceResult[], asked: AttemptChoice, missing: (n: number) => InstanceResult): { counted: InstanceResult[]; others: InstanceResult[] } {
  if (asked === 'each') return { counted: results, others: [] };
  if (typeof asked === 'number') {
    const chosen = results[asked - 1];
    return chosen ? { counted: [chosen], others: results.filter((r) => r !== chosen) } : { counted: [missing(asked)], others: results };
  }
  let best = results[0];
  for (const r of results.slice(1)) if (better(r, best)) best = r;
  return { counted: [best], others: results.filter((r) => r !== best) };
}

/** Of two attempts, the one that answers the check: the first to pass; else the one that followed the variant furthest. */
function better(a: InstanceResult, b: InstanceResult): boolean {
  if (RANK[a.verdict] !== RANK[b.verdict]) return RANK[a.verdict] < RANK[b.verdict];
  if (a.verdict === 'pass') return false;
  if (a.matched.length !== b.matched.length) return a.matched.length > b.matched.length;
  // A message that came wrong says more than one that did not come; and a later attempt supersedes an earlier one.
  const real = (r: InstanceResult) => (r.divergence && r.divergence.kind !== 'missing' ? 1 : 0);
  return real(a) >= real(b);
}
