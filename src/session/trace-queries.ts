import { defaultCatalog } from '../catalog/catalog.ts';
import type { Trace, TraceMessage } from '../trace/types.ts';
import { judgeAbsence, type AbsenceVerdict } from './absence.ts';
import type { Session } from './session.ts';

/**
 * "No <message> reaches <participant> within N ms": a window from the scenario's last stimulus (or now,
 * before any), waited out, then judged
 * what the trace holds for that window (absence.ts) — by the trace's clock, so a wait that lasted longer
 * than asked (a loaded machine) judges N ms, not what it slept; with the lag measured meanwhile. An
 * interrupted run ends the wait at once, with an InterruptedError: a window cut short proves nothing.
 */
export async function expectAbsent(session: Session, message: string, to: string, windowMs: number): Promise<AbsenceVerdict> {
  // Counted from what the scenario last did (routing, say), not from whenever the checks before this step
  // happened to finish: otherwise a slow check slides the window onto a timer the feature did not mean.
  const from = session.lastStimulusAt ?? session.now();
  const left = from + windowMs - session.now();
  if (!session.replaying && left > 0) {
    await session.pause(left);
    session.recordLag();
  }
  return judgeAbsence(session.snapshot(), { message, to, from, ms: windowMs });
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
