import type { Catalog } from '../catalog/catalog.ts';
import type { Pairing } from '../catalog/types.ts';
import type { TraceMessage } from '../trace/types.ts';
import type { AttrMatcher, MessagePattern, Step } from './model.ts';
import { walkSteps } from './step-program.ts';
import { CorrelationValues } from './correlation-values.ts';
import { PendingRequests } from './pending-requests.ts';

/**
 * Which instance of the model a trace message belongs to.
 *
 * The model's `correlate` names captures (`interaction`). Wherever the model's steps (in any phase)
 * put one of those captures (RequestRouteCall.InteractionId, EventInvite.Interaction.InteractionId),
 * a message of that protocol and name carrying a value there belongs to the instance of that value;
 * a new value opens a new instance. A message for which no step names such a path is looked up at
 * every path the model uses for the capture (InteractionId, Interaction.InteractionId), so that an
 * EventError or EventPropertiesChanged of the interaction still counts as its message (for
 * `unexpected: fail`). A response follows the request it answers (same connection, its referenceId,
 * sent by the other end): to that request's attempt when it carries the same value or none. Anything
 * else cannot be attributed: it is offered to the instances waiting for its name (BROADCAST), or dropped
 * when no step mentions it. Which attempt of a value's instance a message goes to is the caller's
 * choice (attempts.ts); with no `correlate`, the whole trace is key 0.
 */

/** Picks the attempt (run id) of a correlation key for a message; `paired` is the run of the request it answers, or -1. */
export interface AttemptChooser {
  choose(key: number, paired: number, msg: TraceMessage, msgKey: string): number;
}

/** A message name as routing sees it (Correlator.kindOf). */
export interface MessageKind {
  /** messageKey(protocol, message). */
  key: string;
  /** Where correlation values sit in it. */
  paths: ReadonlyArray<CorrelationPath>;
  pairing: Pairing;
  /** Some step or never pattern of the variant names it. */
  mentioned: boolean;
}

export const BROADCAST = -1;
export const IGNORE = -2;

/** A chooser for ignores(): route() asks it only of messages it does not ignore, and any run will do. */
const ANY_RUN: AttemptChooser = { choose: () => 0 };

type Path = readonly string[];

/** Where a correlation capture's value sits; `slot`: the capture's place in the model's `correlate`. */
interface CorrelationPath {
  name: string;
  path: Path;
  slot: number;
}

export function messageKey(protocol: string, message: string): string {
  return `${protocol}\u0000${message}`;
}

const patternKeys = new WeakMap<MessagePattern, string>();

/** messageKey of a model's pattern, made once: the matcher asks again each time an instance moves. */
export function patternKey(p: MessagePattern): string {
  let k = patternKeys.get(p);
  if (k === undefined) patternKeys.set(p, (k = messageKey(p.protocol, p.message)));
  return k;
}

function collectPaths(m: AttrMatcher, path: string[], names: readonly string[], out: CorrelationPath[]): void {
  if (m.kind === 'capture') {
    if (names.includes(m.name)) out.push({ name: m.name, path, slot: names.indexOf(m.name) });
    if (m.then) collectPaths(m.then, path, names, out);
  } else if (m.kind === 'kv') {
    for (const [k, f] of Object.entries(m.fields)) collectPaths(f, [...path, k], names, out);
  }
}

/** Whether `more` has a value for the slot. A loop, not some(): a closure here would cost every message a context. */
function holds(more: ReadonlyArray<{ slot: number }> | undefined, slot: number): boolean {
  if (more) for (const x of more) if (x.slot === slot) return true;
  return false;
}

export class Correlator {
  readonly #names: readonly string[];
  readonly #paths = new Map<string, CorrelationPath[]>();
  /** Every distinct path of every correlation capture, for messages the model does not describe. */
  readonly #anyPaths: CorrelationPath[] = [];
  /** Message keys some step or never pattern mentions. */
  readonly mentioned = new Set<string>();
  readonly #catalog: Catalog;
  readonly #kinds = new Map<string, Array<MessageKind & { protocol: string }>>();
  readonly #values: CorrelationValues;
  /** Pending requests (connection, sender, referenceId) → the run they went to. */
  readonly #requests = new PendingRequests();
  readonly keys: Array<Record<string, unknown>> = [];
  readonly #valueKeys = new WeakMap<MessageKind, readonly string[]>();

  /** `steps`: the variant's (what instances wait for); `allSteps`: every phase's (where values sit). */
  constructor(correlate: readonly string[], steps: readonly Step[], allSteps: readonly Step[], catalog: Catalog) {
    this.#names = correlate;
    this.#values = new CorrelationValues(correlate.length);
    this.#catalog = catalog;
    const same = (a: { name: string; path: Path }, b: { name: string; path: Path }) => a.name === b.name && a.path.join('.') === b.path.join('.');
    const addPaths = (p: MessagePattern): void => {
      const found: CorrelationPath[] = [];
      for (const [attr, m] of Object.entries(p.attributes)) collectPaths(m, [attr], correlate, found);
      if (found.length === 0) return;
      const key = messageKey(p.protocol, p.message);
      const list = this.#paths.get(key) ?? [];
      for (const f of found) {
        if (!list.some((x) => same(x, f))) list.push(f);
        if (!this.#anyPaths.some((x) => same(x, f))) this.#anyPaths.push(f);
      }
      this.#paths.set(key, list);
    };
    const patternOf = (s: Step): MessagePattern | undefined => (s.kind === 'message' ? s : s.kind === 'never' ? s.pattern : undefined);
    walkSteps(allSteps, (s) => {
      const p = patternOf(s);
      if (p) addPaths(p);
    });
    walkSteps(steps, (s) => {
      const p = patternOf(s);
      if (p) this.mentioned.add(messageKey(p.protocol, p.message));
    });
    if (correlate.length === 0) this.keys.push({});
  }

  get correlated(): boolean {
    return this.#names.length > 0;
  }

  /**
   * What routing needs of a message's name, found once per name: a million-message trace has a few
   * dozen names, and building the key string for each message cost more than the rest of routing.
   */
  kindOf(msg: TraceMessage): MessageKind {
    return this.kindOfName(msg.protocol, msg.message);
  }

  /** kindOf a message by its protocol and (canonical) name. */
  kindOfName(protocol: string, message: string): MessageKind {
    // By name, then protocol among the few that share the name: one Map lookup a message.
    let kinds = this.#kinds.get(message);
    if (kinds === undefined) this.#kinds.set(message, (kinds = []));
    for (const k of kinds) if (k.protocol === protocol) return k;
    const key = messageKey(protocol, message);
    const kind = {
      protocol,
      key,
      paths: this.#paths.get(key) ?? this.#anyPaths,
      pairing: this.#catalog.get(protocol, message)?.def.pairing ?? 'none',
      mentioned: this.mentioned.has(key),
    };
    kinds.push(kind);
    return kind;
  }

  /** Run id (the chooser opens runs: a new value's first, a new attempt's), BROADCAST or IGNORE. */
  route(msg: TraceMessage, chooser: AttemptChooser): number {
    const kind = this.kindOf(msg);
    const key = kind.key;
    if (this.#names.length === 0) return chooser.choose(0, -1, msg, key);
    const id = this.#byValues(msg, kind.paths);
    const pairing = kind.pairing;
    let paired = -1;
    if (msg.referenceId !== undefined && (pairing === 'response' || pairing === 'optional-response')) {
      paired = this.#requests.get(msg.connection, msg.to, msg.referenceId);
    }
    if (id === undefined) return paired >= 0 ? paired : kind.mentioned ? BROADCAST : IGNORE;
    const run = chooser.choose(id, paired, msg, key);
    if (pairing === 'request' && msg.referenceId !== undefined) {
      this.#requests.set(msg.connection, msg.from, msg.referenceId, run);
    }
    return run;
  }

  /**
   * Whether route() answers IGNORE for this message, whichever runs its instances are: that depends only
   * on the message's values and on which requests carried one, not on the runs (a check's second thread
   * decides it for the matcher, check-thread-reader.ts). Give it every message, in order, as route.
   */
  ignores(msg: TraceMessage): boolean {
    const kind = this.kindOf(msg);
    // A name some step mentions is never ignored, and only a request changes what routing knows of later
    // messages (a value it carries makes its response followable): the rest need not be routed here.
    if (kind.mentioned && !(kind.pairing === 'request' && msg.referenceId !== undefined)) return false;
    return this.route(msg, ANY_RUN) === IGNORE;
  }

  /**
   * ignores() of a message whose attributes hold no value at any of `valueKeys(kind)`, told from its
   * fixed fields alone (a check's second thread reads most messages no further, check-thread-reader.ts):
   * such a message joins no instance by value, so routing ignores it unless a step names it or it answers
   * a request that went to a run. Changes nothing, as ignores() changes nothing for such a message.
   */
  ignoresValueless(kind: MessageKind, connection: string, to: string, referenceId: number | undefined): boolean {
    if (kind.mentioned || this.#names.length === 0) return false;
    const pairing = kind.pairing;
    return referenceId === undefined || (pairing !== 'response' && pairing !== 'optional-response') || this.#requests.get(connection, to, referenceId) < 0;
  }

  /** The attributes under which a message of this kind may hold a correlation value: without any, it holds none. */
  valueKeys(kind: MessageKind): readonly string[] {
    let keys = this.#valueKeys.get(kind);
    if (keys === undefined) this.#valueKeys.set(kind, (keys = [...new Set(kind.paths.map((p) => p.path[0]))]));
    return keys;
  }

  #byValues(msg: TraceMessage, paths: ReadonlyArray<CorrelationPath>): number | undefined {
    // The first value found, held apart: most messages carry one; each name's first value counts.
    let slot = -1;
    let first: unknown;
    let more: Array<{ slot: number; v: unknown }> | undefined;
    for (let p = 0; p < paths.length; p++) {
      const path = paths[p].path;
      let v: unknown = msg.attributes;
      for (let i = 0; i < path.length && v !== undefined; i++) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[path[i]] : undefined;
      if (v === undefined) continue;
      const s = paths[p].slot;
      if (slot < 0) {
        slot = s;
        first = v;
      } else if (s !== slot && !holds(more, s)) (more ??= []).push({ slot: s, v });
    }
    if (slot < 0) return undefined;
    const values = this.#values;
    let id = values.get(slot, first);
    if (id === undefined && more) {
      for (const x of more) {
        id = values.get(x.slot, x.v);
        if (id !== undefined) break;
      }
    }
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push({});
    }
    // A message naming several correlation values links them all to one instance.
    this.#link(slot, first, id);
    if (more) for (const x of more) this.#link(x.slot, x.v, id);
    return id;
  }

  #link(slot: number, v: unknown, id: number): void {
    if (!this.#values.link(slot, v, id)) return;
    const name = this.#names[slot];
    if (!(name in this.keys[id])) this.keys[id][name] = v;
  }
}
