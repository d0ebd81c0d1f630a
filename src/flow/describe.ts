import { PROTOCOL_LABELS } from '../catalog/types.ts';
import type { ProtocolId } from '../catalog/types.ts';
import { describeMatcher } from './attribute-matcher.ts';
import type { Bindings } from './attribute-matcher.ts';
import type { MessagePattern, MessageStep, NeverStep, Step } from './model.ts';
import type { ObservedRef, StepRef } from './result.ts';
import type { TraceMessage } from '../trace/types.ts';

/** One-line texts for steps and messages, shared by the matcher's result and the explanation. */

/** `ixn → stat EventAgentInvited` */
export function describePattern(p: MessagePattern): string {
  return `${p.from} → ${p.to} ${p.message}`;
}

export function protocolLabel(protocol: string): string {
  return PROTOCOL_LABELS[protocol as ProtocolId] ?? protocol;
}

/** `ixn → agent EventInvite (Interaction Management) with TicketId $ticket (= 7), Interaction {InteractionId: $interaction}` */
export function describeExpected(p: MessagePattern, captures?: Bindings): string {
  let text = `${describePattern(p)} (${protocolLabel(p.protocol)})`;
  const parts = Object.entries(p.attributes).map(([k, m]) => `${k} ${describeMatcher(m, captures)}`);
  if (p.referenceId) parts.push(`referenceId ${describeMatcher(p.referenceId, captures)}`);
  if (parts.length > 0) text += ` with ${parts.join(', ')}`;
  return text;
}

/** `never ixn → agent EventRevoked` */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'message':
      return describePattern(step);
    case 'never':
      return `never ${describePattern(step.pattern)}`;
    case 'for-each':
      return `for each ${step.variable} in ${step.in}`;
    default:
      return step.kind;
  }
}

export type Origin = { uri: string; line: number; text: string } | undefined;

const refCache = new WeakMap<Step, StepRef>();

/** StepRefs are shared between instances: results are data, and equal steps have equal refs. */
export function stepRef(step: MessageStep | NeverStep | Step, origin: Origin): StepRef {
  let ref = refCache.get(step);
  if (!ref || ref.origin !== origin) {
    ref = { id: step.id, phase: step.phase, loc: step.loc, describe: describeStep(step) };
    if (origin) ref.origin = origin;
    refCache.set(step, ref);
  }
  return ref;
}

export function observedRef(m: TraceMessage): ObservedRef {
  return { seq: m.seq, t: m.t, from: m.from, to: m.to, protocol: m.protocol, message: m.message };
}

/** Whole milliseconds for texts (traces carry fractional times). */
export function ms(n: number): string {
  return `${Math.round(n)} ms`;
}

/** A timer's length as people say it: `20 s`, `1.5 s`, `200 ms`. */
export function duration(n: number): string {
  return n >= 1000 && n % 100 === 0 ? `${n / 1000} s` : ms(n);
}

/** Trace participant name → model participant id, for texts that speak the model's language. */
export type NameMap = Readonly<Record<string, string>>;

export function invertParticipants(participants: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, name] of Object.entries(participants)) out[name] = id;
  return out;
}

/** `seq 4 urs → ixn RequestRouteCall`, participants named as in the model when bound. */
export function describeObserved(o: ObservedRef, names: NameMap = {}): string {
  return `seq ${o.seq} ${names[o.from] ?? o.from} → ${names[o.to] ?? o.to} ${o.message}`;
}

/** `interaction 0001`, `interaction 0001, agent a1`; `the trace` for an uncorrelated model. */
export function keyText(key: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(key).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'the trace';
}

/** `interaction 0001`, or `interaction 0001, attempt 2 of 2` when its values were attempted more than once. */
export function instanceText(i: { key: Readonly<Record<string, unknown>>; attempt?: { index: number; of: number } }): string {
  return i.attempt && i.attempt.of > 1 ? `${keyText(i.key)}, attempt ${i.attempt.index} of ${i.attempt.of}` : keyText(i.key);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
