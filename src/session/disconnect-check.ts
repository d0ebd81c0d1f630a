import { timerTolerance } from '../flow/model.ts';
import { LagProfile, overloadText } from '../flow/lag.ts';
import type { Trace, TraceNote } from '../trace/types.ts';

/**
 * "<server> disconnects <client> when the <timer> timer expires" (GenEM Registration: "When a timeout
 * expires, Interaction Server disconnects"). The flow DSL has messages only, so the disconnect is judged
 * here, from the trace's connection notes. Pure: the trace in, the verdict out.
 *
 * The client's connection to the server (its connection-open note names both ends) must be closed by the
 * server (the close note's byLocal, read from whichever end recorded it), the timer after it opened, give
 * or take the tolerance (default max(100 ms, 10%) — as a model's `after`). Closed too early fails; closed
 * late fails unless the lag the trace records explains it (inconc). Not closed yet: pending until
 * `deadline` (trace ms), then it fails.
 */
export interface DisconnectQuery {
  server: string;
  client: string;
  timer: string;
  timerMs: number;
  tolerance?: number;
  /** Trace ms after which a connection still open fails the check. */
  deadline: number;
  now: number;
}

export type DisconnectVerdict = { verdict: 'pass'; text: string } | { verdict: 'fail' | 'inconc' | 'pending'; text: string };

export function judgeDisconnect(trace: Trace, q: DisconnectQuery): DisconnectVerdict {
  const tolerance = q.tolerance ?? timerTolerance(q.timerMs);
  const notes = trace.entries.filter((e): e is TraceNote => e.type === 'note');
  const opened = notes.find((n) => n.kind === 'connection-open' && n.participant === q.client && endsOf(n.text, q.server, q.client) !== undefined);
  if (!opened) return { verdict: 'fail', text: `no connection between ${q.client} and ${q.server} was opened in this scenario` };
  const serverIsLocal = endsOf(opened.text, q.server, q.client) === 'server';
  const closed = notes.find((n) => n.kind === 'connection-close' && n.connection === opened.connection);
  const expected = `${q.server} must close it when the ${q.timer} timer (${q.timerMs} ms) expires, ±${Math.round(tolerance)} ms`;
  if (!closed) {
    if (q.now < q.deadline) return { verdict: 'pending', text: 'still open' };
    return { verdict: 'fail', text: `the connection of ${q.client} to ${q.server} (${opened.connection}) was still open ${Math.round(q.now - opened.t)} ms after it opened: ${expected}` };
  }
  const byLocal = closed.data?.byLocal === true;
  const byServer = serverIsLocal ? byLocal : !byLocal;
  const after = closed.t - opened.t;
  const at = `${Math.round(after)} ms after it opened (seq ${closed.seq})`;
  if (!byServer) return { verdict: 'fail', text: `${q.client} closed its connection to ${q.server} itself, ${at}: ${expected}` };
  if (after < q.timerMs - tolerance) return { verdict: 'fail', text: `${q.server} closed the connection of ${q.client} ${at}, before the ${q.timer} timer expired: ${expected}` };
  if (after > q.timerMs + tolerance) {
    const miss = after - q.timerMs - tolerance;
    const lag = LagProfile.of(trace).explain(opened.t + q.timerMs, closed.t, miss);
    const text = `${q.server} closed the connection of ${q.client} ${at}, late: ${expected}`;
    if (lag && 'explained' in lag) return { verdict: 'inconc', text: `${overloadText(lag.explained.window)}: ${text}` };
    return { verdict: 'fail', text };
  }
  return { verdict: 'pass', text: `${q.server} closed the connection of ${q.client} ${at}` };
}

/** Which end recorded the connection, from its open note (`opened: <local> ↔ <remote> …`); undefined when it is not between these two. */
function endsOf(text: string, server: string, client: string): 'server' | 'client' | undefined {
  if (text.includes(`opened: ${server} ↔ ${client} `) || text.endsWith(`opened: ${server} ↔ ${client}`)) return 'server';
  if (text.includes(`opened: ${client} ↔ ${server} `) || text.endsWith(`opened: ${client} ↔ ${server}`)) return 'client';
  return undefined;
}

/** Slack after the timer (and its tolerance) before a connection still open fails: as a flow check's 1.5 s. */
const GRACE_MS = 1500;
const POLL_MS = 20;

/**
 * Waits on the live trace until the server closed the client's connection or the deadline passed, then
 * judges it. The deadline moves by the time the harness lost to lag meanwhile, so a loaded machine does
 * not turn a slow close into a missing one.
 */
export async function awaitDisconnect(
  session: { snapshot(): Trace; now(): number; pause(ms: number): Promise<void>; readonly lagLost: number; recordLag(): void; readonly replaying: boolean },
  q: Omit<DisconnectQuery, 'deadline' | 'now'>,
): Promise<DisconnectVerdict> {
  const lostBefore = session.lagLost;
  const openedAt = session.snapshot().entries.find((e) => e.type === 'note' && e.kind === 'connection-open' && e.participant === q.client)?.t ?? session.now();
  const tolerance = q.tolerance ?? timerTolerance(q.timerMs);
  for (;;) {
    const deadline = session.replaying ? -Infinity : openedAt + q.timerMs + tolerance + GRACE_MS + (session.lagLost - lostBefore);
    const v = judgeDisconnect(session.snapshot(), { ...q, deadline, now: session.now() });
    if (v.verdict !== 'pending') {
      session.recordLag();
      return v.verdict === 'pass' ? v : judgeDisconnect(session.snapshot(), { ...q, deadline, now: session.now() });
    }
    await session.pause(POLL_MS);
  }
}
