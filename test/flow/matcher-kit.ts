import { defaultCatalog } from '../../src/catalog/catalog.ts';
import type { Role, Violation } from '../../src/catalog/types.ts';
import type {
  AttrMatcher, FlowModel, MessagePattern, MessageStep, ModelParam, NeverStep, SequenceStep, Step, StepTiming, UnexpectedPolicy, WindowSpec,
} from '../../src/flow/model.ts';
import type { Trace, TraceEntry, TraceParticipant } from '../../src/trace/types.ts';

/**
 * Small models and traces for matcher tests, written the way the DSL reads. Model participants:
 * urs, ixn, agent, stat (plus whatever a test adds); every step gets id `p.<n>` and line n of m.yaml,
 * so explanations name stable positions. Attribute shorthand follows the DSL: `$x` capture, `$any`,
 * `$absent`, `{ $regex }`, `{ $oneOf }`, `{ $min, $max }`, `{ $exact }`, plain mapping = nested list.
 */

export const ROLES: Record<string, Role> = { urs: 'URS', ixn: 'InteractionServer', agent: 'AgentApplication', stat: 'StatServer' };

let counter = 0;
/** Restart step numbering (call at the start of every model). */
export function fresh(): void {
  counter = 0;
}
function base(): { id: string; phase: string; loc: { file: string; line: number; col: number } } {
  counter++;
  return { id: `p.${counter}`, phase: 'p', loc: { file: 'm.yaml', line: counter, col: 7 } };
}

export function matcher(v: unknown): AttrMatcher {
  if (typeof v === 'string' && v.startsWith('$')) {
    if (v.startsWith('$$')) return { kind: 'exact', value: v.slice(1) };
    if (v === '$any') return { kind: 'any' };
    if (v === '$absent') return { kind: 'absent' };
    return { kind: 'capture', name: v.slice(1) };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { kind: 'exact', value: v };
  const o = v as Record<string, unknown>;
  let m: AttrMatcher | undefined;
  if ('$regex' in o) m = { kind: 'regex', source: String(o.$regex), flags: String(o.$flags ?? '') };
  else if ('$oneOf' in o) m = { kind: 'one-of', values: o.$oneOf as unknown[] };
  else if ('$min' in o || '$max' in o) m = { kind: 'range', min: o.$min as number | undefined, max: o.$max as number | undefined };
  else if ('$exact' in o) m = { kind: 'kv', fields: attrs(o.$exact as Record<string, unknown>), exact: true };
  if ('$capture' in o) return { kind: 'capture', name: String(o.$capture), then: m };
  return m ?? { kind: 'kv', fields: attrs(o), exact: false };
}

export function attrs(o: Record<string, unknown>): Record<string, AttrMatcher> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, matcher(v)]));
}

function roleOf(ref: string): Role | undefined {
  return ROLES[ref.replace(/^\$/, '')];
}

function pattern(from: string, to: string, message: string, a: Record<string, unknown> = {}, protocol?: string): MessagePattern {
  const found = defaultCatalog.resolve(message, { from: roleOf(from), to: roleOf(to) });
  const p = (protocol ?? found[0]?.def.protocol) as MessagePattern['protocol'];
  if (!p) throw new Error(`test kit: no protocol for ${from} → ${to} ${message}`);
  return { from, to, message, protocol: p, attributes: attrs(a) };
}

export function m(from: string, to: string, message: string, a: Record<string, unknown> = {}, o: { id?: string; timing?: StepTiming; referenceId?: unknown; protocol?: string } = {}): MessageStep {
  const step: MessageStep = { kind: 'message', ...base(), ...pattern(from, to, message, a, o.protocol) };
  if (o.id) step.id = o.id;
  if (o.timing) step.timing = o.timing;
  if (o.referenceId !== undefined) step.referenceId = matcher(o.referenceId);
  return step;
}

export function seq(...steps: Step[]): SequenceStep {
  return { kind: 'sequence', ...base(), steps };
}
export function anyOrder(...steps: Step[]): Step {
  return { kind: 'any-order', ...base(), steps };
}
export function oneOf(...alternatives: Step[][]): Step {
  return { kind: 'one-of', ...base(), alternatives: alternatives.map((a) => seq(...a)) };
}
export function optional(...steps: Step[]): Step {
  return { kind: 'optional', ...base(), body: seq(...steps) };
}
export function repeat(o: { min?: number; max?: number | null }, ...steps: Step[]): Step {
  return { kind: 'repeat', ...base(), body: seq(...steps), min: o.min ?? 1, max: o.max === undefined ? null : o.max };
}
export function forEach(variable: string, list: string, order: 'sequence' | 'any', ...steps: Step[]): Step {
  return { kind: 'for-each', ...base(), variable, in: list, order, body: seq(...steps) };
}
export function never(from: string, to: string, message: string, a: Record<string, unknown>, window: WindowSpec, protocol?: string): NeverStep {
  return { kind: 'never', ...base(), pattern: pattern(from, to, message, a, protocol), window };
}

export interface ModelOptions {
  correlate?: string[];
  unexpected?: UnexpectedPolicy;
  timers?: Record<string, number>;
  params?: Record<string, Omit<ModelParam, 'name' | 'loc'>>;
  participants?: Record<string, { role: Role; name?: string }>;
}

/** One phase `p` ("Phase P") holding the steps, one variant `v`. */
export function model(steps: Step[], o: ModelOptions = {}): FlowModel {
  const loc = { file: 'm.yaml', line: 1, col: 1 };
  const parts = o.participants ?? Object.fromEntries(Object.entries(ROLES).map(([id, role]) => [id, { role }]));
  return {
    file: 'm.yaml', hash: 'h', name: 'Test Model',
    participants: Object.fromEntries(Object.entries(parts).map(([id, p]) => [id, { id, ...p, loc }])),
    params: Object.fromEntries(Object.entries(o.params ?? {}).map(([name, p]) => [name, { name, ...p, loc }])),
    timers: o.timers ?? {},
    unexpected: o.unexpected ?? 'ignore',
    correlate: o.correlate ?? [],
    phases: { p: { id: 'p', title: 'Phase P', body: { kind: 'sequence', id: 'p', phase: 'p', loc, steps }, loc } },
    variants: { v: { id: 'v', phases: ['p'], loc } },
    notes: [],
  };
}

export const PARTICIPANTS: TraceParticipant[] = [
  { name: 'URS1', role: 'URS' },
  { name: 'IS1', role: 'InteractionServer' },
  { name: 'Agent1', role: 'AgentApplication' },
  { name: 'Stat1', role: 'StatServer' },
];

const TRACE_ROLES = new Map<string, Role>([['URS1', 'URS'], ['IS1', 'InteractionServer'], ['Agent1', 'AgentApplication'], ['Agent2', 'AgentApplication'], ['Stat1', 'StatServer']]);

/** Builds a trace; messages come 10 ms apart unless `t` says otherwise. */
export class TraceBuilder {
  readonly entries: TraceEntry[] = [];
  participants: TraceParticipant[];
  #t = 0;

  constructor(participants: TraceParticipant[] = PARTICIPANTS) {
    this.participants = participants;
  }

  msg(from: string, to: string, message: string, attributes: Record<string, unknown> = {}, o: { t?: number; ref?: number; protocol?: string; violations?: Violation[]; alias?: string } = {}): this {
    const t = o.t ?? (this.#t += 10);
    this.#t = t;
    const protocol = o.protocol ?? defaultCatalog.resolve(message, { from: TRACE_ROLES.get(from), to: TRACE_ROLES.get(to) })[0]?.def.protocol ?? 'InteractionManagement';
    this.entries.push({
      type: 'message', seq: this.entries.length + 1, t, from, to, connection: [from, to].sort().join('<->'), protocol, message,
      ...(o.alias ? { alias: o.alias } : {}), ...(o.ref === undefined ? {} : { referenceId: o.ref }), attributes, violations: o.violations ?? [],
    });
    return this;
  }

  badFrame(from: string, to: string, violations: Violation[]): this {
    this.#t += 10;
    this.entries.push({ type: 'bad-frame', seq: this.entries.length + 1, t: this.#t, from, to, connection: [from, to].sort().join('<->'), raw: '{"protocol', size: 10, violations });
    return this;
  }

  note(kind: 'participant' | 'info', text: string, data?: Record<string, unknown>): this {
    this.entries.push({ type: 'note', seq: this.entries.length + 1, t: this.#t, kind, text, ...(data ? { data } : {}) });
    return this;
  }

  /** A lag note (src/flow/lag.ts): between `from` and `to` the source's event loop lagged up to `lag` ms. */
  lag(from: number, to: number, lag: number, source = 'harness'): this {
    this.entries.push({ type: 'note', seq: this.entries.length + 1, t: to, kind: 'lag', text: `${source} event loop lagged ${lag} ms`, data: { source, from, to, lag, period: 10 } });
    return this;
  }

  trace(footerT?: number): Trace {
    const header = { type: 'header' as const, format: 'flowcert-trace/1' as const, flowcertVersion: '0', startedAt: '2025-01-06T09:00:00.000Z', participants: this.participants };
    return footerT === undefined ? { header, entries: this.entries } : { header, entries: this.entries, footer: { type: 'footer', t: footerT, entries: this.entries.length } };
  }
}

/** A model whose steps are numbered from p.1: the thunk runs after the numbering restarts. */
export function def(steps: () => Step[], o: ModelOptions = {}): FlowModel {
  fresh();
  return model(steps(), o);
}
