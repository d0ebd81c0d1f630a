import { EMPTY_SCOPE, Frames } from './frames.ts';
import type { AllFrame, Alternative, EachFrame, Frame, ReadyItem, RepFrame, Scope, SeqFrame } from './frames.ts';
import type { AnyOrderStep, ForEachStep, RepeatStep, Step } from './model.ts';

/**
 * The position of one matching thread in a variant's step tree, as an immutable continuation:
 * a stack of frames, innermost first. An any-order block (or a for-each in any order) holds one
 * continuation per child, so its children progress independently.
 *
 * A continuation is *settled* when every position it holds is a message step: the zero-width and
 * choice constructs (never, optional, one-of, repeat, for-each, nested sequences) are resolved by
 * settle(), which returns one continuation per way of resolving them. Each settled continuation has
 * a fixed set of ready message steps; a message either fits one of them or leaves the thread as it is.
 *
 * Every frame is made once per content (frames.ts), so threads at the same position (with the same
 * captures) are merged: that is what keeps the matcher linear. The price is paid by any-order: a
 * block of n children has up to 2^n positions, and alternatives inside it multiply.
 */

export { EMPTY_SCOPE } from './frames.ts';
export type { AllFrame, Alternative, EachFrame, Frame, ReadyItem, RepFrame, Scope, SeqFrame } from './frames.ts';

/** Compiled variant: frames made once, for-each values resolved once, each step's successors settled once. */
export class StepProgram {
  readonly root: readonly Step[];
  readonly #frames = new Frames();
  readonly #values: Map<ForEachStep, readonly unknown[]>;
  readonly #singletons = new Map<Step, readonly Step[]>();
  #begin: readonly Alternative[] | undefined;

  constructor(root: readonly Step[], values: Map<ForEachStep, readonly unknown[]>) {
    this.root = root;
    this.#values = values;
  }

  seq(steps: readonly Step[], i: number, scope: Scope, next: Frame | null): SeqFrame {
    return this.#frames.seq(steps, i, scope, next);
  }

  #rep(node: RepeatStep, n: number, scope: Scope, next: Frame | null): RepFrame {
    return this.#frames.rep(node, n, scope, next);
  }

  #each(node: ForEachStep, i: number, scope: Scope, next: Frame | null): EachFrame {
    return this.#frames.each(node, i, scope, next);
  }

  #all(node: AnyOrderStep | ForEachStep, children: readonly (Frame | null)[], scope: Scope, next: Frame | null): AllFrame {
    return this.#frames.all(node, children, scope, next);
  }

  #single(step: Step): readonly Step[] {
    let s = this.#singletons.get(step);
    if (!s) this.#singletons.set(step, (s = [step]));
    return s;
  }

  /** The frame after a sequence's current step. */
  #rest(f: SeqFrame): Frame {
    return this.seq(f.steps, f.i + 1, f.scope, f.next);
  }

  valuesOf(node: ForEachStep): readonly unknown[] {
    return this.#values.get(node) ?? [];
  }

  start(): Frame {
    return this.seq(this.root, 0, EMPTY_SCOPE, null);
  }

  /** Every settled continuation reachable from `f` without consuming a message. */
  settle(f: Frame | null, guard: ReadonlySet<RepeatStep> = NO_GUARD): Alternative[] {
    if (f === null) return [{ cont: null, nevers: [] }];
    switch (f.t) {
      case 'seq':
        return this.#settleSeq(f, guard);
      case 'rep': {
        const out: Alternative[] = [];
        const { node, n } = f;
        const looped = guard.has(node);
        // An iteration that consumed nothing must not loop again: that would never end.
        if ((node.max === null || n < node.max) && !looped) {
          const g = new Set(guard).add(node);
          out.push(...this.settle(this.seq(node.body.steps, 0, f.scope, this.#rep(node, n + 1, f.scope, f.next)), g));
        }
        if (n >= node.min || looped) out.push(...this.settle(f.next, guard));
        return out;
      }
      case 'each': {
        const values = this.valuesOf(f.node);
        if (f.i >= values.length) return this.settle(f.next, guard);
        const inner = this.#frames.bind(f.scope, varName(f.node), values[f.i]);
        return this.settle(this.seq(f.node.body.steps, 0, inner, this.#each(f.node, f.i + 1, f.scope, f.next)), guard);
      }
      case 'all':
        return this.#settleAll(f, guard);
    }
  }

  #settleSeq(f: SeqFrame, guard: ReadonlySet<RepeatStep>): Alternative[] {
    const { steps, i, scope, next } = f;
    if (i >= steps.length) return this.settle(next, guard);
    const step = steps[i];
    switch (step.kind) {
      case 'message':
        return [{ cont: f, nevers: [] }];
      case 'never': {
        const alts = this.settle(this.#rest(f), guard);
        for (const a of alts) a.nevers = [{ step, scope }, ...a.nevers];
        return alts;
      }
      case 'sequence':
        return this.settle(this.seq(step.steps, 0, scope, this.#rest(f)), guard);
      case 'optional':
        return [...this.settle(this.seq(step.body.steps, 0, scope, this.#rest(f)), guard), ...this.settle(this.#rest(f), guard)];
      case 'one-of': {
        // A loop, not flatMap: settle runs for every message matched.
        const out: Alternative[] = [];
        for (const alt of step.alternatives) for (const a of this.settle(this.seq(alt.steps, 0, scope, this.#rest(f)), guard)) out.push(a);
        return out;
      }
      case 'repeat':
        return this.settle(this.#rep(step, 0, scope, this.#rest(f)), guard);
      case 'for-each': {
        if (step.order === 'sequence') return this.settle(this.#each(step, 0, scope, this.#rest(f)), guard);
        const name = varName(step);
        const children = this.valuesOf(step).map((v) => this.seq(step.body.steps, 0, this.#frames.bind(scope, name, v), null));
        return this.#settleAll(this.#all(step, children, scope, this.#rest(f)), guard);
      }
      case 'any-order': {
        const children = step.steps.map((c) => this.seq(this.#single(c), 0, scope, null));
        return this.#settleAll(this.#all(step, children, scope, this.#rest(f)), guard);
      }
    }
  }

  #settleAll(f: AllFrame, guard: ReadonlySet<RepeatStep>): Alternative[] {
    // Cartesian product of the children's alternatives.
    let combos: Array<{ children: (Frame | null)[]; nevers: Alternative['nevers'] }> = [{ children: [], nevers: [] }];
    for (const child of f.children) {
      const alts = child === null ? [{ cont: null, nevers: [] }] : this.settle(child, guard);
      const nextCombos: typeof combos = [];
      for (const c of combos) for (const a of alts) nextCombos.push({ children: [...c.children, a.cont], nevers: [...c.nevers, ...a.nevers] });
      combos = nextCombos;
      if (combos.length > MAX_POSITIONS) throw new TooManyPositions();
    }
    const out: Alternative[] = [];
    for (const c of combos) {
      if (c.children.every((x) => x === null)) {
        for (const a of this.settle(f.next, guard)) out.push({ cont: a.cont, nevers: [...c.nevers, ...a.nevers] });
      } else out.push({ cont: this.#all(f.node, c.children, f.scope, f.next), nevers: c.nevers });
    }
    return out;
  }

  /** The message steps a settled continuation waits for: found once per frame, shared, never to be changed. */
  ready(f: Frame | null): readonly ReadyItem[] {
    if (f === null) return NONE;
    return (f.readyItems ??= this.#ready(f));
  }

  #ready(f: Frame): ReadyItem[] {
    if (f.t === 'seq') {
      const step = f.steps[f.i];
      if (step === undefined || step.kind !== 'message') return [];
      return [{ step, scope: f.scope, at: f, child: -1, inner: null, settled: undefined, waitKey: undefined }];
    }
    if (f.t !== 'all') return [];
    const out: ReadyItem[] = [];
    for (let j = 0; j < f.children.length; j++) {
      for (const r of this.ready(f.children[j])) out.push({ step: r.step, scope: r.scope, at: f, child: j, inner: r, settled: undefined, waitKey: undefined });
    }
    return out;
  }

  /**
   * settle(start()), found once: shared, never to be changed. Frames are made once (frames.ts), so what
   * settling one gives never changes; a program too large to settle (TooManyPositions) throws each time.
   */
  begin(): readonly Alternative[] {
    return (this.#begin ??= this.settle(this.start()));
  }

  /** settle(after(item)), found once per ready item: shared, never to be changed (see begin). */
  advance(item: ReadyItem): readonly Alternative[] {
    return (item.settled ??= this.settle(this.after(item)));
  }

  /** The continuation after a ready step matched (not yet settled). */
  after(item: ReadyItem): Frame | null {
    const f = item.at;
    if (f.t === 'seq') return this.seq(f.steps, f.i + 1, f.scope, f.next);
    const children = f.children.slice();
    children[item.child] = this.after(item.inner!);
    return this.#all(f.node, children, f.scope, f.next);
  }
}

const NO_GUARD: ReadonlySet<RepeatStep> = new Set();
const NONE: readonly ReadyItem[] = [];

/** Beyond this many simultaneous positions the model's alternatives are out of hand: error, not a hang. */
export const MAX_POSITIONS = 5000;

export class TooManyPositions extends Error {
  constructor() {
    super(`more than ${MAX_POSITIONS} simultaneous positions`);
  }
}

/** for-each variables are written `agent` or `$agent`; they are looked up without the `$`. */
export function varName(node: ForEachStep): string {
  return node.variable.startsWith('$') ? node.variable.slice(1) : node.variable;
}

/** Every message step and never pattern of a step tree, for indexes built before matching. */
export function walkSteps(steps: readonly Step[], visit: (s: Step) => void): void {
  for (const s of steps) {
    visit(s);
    switch (s.kind) {
      case 'sequence':
      case 'any-order':
        walkSteps(s.steps, visit);
        break;
      case 'one-of':
        for (const a of s.alternatives) walkSteps([a], visit);
        break;
      case 'optional':
      case 'repeat':
      case 'for-each':
        walkSteps([s.body], visit);
        break;
    }
  }
}
