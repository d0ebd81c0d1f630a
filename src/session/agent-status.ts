import { lastMessage } from './trace-queries.ts';
import type { Session } from './session.ts';

/**
 * Checks of the Reporting Engine Connects outcome (seed 000, reference §5.1): the status an agent
 * application last received, and the capacity vector a Stat Server computes. Both are eventually
 * true — a status is relayed Stat Server → Interaction Server → application after the event that
 * changed it — so each waits while it is not yet so (bounded like "X reaches Y carrying", extended by
 * the harness's lag) and judges what it finally sees.
 */

const WAIT_MS = 1500;
const POLL_MS = 20;

export interface ExpectedStatus {
  /** media → 1 (routable) / 0, exactly: a media not named must not be in MediaStateList. */
  media: Record<string, number>;
  dnd?: boolean;
}

export type StatusVerdict = { ok: true } | { ok: false; text: string };

function same(a: Record<string, unknown>, b: Record<string, number>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

async function until<T>(session: Session, probe: () => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
  const end = session.now() + WAIT_MS;
  const lostBefore = session.lagLost;
  for (;;) {
    const got = await probe();
    if (got !== undefined || session.replaying || session.now() >= end + (session.lagLost - lostBefore)) return got;
    await session.pause(POLL_MS);
  }
}

const show = (m: Record<string, unknown>) => `{${Object.entries(m).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}}`;

/** The latest EventCurrentAgentStatus to `to` says `expected` (waited for while it does not). */
export async function expectAgentStatus(session: Session, to: string, expected: ExpectedStatus): Promise<StatusVerdict> {
  const fits = () => {
    const m = lastMessage(session, 'EventCurrentAgentStatus', to);
    if (!m) return undefined;
    const list = (m.attributes.MediaStateList ?? {}) as Record<string, unknown>;
    const dndOk = expected.dnd === undefined || (m.attributes.DonotDisturb ?? false) === expected.dnd;
    return same(list, expected.media) && dndOk ? m : undefined;
  };
  if (await until(session, fits)) return { ok: true };
  const last = lastMessage(session, 'EventCurrentAgentStatus', to);
  const want = `MediaStateList ${show(expected.media)}${expected.dnd !== undefined ? `, DonotDisturb ${expected.dnd}` : ''}`;
  if (!last) return { ok: false, text: `no EventCurrentAgentStatus reached ${to} (expected ${want})` };
  return {
    ok: false,
    text: `the last EventCurrentAgentStatus to ${to} (seq ${last.seq}, from ${last.from}) says MediaStateList ${show((last.attributes.MediaStateList ?? {}) as Record<string, unknown>)}, DonotDisturb ${JSON.stringify(last.attributes.DonotDisturb)}; expected ${want}`,
  };
}

export interface CapacityAnswer {
  vectors: Record<string, string> | null;
  rule?: string;
  via?: string;
}

/**
 * Asks the Stat Server (stimulus `capacity`) until `accept` takes its answer; the last answer either
 * way. A Stat Server that cannot say makes the stimulus inconc (the session's InconclusiveError).
 */
export async function awaitCapacity(session: Session, statServer: string, agent: string, accept: (a: CapacityAnswer) => boolean): Promise<CapacityAnswer> {
  let last: CapacityAnswer = { vectors: null };
  await until(session, async () => {
    last = (await session.stimulate(statServer, { kind: 'capacity', agent })) as unknown as CapacityAnswer;
    return accept(last) ? last : undefined;
  });
  return last;
}
