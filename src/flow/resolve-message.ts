import type { Node } from 'yaml';
import { PROTOCOL_LABELS } from '../catalog/types.ts';
import type { MessageDef, ProtocolId, Role } from '../catalog/types.ts';
import type { LoadContext } from './load-context.ts';
import { roleLabel } from './role-names.ts';

/**
 * A step's message name → its catalog definition, narrowed by protocol and by the roles of the
 * sender and receiver. The three ways it can fail are told apart, because each has a different fix:
 * the name is unknown (a typo), it exists but not in that direction (wrong from/to), or it exists in
 * two protocols in that direction (say which with `protocol:`).
 */

export interface MessageQuery {
  name: string;
  nameNode: Node | null;
  protocol?: ProtocolId;
  protocolNode?: Node | null;
  /** undefined when the participant is unknown or its role cannot be told (a for-each variable of a role-less param). */
  from?: Role;
  to?: Role;
  /** False when from or to could not be resolved: a direction error would only repeat that error. */
  directionKnown: boolean;
}

export function resolveMessage(ctx: LoadContext, q: MessageQuery): MessageDef | undefined {
  const { catalog } = ctx;
  const found = catalog.resolve(q.name, { protocol: q.protocol, from: q.from, to: q.to });
  if (found.length === 1) return found[0].def;
  if (found.length > 1) {
    if (!q.directionKnown) return undefined;
    const ids = found.map((r) => r.def.protocol);
    ctx.error(q.nameNode, 'FLOW_AMBIGUOUS_MESSAGE', `${q.name} ${direction(q.from, q.to)} exists in ${ids.map((p) => PROTOCOL_LABELS[p]).join(' and ')}`, {
      expected: ids.map((p) => `protocol: ${p}`).join(' or '),
      hint: 'add protocol: to the step to say which one',
    });
    return undefined;
  }
  const all = catalog.byName(q.name);
  if (all.length === 0) {
    ctx.error(q.nameNode, 'FLOW_UNKNOWN_MESSAGE', `unknown message ${q.name}`, {
      expected: 'a message name of the catalog',
      hint: catalog.suggest(q.name),
    });
    return undefined;
  }
  const inProtocol = q.protocol ? all.filter((r) => r.def.protocol === q.protocol) : all;
  if (inProtocol.length === 0) {
    const labels = [...new Set(all.map((r) => PROTOCOL_LABELS[r.def.protocol]))];
    const ids = [...new Set(all.map((r) => r.def.protocol))];
    ctx.error(q.protocolNode ?? q.nameNode, 'FLOW_WRONG_PROTOCOL', `${q.name} is not a ${PROTOCOL_LABELS[q.protocol!]} message`, {
      expected: ids.map((p) => `protocol: ${p}`).join(' or '),
      hint: `${q.name} is in ${labels.join(' and ')}`,
    });
    return undefined;
  }
  if (!q.directionKnown) return undefined;
  const ways = inProtocol.map((r) => route(r.def, inProtocol.length > 1)).join(' or ');
  const reversed = catalog.resolve(q.name, { protocol: q.protocol, from: q.to, to: q.from }).length > 0;
  ctx.error(q.nameNode, 'FLOW_WRONG_DIRECTION', `${q.name} goes ${ways}, not ${direction(q.from, q.to)}`, {
    expected: ways,
    hint: reversed ? 'swap from and to' : 'check the roles of the participants in from and to',
  });
  return undefined;
}

function direction(from: Role | undefined, to: Role | undefined): string {
  const parts: string[] = [];
  if (from) parts.push(`from ${roleLabel(from)}`);
  if (to) parts.push(`to ${roleLabel(to)}`);
  return parts.join(' ');
}

function route(def: MessageDef, withProtocol: boolean): string {
  const text = `from ${def.senders.map(roleLabel).join(' or ')} to ${def.receivers.map(roleLabel).join(' or ')}`;
  return withProtocol ? `${text} (${PROTOCOL_LABELS[def.protocol]})` : text;
}
