import type { TraceMessage } from '../trace/types.ts';
import type { Session } from './session.ts';

/**
 * "No <message> reaches <participant> within N ms": waits out the window, then looks at what arrived
 * in it. Returns the offending message, if one came. An interrupted run ends the wait at once, with an
 * InterruptedError: a window cut short proves nothing.
 */
export async function expectAbsent(session: Session, message: string, to: string, windowMs: number): Promise<TraceMessage | undefined> {
  const from = session.now();
  if (!session.replaying) await session.pause(windowMs);
  const until = session.replaying ? from + windowMs : session.now();
  for (const e of session.snapshot().entries) {
    if (e.type !== 'message' || e.t < from || e.t > until) continue;
    if (e.to === to && (e.message === message || e.alias === message)) return e;
  }
  return undefined;
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
