import { isMap, isScalar } from 'yaml';
import type { Node } from 'yaml';
import type { ProtocolId, Role, ViolationCode } from '../catalog/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { checkAttributes, checkReferenceId } from './check-attributes.ts';
import type { Field, LoadContext } from './load-context.ts';
import { ALLOWABLE_VIOLATIONS } from './model.ts';
import type { AttrMatcher, MessagePattern, ModelParam, ModelParticipant, StepTiming, WindowSpec } from './model.ts';
import { capturesOf, parseMatcher } from './parse-matcher.ts';
import { resolveMessage } from './resolve-message.ts';
import { parseViolates } from './expected-violations.ts';
import { PROTOCOL_IDS, PROTOCOL_SPELLINGS, protocolOf } from './role-names.ts';

/** What message steps and never steps share: from → to, the message, its attribute matchers; and timing. */

export interface StepEnv {
  ctx: LoadContext;
  participants: Record<string, ModelParticipant>;
  params: Record<string, ModelParam>;
  timers: Record<string, number>;
  /** Every name declared, valid or not: a reference to a declaration that was itself reported is not reported again. */
  declared: { participants: Set<string>; params: Set<string>; timers: Set<string> };
  /** Every step id, with the node that declared it first. */
  ids: Map<string, Node>;
  /** Capture names bound by message steps (for `correlate`). */
  captured: Set<string>;
  /** Participant ids named in a from or to, even by a step with other errors (for FLOW_PARTICIPANT_UNUSED). */
  named: Set<string>;
  /** `after.since` references, checked once every step id is known. */
  sinceRefs: Array<{ id: string; node: Node | null }>;
}

/** for-each variables in scope: name → the list param it walks (undefined when that param is unknown). */
export type Vars = ReadonlyMap<string, ModelParam | undefined>;

export const PATTERN_KEYS = ['from', 'to', 'message', 'protocol', 'attributes', 'referenceId', 'violates'] as const;

/** `fields` holds at least the PATTERN_KEYS present; missing required ones were reported by the caller. */
export function parsePattern(env: StepEnv, fields: Map<string, Field>, vars: Vars, binds: boolean): MessagePattern | undefined {
  const { ctx } = env;
  const from = fields.has('from') ? participantRef(env, fields.get('from')!.value, vars) : undefined;
  const to = fields.has('to') ? participantRef(env, fields.get('to')!.value, vars) : undefined;
  const messageNode = fields.get('message')?.value ?? null;
  const name = fields.has('message') ? ctx.name(messageNode, 'message') : undefined;
  let protocol: ProtocolId | undefined;
  const protoField = fields.get('protocol');
  let protocolOk = true;
  if (protoField) {
    const text = ctx.name(protoField.value, 'protocol');
    protocol = text === undefined ? undefined : protocolOf(text);
    if (text !== undefined && !protocol) {
      ctx.error(protoField.value, 'FLOW_UNKNOWN_PROTOCOL', `unknown protocol ${text}`, {
        expected: `one of ${PROTOCOL_IDS.join(', ')}`,
        hint: didYouMean(text, Object.keys(PROTOCOL_SPELLINGS)),
      });
    }
    protocolOk = protocol !== undefined;
  }
  const def =
    name !== undefined && protocolOk
      ? resolveMessage(ctx, {
          name,
          nameNode: messageNode,
          protocol,
          protocolNode: protoField?.value,
          from: from?.role,
          to: to?.role,
          directionKnown: from?.role !== undefined && to?.role !== undefined,
        })
      : undefined;

  const attributes: Record<string, AttrMatcher> = {};
  let attrsOk = true;
  const attrField = fields.get('attributes');
  if (attrField) {
    const entries = ctx.entries(attrField.value ?? attrField.key, 'attributes', 'a mapping of attribute name to matcher');
    if (!entries) attrsOk = false;
    for (const e of entries ?? []) {
      const key = e.name.startsWith('$$') ? e.name.slice(1) : e.name;
      const m = parseMatcher(ctx, e.value ?? e.key, key);
      if (m) attributes[key] = m;
      else attrsOk = false;
    }
    if (def) checkAttributes(ctx, attrField.value, attributes, def);
  }
  let referenceId: AttrMatcher | undefined;
  const refField = fields.get('referenceId');
  if (refField) {
    referenceId = parseMatcher(ctx, refField.value ?? refField.key, 'referenceId');
    if (referenceId && def) checkReferenceId(ctx, refField.value, referenceId, def);
  }
  if (binds) {
    for (const m of Object.values(attributes)) for (const c of capturesOf(m)) env.captured.add(c);
    for (const c of capturesOf(referenceId)) env.captured.add(c);
  }
  const violatesField = fields.get('violates');
  const violates = violatesField ? parseViolates(ctx, violatesField.value ?? violatesField.key) : undefined;
  if (!from?.ok || !to?.ok || !def || !attrsOk || (refField && !referenceId) || (violatesField && !violates)) return undefined;
  const pattern: MessagePattern = { from: from.ref, to: to.ref, message: def.name, protocol: def.protocol, attributes };
  if (referenceId) pattern.referenceId = referenceId;
  if (violates) pattern.violates = violates;
  return pattern;
}

interface Ref {
  ref: string;
  role?: Role;
  ok: boolean;
}

function participantRef(env: StepEnv, node: Node | null, vars: Vars): Ref {
  const { ctx } = env;
  const text = ctx.name(node, 'a participant');
  if (text === undefined) return { ref: '', ok: false };
  const ids = [...env.declared.participants];
  if (text.startsWith('$')) {
    const v = text.slice(1);
    if (!vars.has(v)) {
      ctx.error(node, 'FLOW_UNKNOWN_VARIABLE', `${text} is not a for-each variable here`, {
        expected: `a participant id (${ids.join(', ')}) or a for-each variable in scope${vars.size ? ` ($${[...vars.keys()].join(', $')})` : ''}`,
        hint: didYouMean(v, [...vars.keys()], (c) => `$${c}`) ?? (Object.hasOwn(env.participants, v) ? `write ${v} without $` : undefined),
      });
      return { ref: text, ok: false };
    }
    const param = vars.get(v);
    if (param && !param.role) {
      ctx.error(node, 'FLOW_PARAM_NO_ROLE', `${text} stands for a value of param ${param.name}, which has no role`, {
        expected: `param ${param.name} with a role, so ${text} is a participant`,
        hint: `add role: to param ${param.name}, e.g. role: InteractionServer`,
      });
      return { ref: text, ok: false };
    }
    // An unknown param was reported at `in:`; the variable itself is fine.
    return { ref: text, role: param?.role, ok: param !== undefined };
  }
  const p = Object.hasOwn(env.participants, text) ? env.participants[text] : undefined;
  if (env.declared.participants.has(text)) env.named.add(text);
  if (!p && env.declared.participants.has(text)) return { ref: text, ok: false };
  if (!p) {
    ctx.error(node, 'FLOW_UNKNOWN_PARTICIPANT', `unknown participant ${text}`, {
      expected: ids.length ? `one of ${ids.join(', ')}` : 'a participant declared under participants:',
      hint: didYouMean(text, ids),
    });
    return { ref: text, ok: false };
  }
  return { ref: text, role: p.role, ok: true };
}

export function timerRef(env: StepEnv, node: Node | null): string | undefined {
  const { ctx } = env;
  const name = ctx.name(node, 'timer');
  if (name === undefined) return undefined;
  if (Object.hasOwn(env.timers, name)) return name;
  if (env.declared.timers.has(name)) return undefined;
  const known = [...env.declared.timers];
  ctx.error(node, 'FLOW_UNKNOWN_TIMER', `unknown timer ${name}`, {
    expected: known.length ? `one of ${known.join(', ')}` : 'a timer declared under timers: (none is declared)',
    hint: didYouMean(name, known) ?? `declare it under timers:, e.g. ${name}: 30000`,
  });
  return undefined;
}

/** `within: ms`, `after: { timer, since, tolerance? }` and `before: { timer, since, tolerance? }`; undefined timing when none is there. */
export function parseTiming(env: StepEnv, fields: Map<string, Field>): { timing?: StepTiming; ok: boolean } {
  const { ctx } = env;
  const timing: StepTiming = {};
  let ok = true;
  const within = fields.get('within');
  if (within) {
    const ms = ctx.millis(within.value, 'within');
    if (ms === undefined) ok = false;
    else timing.within = ms;
  }
  for (const key of ['after', 'before'] as const) {
    const field = fields.get(key);
    if (!field) continue;
    const f = ctx.mapping(field.value ?? field.key, key, {
      required: ['timer', 'since'],
      optional: ['tolerance'],
      describe: { timer: 'the name of a timer', since: 'the id of the step that started the timer' },
    });
    const timer = f?.has('timer') ? timerRef(env, f.get('timer')!.value) : undefined;
    const since = f?.has('since') ? ctx.name(f.get('since')!.value, 'since') : undefined;
    if (since !== undefined) env.sinceRefs.push({ id: since, node: f!.get('since')!.value });
    const tolField = f?.get('tolerance');
    const tolerance = tolField ? ctx.millis(tolField.value, 'tolerance', true) : undefined;
    if (timer === undefined || since === undefined || (tolField && tolerance === undefined)) ok = false;
    else timing[key] = tolerance === undefined ? { timer, since } : { timer, since, tolerance };
  }
  return Object.keys(timing).length ? { timing, ok } : { ok };
}

/** `window: <ms> | { timer, margin? } | end`. */
export function parseWindow(env: StepEnv, node: Node | null): WindowSpec | undefined {
  const { ctx } = env;
  const n = ctx.src.deref(node);
  if (n && isScalar(n) && n.value === 'end') return { kind: 'until-end' };
  if (n && isScalar(n) && typeof n.value === 'number') {
    const ms = ctx.millis(n, 'window');
    return ms === undefined ? undefined : { kind: 'ms', ms };
  }
  if (n && isMap(n)) {
    const f = ctx.mapping(n, 'window', { required: ['timer'], optional: ['margin'], describe: { timer: 'the name of a timer' } });
    const timer = f?.has('timer') ? timerRef(env, f.get('timer')!.value) : undefined;
    const marginField = f?.get('margin');
    if (timer === undefined) return undefined;
    // No margin: the timer's own tolerance (timerTolerance), which scales with the timer's value.
    if (!marginField) return { kind: 'timer', timer };
    const margin = ctx.millis(marginField.value, 'margin', true);
    return margin === undefined ? undefined : { kind: 'timer', timer, margin };
  }
  ctx.wrongType(n ?? node, 'window', 'a number of milliseconds, { timer, margin? } or end');
  return undefined;
}

/**
 * `allowViolations: [NOT_IN_ENUM]` on a message step: the violations that message may carry (the
 * scenario's premise). undefined when the step has none; null when what it has is wrong (reported).
 */
export function parseAllowedViolations(env: StepEnv, field: Field | undefined): ViolationCode[] | undefined | null {
  if (!field) return undefined;
  const { ctx } = env;
  const items = ctx.list(field.value ?? field.key, 'allowViolations', `a list of violation codes: ${ALLOWABLE_VIOLATIONS.join(', ')}`);
  if (!items) return null;
  const out: ViolationCode[] = [];
  let ok = true;
  for (const item of items) {
    const code = ctx.name(item, 'a violation code');
    if (code === undefined) {
      ok = false;
      continue;
    }
    if (!(ALLOWABLE_VIOLATIONS as readonly string[]).includes(code)) {
      ctx.error(item, 'FLOW_UNKNOWN_VIOLATION', `${code} cannot be allowed on a message step`, {
        expected: `one of ${ALLOWABLE_VIOLATIONS.join(', ')} (violations of a message's attributes)`,
        hint: didYouMean(code, ALLOWABLE_VIOLATIONS),
      });
      ok = false;
      continue;
    }
    out.push(code as ViolationCode);
  }
  return ok ? out : null;
}
