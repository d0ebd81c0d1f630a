import { PROTOCOL_LABELS, ROLE_LABELS } from './types.ts';
import type { AttrDef, MessageDef } from './types.ts';

const ATTR_TYPES = new Set(['string', 'int', 'bool', 'kv', 'timestamp', 'list']);
const PAIRINGS = new Set(['request', 'response', 'optional-response', 'none']);

/**
 * Every way a set of definitions is malformed, one sentence each; empty when it is sound.
 * The catalog refuses malformed definitions at construction, so a typo in a protocol table fails
 * the first test that loads it rather than a certification run.
 */
export function checkDefinitions(defs: readonly MessageDef[]): string[] {
  const problems: string[] = [];
  const key = (protocol: string, name: string) => `${protocol}:${name}`;
  const canonical = new Map<string, MessageDef>();
  const canonicalNames = new Set<string>();
  for (const d of defs) {
    const k = key(d.protocol, d.name);
    if (canonical.has(k)) problems.push(`${k} is defined twice`);
    canonical.set(k, d);
    canonicalNames.add(d.name);
  }
  const aliasOwner = new Map<string, string>();
  for (const d of defs) {
    const where = key(d.protocol, d.name);
    if (!Object.hasOwn(PROTOCOL_LABELS, d.protocol)) problems.push(`${where}: unknown protocol ${d.protocol}`);
    if (!/^[A-Z][A-Za-z0-9]*$/.test(d.name)) problems.push(`${where}: name is not a PascalCase identifier`);
    if (d.kind !== 'request' && d.kind !== 'event') problems.push(`${where}: unknown kind ${String(d.kind)}`);
    if (!PAIRINGS.has(d.pairing)) problems.push(`${where}: unknown pairing ${String(d.pairing)}`);
    if (d.senders.length === 0) problems.push(`${where}: no senders`);
    if (d.receivers.length === 0) problems.push(`${where}: no receivers`);
    for (const r of [...d.senders, ...d.receivers]) {
      if (!Object.hasOwn(ROLE_LABELS, r)) problems.push(`${where}: unknown role ${r}`);
    }
    if (!d.description) problems.push(`${where}: no description`);
    if (!d.source) problems.push(`${where}: no source`);
    for (const a of d.aliases ?? []) {
      const ak = key(d.protocol, a);
      if (canonicalNames.has(a)) problems.push(`${where}: alias ${a} is also a canonical message name`);
      else if (aliasOwner.has(ak)) problems.push(`${where}: alias ${a} is already an alias of ${aliasOwner.get(ak)}`);
      aliasOwner.set(ak, where);
    }
    checkAttributes(d.attributes, where, '', problems);
    checkPairing(d, canonical, problems);
  }
  return problems;
}

function checkAttributes(attrs: Readonly<Record<string, AttrDef>>, where: string, prefix: string, problems: string[]): void {
  for (const [name, a] of Object.entries(attrs)) {
    const path = prefix + name;
    if (!ATTR_TYPES.has(a.type)) problems.push(`${where}: attribute ${path} has unknown type ${a.type}`);
    if (typeof a.required !== 'boolean') problems.push(`${where}: attribute ${path} does not say whether it is required`);
    if (a.enum) {
      if (a.enum.length === 0) problems.push(`${where}: attribute ${path} has an empty enum`);
      const want = a.type === 'int' ? 'number' : 'string';
      if ((a.type !== 'int' && a.type !== 'string') || a.enum.some((v) => typeof v !== want)) {
        problems.push(`${where}: attribute ${path} enum values do not match its type ${a.type}`);
      }
    }
    if (a.fields) {
      if (a.type !== 'kv') problems.push(`${where}: attribute ${path} has fields but is not kv`);
      checkAttributes(a.fields, where, `${path}.`, problems);
    }
  }
}

function checkPairing(d: MessageDef, canonical: Map<string, MessageDef>, problems: string[]): void {
  const where = `${d.protocol}:${d.name}`;
  if (d.pairing === 'request' && (d.responses?.length ?? 0) === 0) problems.push(`${where}: a request with no responses`);
  if (d.pairing !== 'request' && d.responses?.length) problems.push(`${where}: responses listed on a message that is not a request`);
  for (const r of d.responses ?? []) {
    const target = canonical.get(r.includes(':') ? r : `${d.protocol}:${r}`);
    if (!target) {
      problems.push(`${where}: response ${r} is not in the catalog`);
      continue;
    }
    if (target.pairing !== 'response' && target.pairing !== 'optional-response') {
      problems.push(`${where}: response ${r} has pairing ${target.pairing}, not response`);
    }
    // The answer goes back along the same connection: whoever receives the request sends the response.
    for (const s of d.senders) {
      if (!target.receivers.includes(s)) problems.push(`${where}: response ${r} is not received by ${s}, which sends the request`);
    }
    for (const s of d.receivers) {
      if (!target.senders.includes(s)) problems.push(`${where}: response ${r} is not sent by ${s}, which receives the request`);
    }
  }
}
