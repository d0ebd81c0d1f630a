import type { TraceMessage } from '../trace/types.ts';
import type { Divergence, InstanceResult, MatchedStep, PhaseResult, Verdict } from './result.ts';
import { describeExpected, describeObserved, describePattern, invertParticipants, ms, observedRef, stepRef } from './describe.ts';
import { messageKey } from './correlate.ts';
import { fitPattern } from './fit.ts';
import type { InstanceRun } from './instance-run.ts';
import { MAX_POSITIONS } from './step-program.ts';
import type { MatchLink, Thread } from './thread.ts';
import type { UnexpectedPolicy } from './model.ts';

/**
 * The verdict of one instance once the trace has ended: the best thread that reached the end of the
 * variant (pass, or inconc when a never window is still open, or fail on an unexpected message or a
 * protocol violation), else the thread that got furthest and the step it could not satisfy.
 */

export interface FinishContext {
  policy: UnexpectedPolicy;
  /** When the trace ends: the footer's time, or the last entry's. */
  endT: number;
  /** Entries no correlation value tied to an instance, by message key (correlate.ts), in trace order. */
  broadcasts: ReadonlyMap<string, readonly number[]>;
  phases: ReadonlyArray<{ id: string; title: string }>;
  /** Messages in the trace, for the "no message matched the first step" text. */
  messageCount: number;
}

const RANK: Record<Verdict, number> = { pass: 0, inconc: 1, fail: 2, error: 3 };

function links(th: Thread): MatchLink[] {
  const out: MatchLink[] = [];
  for (let l = th.matched; l; l = l.prev) out.push(l);
  return out.reverse();
}

/** The instance's own entries merged with the broadcasts of one message, strictly between two entry indexes. */
function* entriesOf(run: InstanceRun, fc: FinishContext, key: string, after: number, before: number): Generator<number> {
  const a = run.own;
  const b = fc.broadcasts.get(key) ?? [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const e = j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++];
    if (e <= after) continue;
    if (e >= before) return;
    yield e;
  }
}

function namesOf(run: InstanceRun, th: Thread): Record<string, string> {
  return invertParticipants({ ...run.ctx.pinned, ...th.parts });
}

/** The first matched message that breaks the catalog. */
function protocolDivergence(run: InstanceRun, th: Thread): Divergence | undefined {
  for (const l of links(th)) {
    const msg = run.ctx.entries[l.entry] as TraceMessage;
    const bad = (msg.violations ?? []).filter((v) => v.severity === 'error');
    if (bad.length === 0) continue;
    return { kind: 'protocol', step: stepRef(l.step, run.ctx.origin), expected: describeExpected(l.step, th.captures), observed: observedRef(msg), violations: bad };
  }
  return undefined;
}

/** Accepted thread: the earliest protocol violation or unexpected message, else an open never window. */
function judgeAccepted(run: InstanceRun, th: Thread, fc: FinishContext): { verdict: Verdict; divergence?: Divergence; reason?: string } {
  const { entries, origin } = run.ctx;
  const ls = links(th);
  const names = namesOf(run, th);
  let div = protocolDivergence(run, th);
  const divSeq = div?.observed?.seq ?? Infinity;
  if (fc.policy === 'fail' && ls.length > 1) {
    const matched = new Set(ls.map((l) => l.entry));
    const bound = new Set(Object.keys(names));
    const first = ls[0].entry;
    const last = ls[ls.length - 1].entry;
    for (const e of run.own) {
      if (e <= first || matched.has(e)) continue;
      if (e >= last) break;
      const msg = entries[e];
      if (msg.type !== 'message' || !bound.has(msg.from) || !bound.has(msg.to) || msg.seq > divSeq) continue;
      const next = ls.find((l) => l.entry > e)!;
      const prev = [...ls].reverse().find((l) => l.entry < e)!;
      div = {
        kind: 'unexpected',
        step: stepRef(next.step, origin),
        expected: describeExpected(next.step, th.captures),
        observed: observedRef(msg),
        after: observedRef(entries[prev.entry] as TraceMessage),
        detail: `no step expects it between ${describeObserved(observedRef(entries[prev.entry] as TraceMessage), names)} and ${describeObserved(observedRef(entries[next.entry] as TraceMessage), names)} (unexpected: fail)`,
      };
      break;
    }
  }
  if (div) return { verdict: 'fail', divergence: div };
  for (const w of th.watches) {
    if (w.until !== Infinity && w.until > fc.endT) {
      return {
        verdict: 'inconc',
        reason: `the trace ends ${ms(fc.endT - w.from)} into a ${ms(w.until - w.from)} window of never ${describePattern(w.step.pattern)}`,
      };
    }
  }
  return { verdict: 'pass' };
}

/** A thread that did not reach the end: the first step it waits for, and what came instead. */
function stuckDivergence(run: InstanceRun, th: Thread, fc: FinishContext): Divergence {
  const { entries, origin } = run.ctx;
  // Several steps may be pending (any order): the first in model order is the one reported.
  const item = th.ready[0];
  const names = namesOf(run, th);
  const lastEntry = th.matched ? th.matched.entry : -1;
  const after = th.matched ? observedRef(entries[th.matched.entry] as TraceMessage) : undefined;
  const base = { step: stepRef(item.step, origin), expected: describeExpected(item.step, th.captures), after };
  const key = messageKey(item.step.protocol, item.step.message);
  for (const e of entriesOf(run, fc, key, lastEntry, Infinity)) {
    const msg = entries[e] as TraceMessage;
    const fit = fitPattern(run.ctx, item.step, item.scope, msg, th, true);
    if (fit && fit.diffs.length > 0) return { ...base, kind: 'attributes', observed: observedRef(msg), diffs: fit.diffs };
  }
  const taken = new Set<number>();
  for (let l = th.matched; l; l = l.prev) taken.add(l.entry);
  for (const e of entriesOf(run, fc, key, -1, lastEntry)) {
    if (taken.has(e)) continue;
    const msg = entries[e] as TraceMessage;
    if (!fitPattern(run.ctx, item.step, item.scope, msg, th)?.ok) continue;
    let follow: MatchLink | undefined;
    for (let l = th.matched; l && l.entry > e; l = l.prev) follow = l;
    const followMsg = entries[follow!.entry] as TraceMessage;
    return {
      ...base,
      kind: 'order',
      observed: observedRef(msg),
      detail: `${describeObserved(observedRef(msg), names)} came before ${describeObserved(observedRef(followMsg), names)}, which it must follow`,
    };
  }
  const detail = th.count === 0 && run.own.length === 0 ? `no message matched the first step; the trace has ${fc.messageCount} messages` : 'nothing matching came before the trace ended';
  return { ...base, kind: 'missing', detail };
}

function phaseResults(fc: FinishContext, verdict: Verdict, phase: string | undefined, reached: boolean): PhaseResult[] {
  const at = phase === undefined ? -1 : fc.phases.findIndex((p) => p.id === phase);
  return fc.phases.map((p, i) => ({
    phase: p.id,
    title: p.title,
    // Phases after the one that failed were never reached: nothing can be said about them.
    verdict: at < 0 || i < at ? 'pass' : i === at ? verdict : reached ? 'pass' : 'inconc',
  }));
}

function aliasesOf(run: InstanceRun, th: Thread): string[] {
  const out = new Set<string>();
  for (let l = th.matched; l; l = l.prev) {
    const msg = run.ctx.entries[l.entry] as TraceMessage;
    if (msg.alias) out.add(`${msg.alias} for ${msg.message}`);
    else for (const v of msg.violations ?? []) if (v.code === 'ALIAS_USED') out.add(v.actual && v.expected ? `${v.actual} for ${v.expected}` : v.message);
  }
  return [...out].sort();
}

function build(run: InstanceRun, key: Record<string, unknown>, th: Thread | undefined, fc: FinishContext, r: { verdict: Verdict; divergence?: Divergence; reason?: string }, reached: boolean): InstanceResult {
  const matched: MatchedStep[] = th ? links(th).map((l) => ({ step: stepRef(l.step, run.ctx.origin), seq: l.seq, t: l.t })) : [];
  const phase = r.divergence?.step?.phase ?? (r.verdict === 'inconc' ? th?.watches.find((w) => w.until > fc.endT)?.step.phase : undefined);
  const out: InstanceResult = {
    key,
    verdict: r.verdict,
    matched,
    phases: phaseResults(fc, r.verdict, r.verdict === 'pass' ? undefined : phase, reached),
    captures: th ? { ...th.captures } : {},
    participants: th ? { ...run.ctx.pinned, ...th.parts } : { ...run.ctx.pinned },
    aliasesUsed: th ? aliasesOf(run, th) : [],
  };
  if (r.divergence) out.divergence = r.divergence;
  if (r.reason) out.reason = r.reason;
  return out;
}

export function finishInstance(run: InstanceRun, key: Record<string, unknown>, fc: FinishContext): InstanceResult {
  if (run.overflow) {
    const reason = `the model's alternatives reached more than ${MAX_POSITIONS} simultaneous positions (large any-order blocks with optional steps?)`;
    return build(run, key, undefined, fc, { verdict: 'error', reason }, false);
  }
  const accepted = run.threads.filter((t) => t.cont === null);
  if (accepted.length > 0) {
    let best: { th: Thread; r: ReturnType<typeof judgeAccepted> } | undefined;
    for (const th of accepted) {
      const r = judgeAccepted(run, th, fc);
      if (!best || RANK[r.verdict] < RANK[best.r.verdict] || (r.verdict === best.r.verdict && th.count > best.th.count)) best = { th, r };
    }
    return build(run, key, best!.th, fc, best!.r, true);
  }
  let live: Thread | undefined;
  for (const th of run.threads) if (!live || th.count > live.count) live = th;
  if (run.best && (!live || run.best.thread.count >= live.count)) {
    const th = run.best.thread;
    return build(run, key, th, fc, { verdict: 'fail', divergence: protocolDivergence(run, th) ?? run.best.divergence }, false);
  }
  if (!live || live.ready.length === 0) {
    return build(run, key, live, fc, { verdict: 'error', reason: 'the variant has no path through its steps' }, false);
  }
  return build(run, key, live, fc, { verdict: 'fail', divergence: protocolDivergence(run, live) ?? stuckDivergence(run, live, fc) }, false);
}
