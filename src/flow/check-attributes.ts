import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { AttrDef, AttrType, MessageDef } from '../catalog/types.ts';
import { fitsAttrType } from '../catalog/validate.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { AttrMatcher } from './model.ts';
import type { LoadContext } from './load-context.ts';
import { describeValue } from './yaml-source.ts';

/**
 * Attribute matchers against the catalog's AttrDefs. An attribute the catalog does not list is only a
 * warning: Genesys servers put more attributes on a message than any public list names. A value the
 * attribute can never take (wrong type, outside its enum) is an error: the step could never match.
 */

const TYPE_TEXT: Record<AttrType, string> = {
  string: 'text',
  int: 'a whole number',
  bool: 'true or false',
  kv: 'a key-value list',
  timestamp: 'a timestamp (ISO-8601 text or epoch milliseconds)',
  list: 'a list',
};

/** `node` is the YAML mapping of the step's `attributes`; `matchers` what parse-matcher made of it. */
export function checkAttributes(ctx: LoadContext, node: Node | null, matchers: Record<string, AttrMatcher>, def: MessageDef): void {
  walkFields(ctx, node, matchers, def.attributes, '', def);
}

export function checkReferenceId(ctx: LoadContext, node: Node | null, m: AttrMatcher, def: MessageDef): void {
  checkValue(ctx, node, m, { type: 'int', required: false }, 'referenceId', def);
}

function walkFields(
  ctx: LoadContext,
  node: Node | null,
  matchers: Record<string, AttrMatcher>,
  defs: Readonly<Record<string, AttrDef>>,
  prefix: string,
  msg: MessageDef,
): void {
  const map = ctx.src.deref(node);
  if (!map || !isMap(map)) return;
  const known = Object.keys(defs);
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const raw = isScalar(keyNode) ? String(keyNode.value) : '';
    const name = raw.startsWith('$$') ? raw.slice(1) : raw;
    const m = matchers[name];
    if (!m) continue;
    const path = prefix + name;
    const ad = Object.hasOwn(defs, name) ? defs[name] : undefined;
    if (!ad) {
      ctx.warn(keyNode, 'FLOW_UNKNOWN_ATTRIBUTE', `${msg.name} has no attribute ${path} in the catalog`, {
        expected: known.length ? `one of ${known.join(', ')}` : 'no attributes are listed here',
        hint: didYouMean(name, known) ?? 'Genesys servers send attributes the catalog does not list; keep it if the server sends it',
      });
      continue;
    }
    checkValue(ctx, ctx.src.deref(pair.value as Node | null), m, ad, path, msg);
  }
}

function checkValue(ctx: LoadContext, node: Node | null, m: AttrMatcher, ad: AttrDef, path: string, msg: MessageDef): void {
  switch (m.kind) {
    case 'exact':
      checkExact(ctx, node, m.value, ad, path, msg);
      return;
    case 'one-of': {
      const list = ctx.src.deref(operand(ctx, node, '$oneOf'));
      const items = list && isSeq(list) ? (list.items as Node[]) : [];
      m.values.forEach((v, i) => checkExact(ctx, items[i] ?? node, v, ad, path, msg));
      return;
    }
    case 'range':
      if (ad.type !== 'int' && ad.type !== 'timestamp') typeError(ctx, node, ad, path, msg, 'a numeric range');
      return;
    case 'regex':
      if (ad.type === 'kv' || ad.type === 'list' || ad.type === 'bool') typeError(ctx, node, ad, path, msg, 'a regular expression');
      return;
    case 'kv':
      if (ad.type !== 'kv') typeError(ctx, node, ad, path, msg, 'a nested mapping');
      else if (ad.fields) walkFields(ctx, m.exact ? operand(ctx, node, '$exact') : node, m.fields, ad.fields, `${path}.`, msg);
      return;
    case 'capture':
      if (m.then) checkValue(ctx, node, m.then, ad, path, msg);
      return;
    default:
      return;
  }
}

function operand(ctx: LoadContext, node: Node | null, op: string): Node | null {
  const n = ctx.src.deref(node);
  if (!n || !isMap(n)) return null;
  const pair = n.items.find((p) => isScalar(p.key) && p.key.value === op);
  return pair ? ctx.src.deref(pair.value as Node | null) : null;
}

function checkExact(ctx: LoadContext, node: Node | null, v: unknown, ad: AttrDef, path: string, msg: MessageDef): void {
  if (!fitsAttrType(ad.type, v)) {
    typeError(ctx, node, ad, path, msg, describeValue(v), quoteHint(v, ad.type));
    return;
  }
  if (ad.enum && !ad.enum.includes(v as string | number)) {
    const values = ad.enum.map(String);
    ctx.error(node, 'FLOW_ATTRIBUTE_ENUM', `${path} of ${msg.name} must be one of ${values.join(', ')}, found ${describeValue(v)}`, {
      expected: `one of ${values.join(', ')}`,
      hint: didYouMean(String(v), values),
    });
  }
}

function typeError(ctx: LoadContext, node: Node | null, ad: AttrDef, path: string, msg: MessageDef, found: string, hint?: string): void {
  ctx.error(node, 'FLOW_ATTRIBUTE_TYPE', `${path} of ${msg.name} is ${TYPE_TEXT[ad.type]}, found ${found}`, { expected: TYPE_TEXT[ad.type], hint });
}


/** YAML reads `AgentId: 1001` as a number and `TicketId: "7"` as text; say how to get the other. */
function quoteHint(v: unknown, t: AttrType): string | undefined {
  if (t === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return `quote it: "${String(v)}"`;
  if (t === 'int' && typeof v === 'string' && /^-?\d+$/.test(v.trim())) return `remove the quotes: ${v.trim()}`;
  if (t === 'bool' && (v === 'true' || v === 'false')) return `remove the quotes: ${v}`;
  return undefined;
}
