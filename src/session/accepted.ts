import type { TraceMessage } from '../trace/types.ts';
import type { Session } from './session.ts';

/** What the trace shows of a desktop's accept of an interaction. */
export type AcceptSeen =
  /** The server took it: `answer` is its EventAck to the accept, or the Reporting EventPartyAdded naming the interaction. */
  | { kind: 'taken'; accept: TraceMessage; answer: TraceMessage }
  /** The server answered the accept with EventError: the interaction is not the agent's. */
  | { kind: 'refused'; accept: TraceMessage; answer: TraceMessage }
  /** Nothing by the end of the wait; `accept` when the desktop sent one the server did not answer. */
  | { kind: 'not-taken'; accept?: TraceMessage; waitedUntil: number };

const POLL_MS = 20;

/**
 * Waits, on the trace — whoever plays the desktop and the server — until the server has taken the desktop's
 * accept of the interaction: its RequestAccept naming the interaction, then the server's EventAck echoing
 * that referenceId, or the Reporting EventPartyAdded naming the interaction (GenEM lists no EventAck for an
 * accept, reference §6). Once either is in the trace the server has the interaction with the agent, so a
 * stimulus that needs an agent handling it (stop processing, change properties) cannot overtake the accept.
 * An EventError answering the accept ends the wait at once (`refused`).
 * The budget is extended by the harness's lag meanwhile; a replayed run reads the recording and waits for nothing.
 */
export async function awaitAccepted(session: Session, desktop: string, interaction: string, budgetMs: number): Promise<AcceptSeen> {
  const started = session.now();
  const lostBefore = session.lagLost;
  for (;;) {
    const entries = session.snapshot().entries;
    const accept = entries.find((e): e is TraceMessage => e.type === 'message' && e.from === desktop && e.message === 'RequestAccept' && e.attributes.InteractionId === interaction);
    if (accept) {
      const answer = entries.find(
        (e): e is TraceMessage =>
          e.type === 'message' &&
          e.seq > accept.seq &&
          ((e.to === desktop && e.message === 'EventAck' && e.referenceId === accept.referenceId) ||
            (e.protocol === 'Reporting' && e.message === 'EventPartyAdded' && e.attributes.InteractionId === interaction)),
      );
      if (answer) return { kind: 'taken', accept, answer };
      // A refusal ends the wait at once: nothing will make the agent handle it now.
      const refusal = entries.find((e): e is TraceMessage => e.type === 'message' && e.seq > accept.seq && e.to === desktop && e.message === 'EventError' && e.referenceId === accept.referenceId);
      if (refusal) return { kind: 'refused', accept, answer: refusal };
    }
    const until = started + budgetMs + (session.lagLost - lostBefore);
    if (session.replaying || session.now() >= until) return { kind: 'not-taken', ...(accept ? { accept } : {}), waitedUntil: until };
    await session.awaitEntry(Math.min(POLL_MS, until - session.now()));
  }
}
