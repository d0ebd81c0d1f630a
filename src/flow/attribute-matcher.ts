import type { AttrMatcher } from './model.ts';
import type { AttrDiff } from './result.ts';

/**
 * Attribute matchers applied to observed values. One walk serves both the hot path (stop at the first
 * difference, no strings built) and the explanation of a failure (every difference, described).
 */

/** Capture values seen so far; read-only here — new bindings are returned, never written in place. */
export type Bindings = Readonly<Record<string, unknown>>;

export interface MatchContext {
  /** Captures bound earlier in the instance. */
  captures: Bindings;
  /** for-each variables in scope: a capture of that name compares with the iteration's value. */
  vars?: Bindings;
}

export interface AttrOutcome {
  ok: boolean;
  /** Captures this match binds for the first time (only meaningful when ok). */
  bound: Record<string, unknown> | undefined;
  /** Filled only when asked for (`explain`), in matcher order. */
  diffs: AttrDiff[];
}

const ABSENT = 'absent';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ak = Object.keys(a as object);
  const bo = b as Record<string, unknown>;
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) if (!(k in bo) || !deepEqual((a as Record<string, unknown>)[k], bo[k])) return false;
  return true;
}

/** JSON text of an observed value, or `absent`. */
export function valueText(v: unknown): string {
  if (v === undefined) return ABSENT;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const regexCache = new WeakMap<object, RegExp | null>();

function regexOf(m: Extract<AttrMatcher, { kind: 'regex' }>): RegExp | null {
  let re = regexCache.get(m);
  if (re === undefined) {
    try {
      re = new RegExp(m.source, m.flags.replace(/[gy]/g, ''));
    } catch {
      re = null; // the loader rejects bad patterns; a hand-built model gets "no match" rather than a crash
    }
    regexCache.set(m, re);
  }
  return re;
}

/** `"42"`, `7`, `any value`, `absent`, `/^\d+$/i`, `one of "a", "b"`, `between 1 and 5`, `{InteractionId: $interaction}`. */
export function describeMatcher(m: AttrMatcher, captures?: Bindings): string {
  switch (m.kind) {
    case 'exact':
      return valueText(m.value);
    case 'any':
      return 'any value';
    case 'absent':
      return ABSENT;
    case 'regex':
      return `/${m.source}/${m.flags}`;
    case 'one-of':
      return `one of ${m.values.map(valueText).join(', ')}`;
    case 'range':
      if (m.min !== undefined && m.max !== undefined) return `between ${m.min} and ${m.max}`;
      if (m.min !== undefined) return `at least ${m.min}`;
      if (m.max !== undefined) return `at most ${m.max}`;
      return 'any number';
    case 'kv': {
      const inner = Object.entries(m.fields).map(([k, f]) => `${k}: ${describeMatcher(f, captures)}`);
      return `${m.exact ? 'exactly ' : ''}{${inner.join(', ')}}`;
    }
    case 'capture': {
      let text = `$${m.name}`;
      if (captures && m.name in captures) text += ` (= ${valueText(captures[m.name])})`;
      if (m.then) text += ` and ${describeMatcher(m.then, captures)}`;
      return text;
    }
  }
}

/**
 * Match one value. `bound` collects first-time captures of this message (so `{A: $x, B: $x}` needs
 * A = B); `diffs`, when given, receives every difference instead of stopping at the first.
 */
function matchValue(
  m: AttrMatcher,
  actual: unknown,
  path: string,
  ctx: MatchContext,
  st: { bound: Record<string, unknown> | undefined; diffs: AttrDiff[] | undefined },
): boolean {
  switch (m.kind) {
    case 'exact':
      return check(deepEqual(m.value, actual), m, actual, path, ctx, st);
    case 'any':
      return check(actual !== undefined, m, actual, path, ctx, st);
    case 'absent':
      return check(actual === undefined, m, actual, path, ctx, st);
    case 'regex': {
      const re = regexOf(m);
      const text = typeof actual === 'string' ? actual : typeof actual === 'number' ? String(actual) : undefined;
      return check(re !== null && text !== undefined && re.test(text), m, actual, path, ctx, st);
    }
    case 'one-of':
      return check(actual !== undefined && m.values.some((v) => deepEqual(v, actual)), m, actual, path, ctx, st);
    case 'range': {
      const ok = typeof actual === 'number' && (m.min === undefined || actual >= m.min) && (m.max === undefined || actual <= m.max);
      return check(ok, m, actual, path, ctx, st);
    }
    case 'kv': {
      if (!isPlainObject(actual)) return check(false, m, actual, path, ctx, st);
      let ok = true;
      for (const key in m.fields) {
        // The path names a difference; none is written unless asked (st.diffs), so none is made.
        if (!matchValue(m.fields[key], actual[key], st.diffs ? `${path}.${key}` : path, ctx, st)) {
          ok = false;
          if (!st.diffs) return false;
        }
      }
      if (m.exact) {
        for (const key in actual) {
          if (key in m.fields) continue;
          ok = false;
          if (!st.diffs) return false;
          st.diffs.push({ path: `${path}.${key}`, expected: ABSENT, actual: valueText(actual[key]) });
        }
      }
      return ok;
    }
    case 'capture': {
      if (m.then && !matchValue(m.then, actual, path, ctx, st)) return false;
      const known = lookup(m.name, ctx, st.bound);
      if (known !== NOT_FOUND) return check(deepEqual(known, actual), m, actual, path, ctx, st);
      if (actual === undefined) return check(false, m, actual, path, ctx, st);
      (st.bound ??= {})[m.name] = actual;
      return true;
    }
  }
}

/** What a capture name stands for: a for-each variable, else a capture bound earlier or by this message; NOT_FOUND for none. */
function lookup(name: string, ctx: MatchContext, bound: Record<string, unknown> | undefined): unknown {
  if (ctx.vars && name in ctx.vars) return ctx.vars[name];
  if (name in ctx.captures) return ctx.captures[name];
  if (bound && name in bound) return bound[name];
  return NOT_FOUND;
}

/** lookup() found nothing (a value, even undefined, was found otherwise). Asked per message: no object made. */
const NOT_FOUND: unique symbol = Symbol('not found');

function check(
  ok: boolean,
  m: AttrMatcher,
  actual: unknown,
  path: string,
  ctx: MatchContext,
  st: { bound: Record<string, unknown> | undefined; diffs: AttrDiff[] | undefined },
): boolean {
  if (!ok && st.diffs) {
    const known = { ...ctx.captures, ...st.bound, ...ctx.vars };
    st.diffs.push({ path, expected: describeMatcher(m, known), actual: valueText(actual) });
  }
  return ok;
}

/** Top-level attributes: partial, as the model's `attributes:` mapping is. Paths have no leading dot. */
export function matchAttributes(
  matchers: Readonly<Record<string, AttrMatcher>>,
  actual: Readonly<Record<string, unknown>> | undefined,
  ctx: MatchContext,
  explain = false,
): AttrOutcome {
  const st = { bound: undefined as Record<string, unknown> | undefined, diffs: explain ? ([] as AttrDiff[]) : undefined };
  const attrs = actual ?? {};
  let ok = true;
  for (const key in matchers) {
    if (!matchValue(matchers[key], attrs[key], key, ctx, st)) {
      ok = false;
      if (!explain) break;
    }
  }
  return { ok, bound: st.bound, diffs: st.diffs ?? [] };
}

/** A single matcher at a named path (the envelope's referenceId). */
export function matchOne(m: AttrMatcher, actual: unknown, path: string, ctx: MatchContext, explain = false): AttrOutcome {
  const st = { bound: undefined as Record<string, unknown> | undefined, diffs: explain ? ([] as AttrDiff[]) : undefined };
  const ok = matchValue(m, actual, path, ctx, st);
  return { ok, bound: st.bound, diffs: st.diffs ?? [] };
}
