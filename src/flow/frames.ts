import type { AnyOrderStep, ForEachStep, MessageStep, NeverStep, RepeatStep, Step } from './model.ts';

/**
 * The frames continuations are made of (step-program.ts), each made once: a frame is built from its
 * kind, the step it stands at, its counter, its scope and the frame after it, and the same content gives
 * back the same object. So a frame's `id` says what its content says — two threads are at the same place
 * when their frames are one — and what is learnt of a frame (the steps it waits for, where each leads)
 * is learnt once for the whole trace, not again for every message that moves a thread there.
 *
 * The table grows with the positions matching visits: bounded by the model's positions (times its
 * for-each values), except a repeat without a maximum, whose count grows with the messages it matched.
 */

/** for-each variables in scope, with a key for thread de-duplication; made once per key (`id`). */
export interface Scope {
  readonly vars: Readonly<Record<string, unknown>>;
  readonly key: string;
  readonly id: number;
}

export const EMPTY_SCOPE: Scope = { vars: {}, key: '', id: 0 };

interface FrameBase {
  /** One number per content: frames are made once (Frames). */
  readonly id: number;
  readonly next: Frame | null;
  readonly scope: Scope;
  /** What StepProgram.ready() found for it, once asked. */
  readyItems: readonly ReadyItem[] | undefined;
}
export interface SeqFrame extends FrameBase {
  readonly t: 'seq';
  readonly steps: readonly Step[];
  readonly i: number;
}
/** `n` iterations are complete; the next move is another iteration or leaving. */
export interface RepFrame extends FrameBase {
  readonly t: 'rep';
  readonly node: RepeatStep;
  readonly n: number;
}
/** Sequential for-each: iteration `i` comes next. */
export interface EachFrame extends FrameBase {
  readonly t: 'each';
  readonly node: ForEachStep;
  readonly i: number;
}
/** Any order: one continuation per child, null when the child is done. */
export interface AllFrame extends FrameBase {
  readonly t: 'all';
  readonly node: AnyOrderStep | ForEachStep;
  readonly children: readonly (Frame | null)[];
}
export type Frame = SeqFrame | RepFrame | EachFrame | AllFrame;

export interface Alternative {
  cont: Frame | null;
  /** never steps passed on the way, with their scope: their windows open at the thread's last match. */
  nevers: Array<{ step: NeverStep; scope: Scope }>;
}

/**
 * A message step a settled continuation waits for, and where: StepProgram.after() gives the
 * continuation once it matched. Data, not a closure; made once per frame (Frame.readyItems).
 */
export interface ReadyItem {
  readonly step: MessageStep;
  readonly scope: Scope;
  /** The frame that holds it: a sequence at the step, or an any-order block. */
  readonly at: SeqFrame | AllFrame;
  /** In an any-order block: the child that holds it (else -1), and the item within that child. */
  readonly child: number;
  readonly inner: ReadyItem | null;
  /** What StepProgram.advance() found for it, once asked: shared, never to be changed. */
  settled: readonly Alternative[] | undefined;
  /** Its step's message key (correlate.ts), once InstanceRun.computeWaitKeys asked. */
  waitKey: string | undefined;
}

/** Every frame and scope of one program, each made once. */
export class Frames {
  readonly #ids = new Map<object, number>();
  readonly #frames = new Map<string, Frame>();
  readonly #scopes = new Map<string, Scope>([['', EMPTY_SCOPE]]);

  #id(o: object): number {
    let id = this.#ids.get(o);
    if (id === undefined) this.#ids.set(o, (id = this.#ids.size));
    return id;
  }

  #made<F extends Frame>(key: string, make: (id: number) => F): F {
    let f = this.#frames.get(key);
    if (f === undefined) this.#frames.set(key, (f = make(this.#frames.size)));
    return f as F;
  }

  seq(steps: readonly Step[], i: number, scope: Scope, next: Frame | null): SeqFrame {
    const key = `s${this.#id(steps)}.${i}.${scope.id}>${next ? next.id : -1}`;
    return this.#made(key, (id) => ({ t: 'seq', steps, i, scope, next, id, readyItems: undefined }));
  }

  rep(node: RepeatStep, n: number, scope: Scope, next: Frame | null): RepFrame {
    const key = `r${this.#id(node)}.${n}.${scope.id}>${next ? next.id : -1}`;
    return this.#made(key, (id) => ({ t: 'rep', node, n, scope, next, id, readyItems: undefined }));
  }

  each(node: ForEachStep, i: number, scope: Scope, next: Frame | null): EachFrame {
    const key = `e${this.#id(node)}.${i}.${scope.id}>${next ? next.id : -1}`;
    return this.#made(key, (id) => ({ t: 'each', node, i, scope, next, id, readyItems: undefined }));
  }

  all(node: AnyOrderStep | ForEachStep, children: readonly (Frame | null)[], scope: Scope, next: Frame | null): AllFrame {
    let inner = '';
    for (let j = 0; j < children.length; j++) {
      const c = children[j];
      inner += j === 0 ? '' : ',';
      inner += c ? c.id : '-';
    }
    const key = `a${this.#id(node)}.${scope.id}[${inner}]>${next ? next.id : -1}`;
    return this.#made(key, (id) => ({ t: 'all', node, children, scope, next, id, readyItems: undefined }));
  }

  /** `scope` with one more variable; scopes whose variables read the same are one. */
  bind(scope: Scope, name: string, value: unknown): Scope {
    const vars = { ...scope.vars, [name]: value };
    const key = JSON.stringify(vars);
    let s = this.#scopes.get(key);
    if (s === undefined) this.#scopes.set(key, (s = { vars, key, id: this.#scopes.size }));
    return s;
  }
}
