import type { Trace, TraceMessage, TraceParticipant } from '../src/trace/types.ts';

/**
 * A synthetic trace for the matcher benchmark: `messages` messages holding messages/100 interleaved
 * Deliver Interaction to Agent interactions (accept, reject or timeout), each submitted by a chat
 * server, routed by URS to one of several agents, with the referenceIds a real run has. The rest is
 * the background traffic of a busy contact center: agent state reports, agent status relayed to the
 * desktops, agents going not ready and back (their EventAcks carry no interaction id, so the matcher
 * must offer them to the instances waiting for an EventAck). Each interaction contributes 13 messages
 * (submit 4, route request 1, delivery 8); background traffic fills the rest. Deterministic for a seed.
 */

export type Outcome = 'accept' | 'reject' | 'timeout';

export interface SyntheticOptions {
  messages: number;
  /** The delivering timer the run used (ms). */
  timerMs: number;
  agents?: number;
  seed?: number;
}

export interface SyntheticTrace {
  trace: Trace;
  interactions: number;
  outcomes: Record<Outcome, number>;
}

/** mulberry32: small, fast, good enough to shuffle a benchmark (and a test's random traces). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IM = 'InteractionManagement';
const REP = 'Reporting';
const TLIB = 'TLibrary';
/** One interaction starts every this many ms. */
const SPACING = 20;

export function syntheticTrace(opts: SyntheticOptions): SyntheticTrace {
  const rand = rng(opts.seed ?? 42);
  const nAgents = opts.agents ?? 8;
  const interactions = Math.floor(opts.messages / 100);
  const participants: TraceParticipant[] = [
    { name: 'URS1', role: 'URS' },
    { name: 'IS1', role: 'InteractionServer' },
    { name: 'Stat1', role: 'StatServer' },
    { name: 'Chat1', role: 'MediaServer' },
  ];
  const agents = Array.from({ length: nAgents }, (_, i) => `Agent${i + 1}`);
  for (const a of agents) participants.push({ name: a, role: 'AgentApplication' });

  const msgs: Array<Omit<TraceMessage, 'seq' | 'type' | 'violations' | 'connection'> & { order: number }> = [];
  let order = 0;
  const refs = new Map<string, number>();
  const nextRef = (who: string): number => {
    const r = (refs.get(who) ?? 0) + 1;
    refs.set(who, r);
    return r;
  };
  const send = (t: number, from: string, to: string, protocol: string, message: string, attributes: Record<string, unknown>, referenceId?: number): void => {
    msgs.push({ t, from, to, protocol, message, attributes, ...(referenceId === undefined ? {} : { referenceId }), order: order++ });
  };

  const outcomes: Record<Outcome, number> = { accept: 0, reject: 0, timeout: 0 };
  for (let i = 0; i < interactions; i++) {
    const t0 = i * SPACING + rand() * 5;
    const id = `00${(0x1000 + i).toString(16).toUpperCase()}IXN`;
    const k = Math.floor(rand() * nAgents);
    const agent = agents[k];
    const who = { InteractionId: id, AgentId: `agent${k + 1}`, PlaceId: `Place${k + 1}` };
    const r = rand();
    const outcome: Outcome = r < 0.6 ? 'accept' : r < 0.85 ? 'reject' : 'timeout';
    outcomes[outcome]++;
    const ticket = 1000 + i;

    const submitRef = nextRef('Chat1');
    send(t0, 'Chat1', 'IS1', IM, 'RequestSubmit', { MediaType: 'chat', InteractionType: 'Inbound', Queue: 'inbound', InteractionId: id }, submitRef);
    send(t0 + 0.4, 'IS1', 'Chat1', IM, 'EventAck', { InteractionId: id }, submitRef);
    send(t0 + 0.6, 'IS1', 'Stat1', REP, 'EventInteractionSubmitted', { InteractionId: id, MediaType: 'chat', Queue: 'inbound' });
    send(t0 + 0.8, 'IS1', 'Stat1', REP, 'EventPlacedInQueue', { InteractionId: id, Queue: 'inbound' });
    send(t0 + 1, 'IS1', 'URS1', TLIB, 'EventRouteRequest', { InteractionId: id, Queue: 'inbound' });
    const route = t0 + 3 + rand() * 4;
    const routeRef = nextRef('URS1');
    send(route, 'URS1', 'IS1', TLIB, 'RequestRouteCall', { InteractionId: id, AgentId: who.AgentId, PlaceId: who.PlaceId }, routeRef);
    // The Interaction Server's three messages of the first phase, in a random order.
    const slots = [0, 1, 2];
    for (let j = 2; j > 0; j--) {
      const x = Math.floor(rand() * (j + 1));
      [slots[j], slots[x]] = [slots[x], slots[j]];
    }
    const at = (j: number): number => route + 0.5 + slots[j] * 0.3;
    send(at(0), 'IS1', 'Stat1', REP, 'EventPartyRemoved', { InteractionId: id, RouterId: 'URS1' });
    send(at(1), 'IS1', 'Stat1', REP, 'EventAgentInvited', who);
    send(at(2), 'IS1', agent, IM, 'EventInvite', { TicketId: ticket, Interaction: { InteractionId: id, InteractionMediatype: 'chat' } });
    const invite = at(2);
    const answer = invite + 10 + rand() * 40;
    if (outcome === 'timeout') {
      const at = invite + opts.timerMs + rand() * 20;
      send(at, 'IS1', agent, IM, 'EventRevoked', { TicketId: ticket, Interaction: { InteractionId: id } });
      send(at + 0.3, 'IS1', 'Stat1', REP, 'EventRevoked', who);
      send(at + 0.6, 'IS1', 'URS1', TLIB, 'EventRouteUsed', { InteractionId: id }, routeRef);
      send(at + 0.9, 'IS1', 'Stat1', REP, 'EventPlacedInQueue', { InteractionId: id, Queue: 'inbound' });
      continue;
    }
    const agentRef = nextRef(agent);
    send(answer, agent, 'IS1', IM, outcome === 'accept' ? 'RequestAccept' : 'RequestReject', { TicketId: ticket, InteractionId: id }, agentRef);
    send(answer + 0.5, 'IS1', agent, IM, 'EventAck', {}, agentRef);
    send(answer + 0.8, 'IS1', 'URS1', TLIB, 'EventRouteUsed', { InteractionId: id }, routeRef);
    send(answer + 1.1, 'IS1', 'Stat1', REP, outcome === 'accept' ? 'EventPartyAdded' : 'EventRejected', who);
  }

  // Background traffic, spread over the same time span, up to the requested number of messages.
  const span = interactions * SPACING + opts.timerMs;
  while (msgs.length < opts.messages) {
    const t = rand() * span;
    const k = Math.floor(rand() * nAgents);
    const agent = agents[k];
    const state = { PlaceId: `Place${k + 1}`, AgentId: `agent${k + 1}`, MediaStateList: { chat: rand() < 0.5 ? 1 : 0 } };
    const left = opts.messages - msgs.length;
    const kind = rand();
    if (kind < 0.4 || left < 2) send(t, 'IS1', 'Stat1', REP, 'EventPlaceAgentState', state);
    else if (kind < 0.7) {
      send(t, 'Stat1', 'IS1', REP, 'EventCurrentAgentStatus', state);
      send(t + 0.2, 'IS1', agent, IM, 'EventCurrentAgentStatus', state);
    } else {
      const ref = nextRef(agent);
      send(t, agent, 'IS1', IM, rand() < 0.5 ? 'RequestNotReadyForMedia' : 'RequestCancelNotReadyForMedia', { MediaTypeName: 'chat' }, ref);
      send(t + 0.3, 'IS1', agent, IM, 'EventAck', {}, ref);
    }
  }

  msgs.sort((a, b) => a.t - b.t || a.order - b.order);
  const entries: TraceMessage[] = msgs.map((m, i) => ({
    type: 'message', seq: i + 1, t: m.t, from: m.from, to: m.to, connection: [m.from, m.to].sort().join('<->'),
    protocol: m.protocol, message: m.message, ...(m.referenceId === undefined ? {} : { referenceId: m.referenceId }),
    attributes: m.attributes, violations: [],
  }));
  const end = entries.length > 0 ? entries[entries.length - 1].t + 1000 : 0;
  return {
    trace: {
      header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0.1.0', startedAt: '2025-01-06T09:00:00.000Z', participants },
      entries,
      footer: { type: 'footer', t: end, entries: entries.length },
    },
    interactions,
    outcomes,
  };
}
