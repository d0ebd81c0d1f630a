import type { TraceMessage } from '../trace/types.ts';
import type { Divergence, InstanceResult, LagDoubt, MatchedStep, Pending, PhaseResult, Verdict } from './result.ts';
import { describeExpected, describeObserved, describePattern, ms, observedRef, stepRef } from './describe.ts';
import type { InstanceRun } from './instance-run.ts';
import { MAX_POSITIONS } from './step-program.ts';
import { judgeStuck, namesOf } from './stuck.ts';
import type { MatchLink, Thread } from './thread.ts';
import type { MessageStep, UnexpectedPolicy } from './model.ts';

/**
 * The verdict of one instance once the trace has ended: the best thread that reached the end of the
 * variant (pass, or inconc when a never window is still open, or fail on an unexpected message or a
 * protocol violation), else the thread that got furthest and the step it could not satisfy.
 */

export interface FinishContext {
  policy: UnexpectedPolicy;
  /** When the trace ends: the footer's time, or the last entry's. */
  endT: number;
  /** The trace has no footer, or one that says the run was interrupted: what was still to come may be lost. */
  cut: boolean;
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

/** The first matched message that breaks the catalog. */
function protocolDivergence(run: InstanceRun, th: Thread): Divergence | undefined {
  for (const l of links(th)) {
    const msg = run.ctx.entries[l.entry] as TraceMessage;
    // Most matched messages break nothing: passed over before any list is made.
    if (msg.violations === undefined || msg.violations.length === 0) continue;
    // A message the step expects to break the catalog (violates: it must) or allows to (allowViolations:
    // the scenario's premise, an invalid client on purpose) breaks the flow only in other ways.
    const expected: readonly string[] = [...((l.step as { violates?: readonly string[] }).violates ?? []), ...(l.step.allowViolations ?? [])];
    const bad = (msg.violations ?? []).filter((v) => v.severity === 'error' && !expected.includes(v.code));
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
    const first = ls[0].entry;
    const last = ls[ls.length - 1].entry;
    // Both in trace order: whether an entry was matched is found walking the links beside it, not in a
    // Set made for every instance; a participant is bound when `names` names it.
    let j = 0;
    for (const e of run.own) {
      while (j < ls.length - 1 && ls[j].entry < e) j++;
      if (e <= first || ls[j].entry === e) continue;
      if (e >= last) break;
      const msg = entries[e];
      if (msg.type !== 'message' || !Object.hasOwn(names, msg.from) || !Object.hasOwn(names, msg.to) || msg.seq > divSeq) continue;
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

interface Outcome {
  verdict: Verdict;
  divergence?: Divergence;
  reason?: string;
  pending?: Pending;
  doubt?: LagDoubt;
}

/** A thread that got through only on the lag's excuse cannot pass: inconc, saying which lag. */
function doubted(th: Thread, r: Outcome): Outcome {
  if (!th.doubt) return r;
  if (r.verdict === 'pass') return { verdict: 'inconc', reason: th.doubt.reason, doubt: th.doubt };
  return r.verdict === 'inconc' ? { ...r, doubt: th.doubt } : r;
}

function build(run: InstanceRun, key: Record<string, unknown>, th: Thread | undefined, fc: FinishContext, r: Outcome, reached: boolean): InstanceResult {
  const matched: MatchedStep[] = th ? links(th).map((l) => ({ step: stepRef(l.step, run.ctx.origin), seq: l.seq, t: l.t })) : [];
  const phase = r.divergence?.step?.phase ?? r.pending?.step.phase ?? r.doubt?.step.phase ?? (r.verdict === 'inconc' ? th?.watches.find((w) => w.until > fc.endT)?.step.phase : undefined);
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
  if (r.pending) out.pending = r.pending;
  if (r.doubt) out.doubt = r.doubt;
  return out;
}

/** The attempt a check asked for never began (only `began` did): its opening step is missing, or still to come in a cut trace. */
export function missingAttempt(latest: InstanceRun, key: Record<string, unknown>, fc: FinishContext, step: MessageStep | undefined, asked: number, began: number): InstanceResult {
  if (!step) return build(latest, key, undefined, fc, { verdict: 'error', reason: 'the variant has no path through its steps' }, false);
  const ref = stepRef(step, latest.ctx.origin);
  const expected = describeExpected(step, latest.ctx.initialCaptures);
  if (fc.cut) {
    const reason = `the trace ends at ${ms(fc.endT)}, cut before attempt ${asked} could begin`;
    return build(latest, key, undefined, fc, { verdict: 'inconc', reason, pending: { step: ref, expected } }, false);
  }
  const detail = `${began === 1 ? 'one attempt' : `${began} attempts`} began; the check asks for attempt ${asked}`;
  return build(latest, key, undefined, fc, { verdict: 'fail', divergence: { kind: 'missing', step: ref, expected, detail } }, false);
}

/** `threads`: the run's, shelved takers put back (InstanceRun.judged), unless the caller says which. */
export function finishInstance(run: InstanceRun, key: Record<string, unknown>, fc: FinishContext, threads: readonly Thread[] = run.judged()): InstanceResult {
  if (run.overflow) {
    const reason = `the model's alternatives reached more than ${MAX_POSITIONS} simultaneous positions (large any-order blocks with optional steps?)`;
    return build(run, key, undefined, fc, { verdict: 'error', reason }, false);
  }
  const accepted = threads.filter((t) => t.cont === null);
  if (accepted.length > 0) {
    let best: { th: Thread; r: Outcome } | undefined;
    for (const th of accepted) {
      const r = doubted(th, judgeAccepted(run, th, fc));
      if (!best || RANK[r.verdict] < RANK[best.r.verdict] || (r.verdict === best.r.verdict && th.count > best.th.count)) best = { th, r };
    }
    return build(run, key, best!.th, fc, best!.r, true);
  }
  let most = -1;
  for (const th of threads) if (th.ready.length > 0) most = Math.max(most, th.count);
  if (run.best && run.best.thread.count >= most) {
    const th = run.best.thread;
    return build(run, key, th, fc, { verdict: 'fail', divergence: protocolDivergence(run, th) ?? run.best.divergence }, false);
  }
  const furthest = threads.filter((th) => th.ready.length > 0 && th.count === most);
  if (furthest.length === 0) {
    return build(run, key, threads[0], fc, { verdict: 'error', reason: 'the variant has no path through its steps' }, false);
  }
  const stuck = judgeStuck(run, furthest, fc);
  const bad = protocolDivergence(run, stuck.thread);
  if (bad) return build(run, key, stuck.thread, fc, { verdict: 'fail', divergence: bad }, false);
  if (stuck.verdict === 'inconc') return build(run, key, stuck.thread, fc, { verdict: 'inconc', reason: stuck.reason, pending: stuck.pending }, false);
  return build(run, key, stuck.thread, fc, { verdict: 'fail', divergence: stuck.divergence }, false);
}
