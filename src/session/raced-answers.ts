import { LagProfile, overloadText } from '../flow/lag.ts';
import type { MatchResult } from '../flow/result.ts';
import type { Trace, TraceMessage } from '../trace/types.ts';

/**
 * Answers the harness gave late, past a message they should have come before: a flow that differs
 * because of them is the harness's doing, not the system's.
 *
 * A reference desktop told to accept or reject invitations (`will accept invitations [after N ms]`)
 * answers each EventInvite N ms after it (at once for N = 0) — from a timer, or a reply, in the
 * harness's event loop. When that loop lags, the answer reaches the server later than asked; if the
 * server meanwhile sent the desktop something else (the delivering timer expired: EventRevoked), the
 * server saw the answer too late and rightly took another path, and the variant the scenario expects
 * could not happen. Such an answer is found from the trace alone: the stimulus note that set the
 * policy, the invitation, the answer, and a message to the desktop between when the answer was due and
 * when it came — with the lag measured there explaining the delay (src/flow/lag.ts). Participants in
 * other processes answer on their own clocks: only reference participants (run by the harness) count.
 *
 * A failure is the race's doing only where the flow went wrong after the answer was due: a divergence
 * before that (a message the server left out while inviting) fails whatever the desktop did.
 */

export interface RacedAnswer {
  /** When the answer was due (trace ms). */
  due: number;
  text: string;
}

const ANSWERS = new Set(['RequestAccept', 'RequestReject']);

/** The harness's own answers that may have changed the flow, in trace order; empty when none did. */
export function racedAnswers(trace: Trace): RacedAnswer[] {
  const lag = LagProfile.of(trace);
  if (lag.empty) return [];
  const reference = new Set(trace.header.participants.filter((p) => p.binding === 'reference').map((p) => p.name));
  /** Participant → answer delay (ms) of its current accept/reject policy. */
  const delay = new Map<string, number>();
  /** Participant → the invitation it still has to answer, and what came to it since the answer was due. */
  const open = new Map<string, { invite: TraceMessage; due: number; since?: TraceMessage }>();
  const out: RacedAnswer[] = [];
  for (const e of trace.entries) {
    if (e.type === 'note') {
      const s = e.kind === 'stimulus' && e.participant !== undefined ? (e.data?.stimulus as { kind?: string; delayMs?: number } | undefined) : undefined;
      if (s?.kind === 'accept' || s?.kind === 'reject') delay.set(e.participant!, typeof s.delayMs === 'number' ? s.delayMs : 0);
      else if (s?.kind === 'ignore') delay.delete(e.participant!);
      continue;
    }
    if (e.type !== 'message') continue;
    const waiting = open.get(e.to);
    if (waiting && e.from === waiting.invite.from && e.t > waiting.due) waiting.since ??= e;
    if (e.message === 'EventInvite' && reference.has(e.to) && delay.has(e.to)) {
      open.set(e.to, { invite: e, due: e.t + delay.get(e.to)! });
      continue;
    }
    const asked = open.get(e.from);
    if (!asked || e.to !== asked.invite.from || !ANSWERS.has(e.message)) continue;
    open.delete(e.from);
    if (!asked.since) continue;
    const late = e.t - asked.due;
    const v = lag.explain(asked.due, e.t, late);
    if (!v || !('explained' in v)) continue;
    const d = asked.due - asked.invite.t;
    out.push({
      due: asked.due,
      text:
        `${overloadText(v.explained.window)}: ${e.from} was to answer seq ${asked.invite.seq} EventInvite ${d > 0 ? `${Math.round(d)} ms after it` : 'at once'}, ` +
        `and its ${e.message} (seq ${e.seq}) reached ${e.to} ${Math.round(late)} ms later than that, after seq ${asked.since.seq} ${asked.since.message}`,
    });
  }
  return out;
}

/**
 * Why a failed check cannot be judged, when every failure it found is at or after an answer the
 * harness raced (the message observed, or for a missing one the message it must follow) and the trace
 * has no problem of its own; undefined when some failure is not the race's doing.
 */
export function racedFailure(trace: Trace, result: MatchResult): string | undefined {
  if (result.verdict !== 'fail' || result.problems.length > 0) return undefined;
  const raced = racedAnswers(trace);
  if (raced.length === 0) return undefined;
  const first = raced[0];
  for (const i of result.instances) {
    if (i.verdict !== 'fail') continue;
    const d = i.divergence;
    const at = d?.observed?.t ?? d?.after?.t;
    if (at === undefined || at < first.due) return undefined;
  }
  return raced.map((r) => r.text).join('\n');
}
