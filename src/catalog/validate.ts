import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Catalog } from './catalog.ts';
import { describeActual, describeValue, TYPE_LABELS } from './describe-value.ts';
import { goesBetween, PROTOCOL_LABELS, ROLE_LABELS } from './types.ts';
import type { AttrDef, AttrType, MessageDef, MessageInstance, Resolved, Role, Violation } from './types.ts';

/**
 * Validation of one message against the catalog. It collects every violation (a report shows them
 * all) and allocates nothing on the success path: the result's `violations` is then a shared,
 * frozen empty array — copy it before adding to it.
 */

export const NO_VIOLATIONS: Violation[] = Object.freeze([]) as unknown as Violation[];

export interface ValidationResult {
  resolved?: Resolved;
  violations: Violation[];
}

export interface CompiledAttr {
  name: string;
  /** `Interaction.InteractionId` */
  path: string;
  /** `InteractionId inside Interaction` or `TicketId to the attributes`, for hints. */
  where: string;
  def: AttrDef;
  enumSet?: ReadonlySet<string | number>;
  fields?: CompiledAttr[];
}

const compiledCache = new WeakMap<MessageDef, CompiledAttr[]>();

function compile(attrs: Readonly<Record<string, AttrDef>>, parent?: string): CompiledAttr[] {
  return Object.entries(attrs).map(([name, def]) => ({
    name,
    path: parent ? `${parent}.${name}` : name,
    where: parent ? `${name} inside ${parent}` : `${name} to the attributes`,
    def,
    enumSet: def.enum ? new Set(def.enum) : undefined,
    fields: def.fields ? compile(def.fields, parent ? `${parent}.${name}` : name) : undefined,
  }));
}

export function compiled(def: MessageDef): CompiledAttr[] {
  let c = compiledCache.get(def);
  if (!c) compiledCache.set(def, (c = compile(def.attributes)));
  return c;
}

const INTEGER_TEXT = /^-?\d+$/;
export const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function isKv(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a JSON value has the catalog type `t` (also used by the model loader for exact values). */
export function fitsAttrType(t: AttrType, v: unknown): boolean {
  switch (t) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return Number.isInteger(v);
    case 'bool':
      return typeof v === 'boolean';
    case 'kv':
      return isKv(v);
    case 'list':
      return Array.isArray(v);
    case 'timestamp':
      return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && ISO_TIMESTAMP.test(v));
  }
}

export function validateMessage(
  catalog: Catalog,
  msg: MessageInstance,
  ctx?: { fromRole?: Role; toRole?: Role },
): ValidationResult {
  if (!catalog.isProtocol(msg.protocol)) return { violations: [unknownProtocol(catalog, msg)] };
  const resolved = catalog.get(msg.protocol, msg.message);
  if (!resolved) return { violations: [unknownMessage(catalog, msg)] };
  const def = resolved.def;
  let out: Violation[] | undefined;
  if (resolved.aliasUsed !== undefined) (out ??= []).push(aliasUsed(def, resolved.aliasUsed));
  if (ctx !== undefined && (ctx.fromRole !== undefined || ctx.toRole !== undefined)) {
    if (!goesBetween(def, ctx.fromRole, ctx.toRole)) {
      (out ??= []).push(wrongDirection(catalog, def, ctx.fromRole, ctx.toRole));
    }
  }
  const attrs = msg.attributes;
  if (isKv(attrs)) out = checkAttrs(def.name, compiled(def), attrs, out);
  else {
    (out ??= []).push({
      code: 'WRONG_TYPE',
      severity: 'error',
      message: `${def.name} attributes are ${describeValue(attrs)}, expected a key-value object`,
      expected: 'kv',
      actual: describeActual(attrs),
      hint: 'send the attributes as one JSON object',
    });
  }
  return { resolved, violations: out ?? NO_VIOLATIONS };
}

function checkAttrs(message: string, attrs: CompiledAttr[], values: Record<string, unknown>, out: Violation[] | undefined): Violation[] | undefined {
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    const v = values[a.name];
    if (v === undefined) {
      if (a.def.required) (out ??= []).push(missing(message, a));
      continue;
    }
    if (!fitsAttrType(a.def.type, v)) {
      (out ??= []).push(wrongType(message, a, v));
      continue;
    }
    if (a.enumSet !== undefined && !a.enumSet.has(v as string | number)) (out ??= []).push(notInEnum(message, a, v));
    if (a.fields !== undefined) out = checkAttrs(message, a.fields, v as Record<string, unknown>, out);
  }
  return out;
}

function missing(message: string, a: CompiledAttr): Violation {
  const what = TYPE_LABELS[a.def.type];
  return {
    code: 'MISSING_ATTRIBUTE',
    severity: 'error',
    message: `${message} is missing required attribute ${a.path} (${a.def.type})`,
    attribute: a.path,
    expected: a.def.type,
    actual: 'absent',
    hint: `add ${a.where}: ${what}${a.def.description ? `, ${a.def.description}` : ''}`,
  };
}

function wrongType(message: string, a: CompiledAttr, v: unknown): Violation {
  return {
    code: 'WRONG_TYPE',
    severity: 'error',
    message: `${message} attribute ${a.path} is ${describeValue(v)}, expected ${TYPE_LABELS[a.def.type]}`,
    attribute: a.path,
    expected: a.def.type,
    actual: describeActual(v),
    hint: typeHint(a, v),
  };
}

function typeHint(a: CompiledAttr, v: unknown): string {
  const t = a.def.type;
  if (t === 'int' && typeof v === 'string' && INTEGER_TEXT.test(v)) return `send the number without quotes: ${v}`;
  if (t === 'string' && (typeof v === 'number' || typeof v === 'boolean')) return `send it as a JSON string: "${v}"`;
  if (t === 'bool' && (v === 'true' || v === 'false')) return `send ${v} without quotes`;
  if (t === 'kv' && typeof v === 'string') return 'send a JSON object of key-value pairs, not a string';
  return `${a.name} must be ${TYPE_LABELS[t]}${a.def.description ? `: ${a.def.description}` : ''}`;
}

function notInEnum(message: string, a: CompiledAttr, v: unknown): Violation {
  const values = a.def.enum ?? [];
  const near = didYouMean(String(v), values.map(String));
  return {
    code: 'NOT_IN_ENUM',
    severity: 'error',
    message: `${message} attribute ${a.path} is ${describeValue(v)}, expected one of ${values.join(', ')}`,
    attribute: a.path,
    expected: values.join(' | '),
    actual: describeValue(v),
    hint: near ?? `use one of ${values.join(', ')}`,
  };
}

function aliasUsed(def: MessageDef, alias: string): Violation {
  return {
    code: 'ALIAS_USED',
    severity: 'info',
    message: `${alias} is accepted as an alias of ${def.name} (${PROTOCOL_LABELS[def.protocol]})`,
    expected: def.name,
    actual: alias,
    hint: `${def.name} is the Genesys Events and Models Reference spelling; flowcert emits that one`,
  };
}

const roles = (rs: readonly Role[]) => rs.map((r) => ROLE_LABELS[r]).join(', ');

function wrongDirection(catalog: Catalog, def: MessageDef, from: Role | undefined, to: Role | undefined): Violation {
  const observed = `${from ? ROLE_LABELS[from] : '?'} → ${to ? ROLE_LABELS[to] : '?'}`;
  const sent = [from ? `from ${ROLE_LABELS[from]}` : '', to ? `to ${ROLE_LABELS[to]}` : ''].filter(Boolean).join(' ');
  const elsewhere = catalog.resolve(def.name, { from, to });
  const hint =
    elsewhere.length > 0
      ? `${def.name} ${sent} is a ${PROTOCOL_LABELS[elsewhere[0].def.protocol]} message: set protocol to ${elsewhere[0].def.protocol}`
      : `no protocol has ${def.name} going ${sent}`;
  return {
    code: 'WRONG_DIRECTION',
    severity: 'error',
    message: `${def.name} ${sent} goes the wrong way: ${PROTOCOL_LABELS[def.protocol]} ${def.name} goes from ${roles(def.senders)} to ${roles(def.receivers)}`,
    expected: `${roles(def.senders)} → ${roles(def.receivers)}`,
    actual: observed,
    hint,
  };
}

function unknownProtocol(catalog: Catalog, msg: MessageInstance): Violation {
  const ids = Object.keys(PROTOCOL_LABELS);
  const near = didYouMean(String(msg.protocol), ids);
  const known = catalog.byName(msg.message);
  const hint = known.length > 0 ? `${msg.message} is a message of protocol ${known.map((r) => r.def.protocol).join(', ')}` : near ?? `use one of ${ids.join(', ')}`;
  return {
    code: 'UNKNOWN_PROTOCOL',
    severity: 'error',
    message: `unknown protocol ${String(msg.protocol)} for message ${msg.message}`,
    expected: ids.join(' | '),
    actual: describeValue(msg.protocol),
    hint: near && known.length > 0 ? `${near} (${hint})` : hint,
  };
}

function unknownMessage(catalog: Catalog, msg: MessageInstance): Violation {
  const inProtocol = catalog
    .all()
    .filter((d) => d.protocol === msg.protocol)
    .map((d) => d.name);
  return {
    code: 'UNKNOWN_MESSAGE',
    severity: 'error',
    message: `unknown message ${msg.message} in protocol ${msg.protocol}`,
    expected: inProtocol.length > 0 ? inProtocol.join(' | ') : `a ${msg.protocol} message (the catalog defines none yet)`,
    actual: msg.message,
    hint: catalog.suggest(msg.message) ?? (inProtocol.length > 0 ? `${msg.protocol} messages are ${inProtocol.join(', ')}` : `the catalog defines no ${msg.protocol} messages yet`),
  };
}
