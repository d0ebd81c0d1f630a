import { missingViolations } from './expected-violations.ts';
import type { TraceMessage } from '../trace/types.ts';
import { matchAttributes, matchOne } from './attribute-matcher.ts';
import type { AttrDiff } from './result.ts';
import type { MessagePattern } from './model.ts';
import type { Scope } from './step-program.ts';
import type { RunContext, Thread } from './thread.ts';

/** Does a trace message fit a message pattern, given what a thread has captured and bound so far? */

export interface Fit {
  ok: boolean;
  bound?: Record<string, unknown>;
  /** The thread's bindings with those the fit makes (the thread's own object when it makes none). */
  parts: Readonly<Record<string, string>>;
  diffs: AttrDiff[];
}

// What resolveRef says when it binds nothing: the same two objects every time (it is asked per message).
const FITS = { ok: true } as const;
const OTHER = { ok: false } as const;

/** Does a trace participant fit a model participant reference, and what would it bind? */
function resolveRef(ctx: RunContext, ref: string, scope: Scope, name: string, parts: Readonly<Record<string, string>>): { ok: boolean; bind?: string } {
  let id = ref;
  if (ref.startsWith('$')) {
    const v = scope.vars[ref.slice(1)];
    if (typeof v !== 'string' || !(v in ctx.model.participants)) return v === name ? FITS : OTHER;
    id = v;
  }
  const fixed = ctx.pinned[id] ?? parts[id];
  if (fixed !== undefined) return fixed === name ? FITS : OTHER;
  const p = ctx.model.participants[id];
  if (!p || ctx.roleOf.get(name) !== p.role || ctx.pinnedNames.has(name)) return OTHER;
  for (const k in parts) if (parts[k] === name) return OTHER;
  return { ok: true, bind: id };
}

/**
 * null: another message or direction. ok false: same message and direction, attributes differ
 * (with `explain`, every difference listed). ok true: it fits, binding `bound` and `parts`.
 */
export function fitPattern(
  ctx: RunContext,
  p: MessagePattern,
  scope: Scope,
  msg: TraceMessage,
  th: Pick<Thread, 'captures' | 'parts'>,
  explain = false,
): Fit | null {
  if (msg.message !== p.message || msg.protocol !== p.protocol) return null;
  const f = resolveRef(ctx, p.from, scope, msg.from, th.parts);
  if (!f.ok) return null;
  let parts = th.parts;
  if (f.bind) parts = { ...parts, [f.bind]: msg.from };
  const to = resolveRef(ctx, p.to, scope, msg.to, parts);
  if (!to.ok) return null;
  if (to.bind) parts = { ...parts, [to.bind]: msg.to };
  const mctx = { captures: th.captures, vars: scope.vars };
  const attrs = matchAttributes(p.attributes, msg.attributes, mctx, explain);
  let ok = attrs.ok;
  let bound = attrs.bound;
  const diffs = attrs.diffs;
  if (p.referenceId && (ok || explain)) {
    const rctx = { captures: bound ? { ...th.captures, ...bound } : th.captures, vars: scope.vars };
    const r = matchOne(p.referenceId, msg.referenceId, 'referenceId', rctx, explain);
    ok &&= r.ok;
    if (r.bound) bound = { ...bound, ...r.bound };
    diffs.push(...r.diffs);
  }
  if (p.violates && (ok || explain)) {
    const missing = missingViolations(p.violates, msg);
    if (missing.length > 0) {
      ok = false;
      const shown = (msg.violations ?? []).filter((v) => v.severity === 'error').map((v) => v.code);
      diffs.push({ path: 'violations', expected: `breaks the catalog with ${missing.join(', ')}`, actual: shown.length ? shown.join(', ') : 'none' });
    }
  }
  return { ok, bound, parts, diffs };
}

