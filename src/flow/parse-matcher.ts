import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { AttrMatcher } from './model.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Attribute matchers as YAML data → AttrMatcher:
 *   scalar                exact value (`$$x` is the literal text `$x`)
 *   $any / $absent        present with any value / not present
 *   $name                 capture
 *   [a, b]                exact list
 *   { $regex, $flags? } | { $oneOf } | { $min?, $max? } | { $exact: {...} }, each optionally with $capture
 *   { Key: matcher, ... } nested key-value list, partial
 */

export const OPERATORS = ['$regex', '$flags', '$oneOf', '$min', '$max', '$exact', '$capture'] as const;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const EXPECTED = 'a value, $any, $absent, $name, a nested mapping, or one of { $regex }, { $oneOf }, { $min, $max }, { $exact }, { $capture }';

/** Group of each operator: one group per matcher, plus $capture. */
const GROUP: Record<(typeof OPERATORS)[number], string> = {
  $regex: '$regex',
  $flags: '$regex',
  $oneOf: '$oneOf',
  $min: '$min/$max',
  $max: '$min/$max',
  $exact: '$exact',
  $capture: '$capture',
};

export function isCaptureName(s: string): boolean {
  return IDENT.test(s);
}

export function parseMatcher(ctx: LoadContext, raw: Node | null | undefined, path: string): AttrMatcher | undefined {
  const node = ctx.src.deref(raw);
  if (!node || (isScalar(node) && node.value === null)) {
    ctx.error(node ?? raw, 'FLOW_BAD_MATCHER', `${path} has no value`, { expected: EXPECTED, hint: 'write $any to accept any value' });
    return undefined;
  }
  if (isScalar(node)) return scalarMatcher(ctx, node, node.value, path);
  if (isSeq(node)) return { kind: 'exact', value: node.toJS(ctx.src.doc) };
  if (isMap(node)) return mappingMatcher(ctx, node, path);
  ctx.wrongType(node, path, EXPECTED);
  return undefined;
}

function scalarMatcher(ctx: LoadContext, node: Node, v: unknown, path: string): AttrMatcher | undefined {
  if (typeof v !== 'string' || !v.startsWith('$')) return { kind: 'exact', value: v };
  if (v.startsWith('$$')) return { kind: 'exact', value: v.slice(1) };
  if (v === '$any') return { kind: 'any' };
  if (v === '$absent') return { kind: 'absent' };
  if ((OPERATORS as readonly string[]).includes(v)) {
    ctx.error(node, 'FLOW_BAD_MATCHER', `${v} is a matcher operator and needs a mapping`, {
      expected: EXPECTED,
      hint: `write ${path}: { ${v}: ... }`,
    });
    return undefined;
  }
  const name = v.slice(1);
  if (isCaptureName(name)) return { kind: 'capture', name };
  ctx.error(node, 'FLOW_BAD_MATCHER', `${v} is not a capture name`, {
    expected: '$ followed by letters, digits or _ (a capture), $any or $absent',
    hint: `write $${v} for the literal text ${v}`,
  });
  return undefined;
}

function mappingMatcher(ctx: LoadContext, node: Node, path: string): AttrMatcher | undefined {
  const entries = ctx.entries(node, path, 'a mapping');
  if (!entries) return undefined;
  const ops = entries.filter((e) => e.name.startsWith('$') && !e.name.startsWith('$$'));
  const plain = entries.filter((e) => !ops.includes(e));
  if (ops.length === 0) return kvMatcher(ctx, entries, path, false);
  if (plain.length > 0) {
    ctx.error(plain[0].key, 'FLOW_BAD_MATCHER', `${path} mixes the matcher ${ops[0].name} with the key ${plain[0].name}`, {
      expected: 'either matcher operators ($regex, $oneOf, ...) or a nested key-value list',
      hint: 'nest the keys under $exact, or write $$ for a key that begins with $',
    });
    return undefined;
  }
  let ok = true;
  const byOp = new Map<string, (typeof entries)[number]>();
  for (const e of ops) {
    if (!(OPERATORS as readonly string[]).includes(e.name)) {
      ok = false;
      ctx.error(e.key, 'FLOW_BAD_MATCHER', `unknown matcher ${e.name}`, {
        expected: `one of ${OPERATORS.join(', ')}`,
        hint: didYouMean(e.name, OPERATORS),
      });
    } else byOp.set(e.name, e);
  }
  if (!ok) return undefined;
  const groups = [...new Set([...byOp.keys()].map((k) => GROUP[k as keyof typeof GROUP]))].filter((g) => g !== '$capture');
  if (byOp.has('$flags') && !byOp.has('$regex')) {
    ctx.error(byOp.get('$flags')!.key, 'FLOW_BAD_MATCHER', '$flags needs $regex', { expected: '{ $regex: "...", $flags: "i" }' });
    return undefined;
  }
  if (groups.length > 1) {
    ctx.error(node, 'FLOW_BAD_MATCHER', `${path} combines ${groups.join(' and ')}; a matcher takes one of them`, {
      expected: 'one matcher, optionally with $capture',
      hint: 'split the check, or capture the value and check it in a later step',
    });
    return undefined;
  }
  const inner = groups.length === 1 ? operatorMatcher(ctx, node, groups[0], byOp, path) : undefined;
  const cap = byOp.get('$capture');
  if (!cap) return inner;
  const name = captureName(ctx, cap.value);
  if (name === undefined || (groups.length === 1 && inner === undefined)) return undefined;
  return inner ? { kind: 'capture', name, then: inner } : { kind: 'capture', name };
}

function captureName(ctx: LoadContext, node: Node | null): string | undefined {
  const v = ctx.scalar(node);
  const name = typeof v === 'string' ? v.replace(/^\$/, '') : '';
  if (isCaptureName(name)) return name;
  ctx.error(node, 'FLOW_BAD_MATCHER', `$capture must name a capture, found ${JSON.stringify(v ?? null)}`, {
    expected: 'letters, digits or _, e.g. $capture: ticket',
  });
  return undefined;
}

type Entry = { name: string; key: Node; value: Node | null };

function operatorMatcher(ctx: LoadContext, node: Node, group: string, byOp: Map<string, Entry>, path: string): AttrMatcher | undefined {
  switch (group) {
    case '$regex':
      return regexMatcher(ctx, byOp.get('$regex')!, byOp.get('$flags'));
    case '$oneOf': {
      const items = ctx.list(byOp.get('$oneOf')!.value, `$oneOf of ${path}`, 'a list of values');
      if (!items) return undefined;
      if (items.length === 0) {
        ctx.error(byOp.get('$oneOf')!.value, 'FLOW_BAD_MATCHER', `$oneOf of ${path} lists no value`, { expected: 'a list of at least one value' });
        return undefined;
      }
      return { kind: 'one-of', values: items.map((i) => i.toJS(ctx.src.doc)) };
    }
    case '$min/$max':
      return rangeMatcher(ctx, node, byOp, path);
    case '$exact': {
      const entries = ctx.entries(byOp.get('$exact')!.value, `$exact of ${path}`, 'a mapping');
      return entries ? kvMatcher(ctx, entries, path, true) : undefined;
    }
  }
  return undefined;
}

function regexMatcher(ctx: LoadContext, re: Entry, flags: Entry | undefined): AttrMatcher | undefined {
  const source = ctx.scalar(re.value);
  const f = flags ? ctx.scalar(flags.value) : '';
  if (typeof source !== 'string') {
    ctx.wrongType(re.value, '$regex', 'text (a regular expression)', typeof source === 'number' ? `quote it: "${source}"` : undefined);
    return undefined;
  }
  if (typeof f !== 'string') {
    ctx.wrongType(flags!.value, '$flags', 'text, e.g. "i"');
    return undefined;
  }
  try {
    new RegExp(source, f);
  } catch (e) {
    ctx.error(flags && /flag/i.test((e as Error).message) ? flags.value : re.value, 'FLOW_BAD_REGEX', `$regex does not compile: ${(e as Error).message}`, {
      expected: 'a JavaScript regular expression',
      hint: 'inside double quotes write \\\\ for one backslash, or use single quotes',
    });
    return undefined;
  }
  return { kind: 'regex', source, flags: f };
}

function rangeMatcher(ctx: LoadContext, node: Node, byOp: Map<string, Entry>, path: string): AttrMatcher | undefined {
  const bound = (op: '$min' | '$max'): number | undefined | null => {
    const e = byOp.get(op);
    if (!e) return undefined;
    const v = ctx.scalar(e.value);
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    ctx.wrongType(e.value, `${op} of ${path}`, 'a number');
    return null;
  };
  const min = bound('$min');
  const max = bound('$max');
  if (min === null || max === null) return undefined;
  if (min !== undefined && max !== undefined && min > max) {
    ctx.error(node, 'FLOW_BAD_RANGE', `$min ${min} is greater than $max ${max}`, { expected: '$min no greater than $max', hint: 'swap them' });
    return undefined;
  }
  const m: AttrMatcher = { kind: 'range' };
  if (min !== undefined) m.min = min;
  if (max !== undefined) m.max = max;
  return m;
}

function kvMatcher(ctx: LoadContext, entries: Entry[], path: string, exact: boolean): AttrMatcher | undefined {
  const fields: Record<string, AttrMatcher> = {};
  let ok = true;
  for (const e of entries) {
    const key = e.name.startsWith('$$') ? e.name.slice(1) : e.name;
    const m = parseMatcher(ctx, e.value ?? e.key, `${path}.${key}`);
    if (m) fields[key] = m;
    else ok = false;
  }
  return ok ? { kind: 'kv', fields, exact } : undefined;
}

/** Every capture name a matcher binds or compares, nested ones included. */
export function capturesOf(m: AttrMatcher | undefined, out: string[] = []): string[] {
  if (!m) return out;
  if (m.kind === 'capture') {
    out.push(m.name);
    capturesOf(m.then, out);
  } else if (m.kind === 'kv') for (const f of Object.values(m.fields)) capturesOf(f, out);
  return out;
}
