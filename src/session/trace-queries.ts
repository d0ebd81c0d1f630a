import { defaultCatalog } from '../catalog/catalog.ts';
import type { Trace, TraceMessage } from '../trace/types.ts';
import { judgeAbsence, type AbsenceVerdict } from './absence.ts';
import type { Session } from './session.ts';

/**
 * "No <message> reaches <participant> within N ms": a window from the moment the scenario's last stimulus
 * began until N ms after it was done (before any stimulus, the N ms from now), waited out, then judged on
 * what the trace holds for that window (absence.ts) — by the trace's clock, so a wait that lasted longer
 * than asked (a loaded machine) judges the window, not what it slept; with the lag measured meanwhile. An
 * interrupted run ends the wait at once, with an InterruptedError: a window cut short proves nothing.
 */
export async function expectAbsent(session: Session, message: string, to: string, windowMs: number): Promise<AbsenceVerdict> {
  // Counted from what the scenario last did (routing, say), not from whenever the checks before this step
  // happened to finish: otherwise a slow check slides the window onto a timer the feature did not mean.
  // It opens when that stimulus began, not when it was done: a server that answers before the stimulus
  // returns (a logout's EventAgentLogout to the Stat Server, sent before the desktop hears back) sends
  // its effects inside the stimulus, and a window opened at its end passed them by — a false pass. It
  // closes N ms after the stimulus was done, as it always did, so it is never shorter than asked.
  const now = session.now();
  const { began: from, ended } = session.lastStimulus ?? { began: now, ended: now };
  const left = ended + windowMs - session.now();
  if (!session.replaying && left > 0) {
    await session.pause(left);
    session.recordLag();
  }
  return judgeAbsence(session.snapshot(), { message, to, from, ended, ms: windowMs });
}

/** The latest `message` (to `to`, when given), so "X reaches Y carrying" and "X carries" need not name both ends. */
export function lastMessage(session: Session, message: string, to?: string): TraceMessage | undefined {
  const entries = session.snapshot().entries;
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e.type === 'message' && (to === undefined || e.to === to) && (e.message === message || e.alias === message)) return e;
  }
  return undefined;
}

/** How long "X reaches Y carrying" waits for an X not in the trace yet: as a flow check without timers waits. */
const REACH_WAIT_MS = 1500;

/**
 * The latest `message` to `to`, waiting for one while none has come (bounded, extended by the harness's
 * lag meanwhile; a replay waits for nothing): a check made right after a stimulus must not judge — or
 * fail to name the protocol of — a message still on its way. undefined when none came.
 */
export async function awaitMessage(session: Session, message: string, to: string): Promise<TraceMessage | undefined> {
  const until = session.now() + REACH_WAIT_MS;
  const lostBefore = session.lagLost;
  for (;;) {
    const seen = lastMessage(session, message, to);
    if (seen || session.replaying || session.now() >= until + (session.lagLost - lostBefore)) return seen;
    await session.awaitEntry(POLL_MS);
  }
}

/**
 * The protocol a check of `seen` must name: the one it used, when its name and direction exist in more
 * than one protocol (EventCurrentAgentStatus from an Interaction Server to an agent application is
 * Reporting or Interaction Management: both forms are conformant), so "X reaches Y carrying" checks
 * either form as it came; otherwise none, and the catalog's direction decides as for any step.
 */
export function protocolToName(trace: Trace, seen: TraceMessage): string | undefined {
  const role = (name: string) => trace.header.participants.find((p) => p.name === name)?.role;
  const from = role(seen.from);
  const to = role(seen.to);
  if (from === undefined || to === undefined) return undefined;
  return defaultCatalog.resolve(seen.message, { from, to }).length > 1 ? seen.protocol : undefined;
}

/** What became of the answer to an invitation the desktop had revoked. */
export type LateAnswer =
  /** No invitation of the desktop was revoked in this scenario: nothing can be late. */
  | { kind: 'no-revoke' }
  /** The desktop answered (RequestAccept or RequestReject) after the revoke, for the revoked interaction. */
  | { kind: 'answered'; revoked: TraceMessage; answer: TraceMessage }
  /** It had not answered by the time its own policy said it would, plus the grace: it dropped the invitation. */
  | { kind: 'none'; revoked: TraceMessage; waitedUntil: number };

/** Slack after the moment a desktop's policy says it answers: like a flow check's 1.5 s beyond its timers. */
const LATE_ANSWER_GRACE_MS = 1500;
const POLL_MS = 20;

/**
 * Waits, on the trace — whoever plays the desktop — for its answer to the invitation it last had revoked:
 * a RequestAccept or RequestReject from it, after the EventRevoked, naming the revoked interaction. It
 * waits until the answer is due by the desktop's latest accept or reject stimulus (its delayMs after the
 * EventInvite), plus a grace, extended by the harness's lag meanwhile; a replayed run waits for nothing.
 */
export async function awaitLateAnswer(session: Session, desktop: string): Promise<LateAnswer> {
  const first = session.snapshot();
  const revoked = [...first.entries].reverse().find((e): e is TraceMessage => e.type === 'message' && e.to === desktop && e.message === 'EventRevoked' && e.protocol === 'InteractionManagement');
  if (!revoked) return { kind: 'no-revoke' };
  const id = interactionOf(revoked);
  const invite = [...first.entries].reverse().find((e): e is TraceMessage => e.type === 'message' && e.seq < revoked.seq && e.to === desktop && e.message === 'EventInvite' && interactionOf(e) === id);
  const due = (invite?.t ?? revoked.t) + policyDelay(first, desktop) + LATE_ANSWER_GRACE_MS;
  const lostBefore = session.lagLost;
  for (;;) {
    const trace = session.snapshot();
    const answer = trace.entries.find(
      (e): e is TraceMessage => e.type === 'message' && e.seq > revoked.seq && e.from === desktop && (e.message === 'RequestAccept' || e.message === 'RequestReject') && e.attributes.InteractionId === id,
    );
    if (answer) return { kind: 'answered', revoked, answer };
    const until = due + (session.lagLost - lostBefore);
    if (session.replaying || session.now() >= until) return { kind: 'none', revoked, waitedUntil: until };
    await session.awaitEntry(Math.min(POLL_MS, until - session.now()));
  }
}

function interactionOf(m: TraceMessage): unknown {
  const i = m.attributes.Interaction;
  return i && typeof i === 'object' ? (i as Record<string, unknown>).InteractionId : undefined;
}

/** The delayMs of the latest accept or reject stimulus the desktop was given (0 when none said). */
function policyDelay(trace: Trace, desktop: string): number {
  for (let i = trace.entries.length - 1; i >= 0; i--) {
    const e = trace.entries[i];
    if (e.type !== 'note' || e.kind !== 'stimulus' || e.participant !== desktop) continue;
    const s = e.data?.stimulus as { kind?: unknown; delayMs?: unknown } | undefined;
    if (s?.kind === 'accept' || s?.kind === 'reject') return typeof s.delayMs === 'number' ? s.delayMs : 0;
  }
  return 0;
}
