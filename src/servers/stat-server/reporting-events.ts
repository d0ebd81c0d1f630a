import type { AgentBook, AgentState } from './agent-book.ts';
import { newAgentState } from './agent-book.ts';

/**
 * How each Reporting event changes an agent's state, by event name (reference §1.5). Events the
 * reference Interaction Server does not send yet (media added/removed, ready/not ready, do-not-disturb)
 * are handled by name all the same, so a system under test that sends them is followed.
 *
 * Each handler returns the agents whose state changed (their status is recomputed and sent again), and
 * a note when the event cannot be applied (an agent the Stat Server was never told of).
 */
export interface Applied {
  changed: string[];
  /** The agent was logged out on that server: no status goes to it there any more. */
  loggedOut?: string;
  note?: string;
}

type Attrs = Record<string, unknown>;
type Handler = (book: AgentBook, server: string, a: Attrs) => Applied;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const kv = (v: unknown): Attrs => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Attrs) : {});

/** The media an agent event names: MediaType (Reporting casing), MediaTypeName (the request's) [INFER]. */
const mediaOf = (a: Attrs): string | undefined => str(a.MediaType) ?? str(a.MediaTypeName);

/** After-call work, as a not-ready's reason says it [INFER: the record names no ACW event for multimedia]. */
function isAcw(a: Attrs): boolean {
  const r = kv(a.Reason);
  const words = [a.Reason, a.WorkMode, r.ReasonSystemName, r.ReasonDescription].filter((x): x is string => typeof x === 'string');
  return words.some((w) => /^(acw|after[-_ ]?call[-_ ]?work)$/i.test(w));
}

function unknown(a: Attrs, event: string, server: string): Applied {
  return { changed: [], note: `${event} from ${server} for agent ${String(a.AgentId ?? a.PlaceId)}, who is not logged in there as far as the Stat Server knows: ignored` };
}

/** An agent event on a known agent: `fn` returns whether the state changed. */
function onAgent(event: string, fn: (s: AgentState, a: Attrs) => boolean): Handler {
  return (book, server, a) => {
    const id = str(a.AgentId);
    const s = id !== undefined ? book.get(server, id) : undefined;
    if (!s) return unknown(a, event, server);
    return { changed: fn(s, a) ? [s.agentId] : [] };
  };
}

/** The snapshot entry (seed 000): replaces what this server said of the agent before. */
function placeAgentState(book: AgentBook, server: string, a: Attrs): Applied {
  const id = str(a.AgentId);
  const place = str(a.PlaceId);
  if (id === undefined || place === undefined) return { changed: [], note: `EventPlaceAgentState from ${server} without AgentId and PlaceId: ignored` };
  const s = newAgentState(id, place, int(a.TenantId));
  for (const [m, v] of Object.entries(kv(a.MediaStateList))) s.media.set(m, v !== 0);
  if (a.DonotDisturb === true) s.dnd = true;
  for (const i of Array.isArray(a.Interactions) ? a.Interactions : []) {
    // Each entry is an InteractionId, or a KV list with InteractionId and MediaType (catalog note).
    if (typeof i === 'string') s.interactions.set(i, undefined);
    else if (str(kv(i).InteractionId)) s.interactions.set(kv(i).InteractionId as string, str(kv(i).MediaType));
  }
  book.put(server, s);
  return { changed: [id] };
}

function login(book: AgentBook, server: string, a: Attrs): Applied {
  const id = str(a.AgentId);
  const place = str(a.PlaceId);
  if (id === undefined || place === undefined) return { changed: [], note: `EventAgentLogin from ${server} without AgentId and PlaceId: ignored` };
  const s = newAgentState(id, place, int(a.TenantId));
  // A login is ready for every media it names [INFER: the reference server's snapshot says 1 for them too].
  for (const m of Object.keys(kv(a.MediaList))) s.media.set(m, true);
  book.put(server, s);
  return { changed: [id] };
}

function logout(book: AgentBook, server: string, a: Attrs): Applied {
  const id = str(a.AgentId);
  if (id === undefined || !book.remove(server, id)) return unknown(a, 'EventAgentLogout', server);
  // Its other servers' parts stay; their capacity may have freed up (the interactions held here are gone).
  return { changed: [id], loggedOut: id };
}

function readiness(ready: boolean): Handler {
  return onAgent(ready ? 'EventReadyForMedia' : 'EventNotReadyForMedia', (s, a) => {
    const m = mediaOf(a);
    if (m === undefined) return false;
    const acw = !ready && isAcw(a);
    const changed = s.media.get(m) !== ready || s.acw.has(m) !== acw;
    s.media.set(m, ready);
    if (acw) s.acw.add(m);
    else s.acw.delete(m);
    return changed;
  });
}

const mediaAdded = onAgent('EventMediaAdded', (s, a) => {
  const m = mediaOf(a);
  if (m === undefined || s.media.has(m)) return false;
  s.media.set(m, true);
  return true;
});

const mediaRemoved = onAgent('EventMediaRemoved', (s, a) => {
  const m = mediaOf(a);
  s.acw.delete(m ?? '');
  return m !== undefined && s.media.delete(m);
});

const dnd = (on: boolean) =>
  onAgent(on ? 'EventDoNotDisturbOn' : 'EventDoNotDisturbOff', (s) => {
    const changed = s.dnd !== on;
    s.dnd = on;
    return changed;
  });

/** The agent is invited to, or joins, an interaction: it counts toward its capacity from the invitation on [INFER]. */
const takes = (event: string) =>
  onAgent(event, (s, a) => {
    const id = str(a.InteractionId);
    if (id === undefined) return false;
    const media = str(a.MediaType) ?? s.interactions.get(id);
    const changed = !s.interactions.has(id) || s.interactions.get(id) !== media;
    s.interactions.set(id, media);
    return changed;
  });

/** The agent leaves an interaction (party removed, rejected, revoked). */
const leaves = (event: string) => onAgent(event, (s, a) => s.interactions.delete(str(a.InteractionId) ?? ''));

/** Processing stopped: the interaction ends for whoever held it on that server. */
function stopped(book: AgentBook, server: string, a: Attrs): Applied {
  const id = str(a.InteractionId);
  if (id === undefined) return { changed: [] };
  const holders = book.holding(server, id);
  for (const s of holders) s.interactions.delete(id);
  return { changed: holders.map((s) => s.agentId) };
}

/** Events that may change an agent's state; every other Reporting event leaves it as it is. */
export const STATE_EVENTS: Readonly<Record<string, Handler>> = {
  EventPlaceAgentState: placeAgentState,
  EventAgentLogin: login,
  EventAgentLogout: logout,
  EventReadyForMedia: readiness(true),
  EventNotReadyForMedia: readiness(false),
  EventMediaAdded: mediaAdded,
  EventMediaRemoved: mediaRemoved,
  EventDoNotDisturbOn: dnd(true),
  EventDoNotDisturbOff: dnd(false),
  EventAgentInvited: takes('EventAgentInvited'),
  EventPartyAdded: (book, server, a) => (str(a.AgentId) ? takes('EventPartyAdded')(book, server, a) : { changed: [] }),
  EventPartyRemoved: (book, server, a) => (str(a.AgentId) ? leaves('EventPartyRemoved')(book, server, a) : { changed: [] }),
  EventRejected: leaves('EventRejected'),
  EventRevoked: leaves('EventRevoked'),
  EventProcessingStopped: stopped,
};

export function applyReportingEvent(book: AgentBook, server: string, name: string, attributes: Attrs): Applied {
  const h = STATE_EVENTS[name];
  return h ? h(book, server, attributes) : { changed: [] };
}
