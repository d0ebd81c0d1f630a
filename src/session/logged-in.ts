import type { TraceMessage } from '../trace/types.ts';
import type { Session } from './session.ts';

/** What the trace shows of a desktop's login to a server, since a given point of the trace. */
export type LoginSeen =
  /** The server acknowledged the desktop's RequestAgentLogin for the agent. */
  | { kind: 'logged-in'; login: TraceMessage; answer: TraceMessage }
  /** The server answered it with EventError: the agent is not logged in. */
  | { kind: 'refused'; login: TraceMessage; answer: TraceMessage }
  /**
   * Nothing by the end of the wait. `login`: the desktop's last RequestAgentLogin to the server, when it
   * sent one the server did not answer, or one for another agent (or for none).
   */
  | { kind: 'not-seen'; login?: TraceMessage; waitedUntil: number };

const POLL_MS = 20;

/**
 * Waits, on the trace, until the server has answered the desktop's RequestAgentLogin for `agent` sent after
 * `afterSeq`: EventAck (logged in) or EventError (refused, ends the wait at once). A desktop bound to a
 * system under test says `done` when it likes — before the server answered, or without checking what it
 * answered — so a step that promises the agent is logged in reads the server's answer itself, rather than
 * let a refused login surface three steps later as a route to an agent the server does not know.
 * The budget is extended by the harness's lag meanwhile; a replayed run reads the recording and waits for nothing.
 */
export async function awaitLoggedIn(session: Session, desktop: string, server: string, agent: string, afterSeq: number, budgetMs: number): Promise<LoginSeen> {
  const started = session.now();
  const lostBefore = session.lagLost;
  for (;;) {
    const entries = session.snapshot().entries;
    let login: TraceMessage | undefined;
    let ours: TraceMessage | undefined;
    for (const e of entries) {
      if (e.seq <= afterSeq || e.type !== 'message' || e.from !== desktop || e.to !== server || e.message !== 'RequestAgentLogin') continue;
      login = e;
      if (e.attributes.AgentId === agent) ours = e;
    }
    if (ours) {
      const answer = entries.find(
        (e): e is TraceMessage => e.type === 'message' && e.seq > ours.seq && e.from === server && e.to === desktop && e.connection === ours.connection && e.referenceId === ours.referenceId && (e.message === 'EventAck' || e.message === 'EventError'),
      );
      if (answer) return { kind: answer.message === 'EventAck' ? 'logged-in' : 'refused', login: ours, answer };
    }
    const until = started + budgetMs + (session.lagLost - lostBefore);
    if (session.replaying || session.now() >= until) return { kind: 'not-seen', ...((ours ?? login) ? { login: ours ?? login } : {}), waitedUntil: until };
    await session.awaitEntry(Math.min(POLL_MS, until - session.now()));
  }
}

/** The error-severity catalog violations a message carries, one line each, for a step's failure text. */
export function violationLines(m: TraceMessage): string[] {
  return (m.violations ?? []).filter((v) => v.severity === 'error').map((v) => `${v.code}: ${v.message}${v.hint ? ` (${v.hint})` : ''}`);
}
