import type { Trace, TraceMessage } from '../trace/types.ts';
import type { Session } from './session.ts';

/**
 * "Stat Server records Handling for Agent1 with MediaTypeID email, started at the accept and ended at the
 * stop": a claim about the media-channel actions a Stat Server published (StatActions), judged on the
 * trace. A time is "at" a Reporting event when the action's StartTime or EndTime is that event's own
 * EventTime, the event having reached the same Stat Server about the same interaction.
 */
export interface ActionClaim {
  stat: string;
  action: string;
  /** durable-non-interaction, durable-interaction, momentary or retrospective. */
  kind?: string;
  agent: string;
  /** Seed attribute → expected value (`$any`: present; `$absent`: not there). */
  attributes?: Record<string, string>;
  /** Reporting events its start (a momentary action: its moment) may be at. */
  startedAt?: readonly string[];
  endedAt?: readonly string[];
}

/** Plain words for the Reporting events a scenario's stimuli produce. */
export const MOMENTS: Readonly<Record<string, readonly string[]>> = {
  'the login': ['EventAgentLogin'],
  'the logout': ['EventAgentLogout'],
  'the media added': ['EventMediaAdded'],
  'the media removed': ['EventMediaRemoved'],
  'the not ready': ['EventNotReadyForMedia'],
  'the ready': ['EventReadyForMedia'],
  'the do-not-disturb on': ['EventDoNotDisturbOn'],
  'the do-not-disturb off': ['EventDoNotDisturbOff'],
  'the submit': ['EventInteractionSubmitted'],
  'the invitation': ['EventAgentInvited'],
  'the accept': ['EventPartyAdded'],
  'the join': ['EventPartyAdded'],
  'the party added': ['EventPartyAdded'],
  'the intrusion': ['EventPartyAdded'],
  'the pull': ['EventTakenFromQueue'],
  'the reject': ['EventRejected'],
  'the revoke': ['EventRevoked', 'EventProcessingStopped'],
  // The agent's party is removed and processing stops in the same moment (GenEM Stop Processing).
  'the stop': ['EventPartyRemoved', 'EventProcessingStopped'],
  'the removal': ['EventPartyRemoved'],
};

const KIND_WORDS: Readonly<Record<string, string>> = {
  'durable non-interaction': 'durable-non-interaction',
  'durable interaction': 'durable-interaction',
  momentary: 'momentary',
  retrospective: 'retrospective',
};

export function kindOf(words: string): string | undefined {
  return KIND_WORDS[words] ?? (Object.values(KIND_WORDS).includes(words) ? words : undefined);
}

export function momentOf(words: string): readonly string[] | undefined {
  const quoted = /^"([^"]+)"$/.exec(words);
  if (quoted) return [quoted[1]!];
  return MOMENTS[words];
}

/** The StatActions messages `stat` published about `action` for `agent`, in order. */
export function actionRecords(trace: Trace, stat: string, action: string, agent?: string): TraceMessage[] {
  return trace.entries.filter(
    (e): e is TraceMessage => e.type === 'message' && e.protocol === 'StatActions' && e.from === stat && e.attributes.Action === action && (agent === undefined || e.attributes.AgentID === agent),
  );
}

/** Every StatActions message `stat` published. */
export function allActionRecords(trace: Trace, stat: string): TraceMessage[] {
  return trace.entries.filter((e): e is TraceMessage => e.type === 'message' && e.protocol === 'StatActions' && e.from === stat);
}

/** undefined when the claim holds; else why not, naming what the trace holds. */
export function judgeAction(trace: Trace, c: ActionClaim): string | undefined {
  const records = actionRecords(trace, c.stat, c.action, c.agent);
  if (records.length === 0) {
    const other = allActionRecords(trace, c.stat).filter((r) => r.attributes.AgentID === c.agent).map((r) => r.attributes.Action);
    return `${c.stat} published no ${c.action} for ${c.agent}; for ${c.agent} it published ${other.length ? [...new Set(other)].join(', ') : 'nothing'}`;
  }
  // A durable action's end carries both times; a claim about its end needs that record.
  const candidates = c.endedAt ? records.filter((r) => r.attributes.EndTime !== undefined) : records;
  const reasons: string[] = [];
  for (const r of candidates) {
    const why = mismatch(trace, c, r);
    if (why === undefined) return undefined;
    reasons.push(`seq ${r.seq} ${r.message}: ${why}`);
  }
  if (candidates.length === 0) return `${c.action} for ${c.agent} started (seq ${records[0]!.seq}) and never ended`;
  return `no ${c.action} record for ${c.agent} fits: ${reasons.join('; ')}`;
}

function mismatch(trace: Trace, c: ActionClaim, r: TraceMessage): string | undefined {
  const a = r.attributes;
  if (c.kind !== undefined && a.Kind !== c.kind) return `its kind is ${String(a.Kind)}, not ${c.kind}`;
  for (const [k, want] of Object.entries(c.attributes ?? {})) {
    const has = a[k];
    if (want === '$any' ? has === undefined : want === '$absent' ? has !== undefined : String(has) !== want) {
      return `${k} is ${has === undefined ? 'absent' : JSON.stringify(has)}, expected ${want}`;
    }
  }
  if (c.startedAt) {
    const why = atMoment(trace, c, r, a.StartTime, c.startedAt, 'started');
    if (why) return why;
  }
  if (c.endedAt) {
    const why = atMoment(trace, c, r, a.EndTime, c.endedAt, 'ended');
    if (why) return why;
  }
  return undefined;
}

function atMoment(trace: Trace, c: ActionClaim, r: TraceMessage, time: unknown, names: readonly string[], what: string): string | undefined {
  const ixn = r.attributes.InteractionID;
  const events = trace.entries.filter(
    (e): e is TraceMessage =>
      e.type === 'message' && e.protocol === 'Reporting' && e.to === c.stat && names.includes(e.message) && (ixn === undefined || e.attributes.InteractionId === undefined || e.attributes.InteractionId === ixn),
  );
  if (events.some((e) => e.attributes.EventTime === time)) return undefined;
  const seen = events.map((e) => `${e.message} seq ${e.seq} at ${String(e.attributes.EventTime)}`);
  return `it ${what} at ${String(time)}, and no ${names.join(' or ')} to ${c.stat}${ixn !== undefined ? ` about ${String(ixn)}` : ''} has that EventTime (${seen.length ? seen.join(', ') : 'none reached it'})`;
}

const WAIT_MS = 1500;
const POLL_MS = 20;

/**
 * Judges the claim, waiting while it does not hold yet: actions follow the events behind them, and some
 * events follow a timer (Revoked: the delivering timer). Bounded by 1.5 s beyond `timerMs`, extended by
 * the harness's lag.
 */
export async function awaitAction(session: Session, c: ActionClaim, timerMs = 0): Promise<string | undefined> {
  const until = session.now() + timerMs + WAIT_MS;
  const lostBefore = session.lagLost;
  for (;;) {
    const why = judgeAction(session.snapshot(), c);
    if (why === undefined || session.replaying || session.now() >= until + (session.lagLost - lostBefore)) return why;
    await session.awaitEntry(POLL_MS);
  }
}
