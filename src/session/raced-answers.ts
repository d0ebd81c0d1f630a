import { LagProfile, overloadText } from '../flow/lag.ts';
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
 */

const ANSWERS = new Set(['RequestAccept', 'RequestReject']);

/** Why the harness's own answers may have changed the flow: one line per answer raced, empty when none was. */
export function racedAnswers(trace: Trace): string[] {
  const lag = LagProfile.of(trace);
  if (lag.empty) return [];
  const reference = new Set(trace.header.participants.filter((p) => p.binding === 'reference').map((p) => p.name));
  /** Participant → answer delay (ms) of its current accept/reject policy. */
  const delay = new Map<string, number>();
  /** Participant → the invitation it still has to answer, and what came to it since the answer was due. */
  const open = new Map<string, { invite: TraceMessage; due: number; since?: TraceMessage }>();
  const out: string[] = [];
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
    out.push(
      `${overloadText(v.explained.window)}: ${e.from} was to answer seq ${asked.invite.seq} EventInvite ${d > 0 ? `${Math.round(d)} ms after it` : 'at once'}, ` +
        `and its ${e.message} (seq ${e.seq}) reached ${e.to} ${Math.round(late)} ms later than that, after seq ${asked.since.seq} ${asked.since.message}`,
    );
  }
  return out;
}
