/**
 * What the Stat Server knows of each agent's *state* (seed 000: "the media that this agent is ready to
 * use and the interactions that the agent is currently handling"), kept per Interaction Server: an
 * agent may be logged in on several, and a server that drops the Stat Server takes only its own part
 * with it. Keyed by AgentId, so a snapshot sent again after a reconnect replaces, never adds.
 */
export interface AgentState {
  agentId: string;
  placeId: string;
  tenantId?: number;
  /** Media the agent is logged in to → ready for it. */
  media: Map<string, boolean>;
  /** Media whose not-ready is after-call work (capacity-treat-acw-as-interaction). */
  acw: Set<string>;
  dnd: boolean;
  /** Interactions invited to or handled by the agent → their media (undefined when not told). */
  interactions: Map<string, string | undefined>;
}

export function newAgentState(agentId: string, placeId: string, tenantId?: number): AgentState {
  return { agentId, placeId, ...(tenantId !== undefined ? { tenantId } : {}), media: new Map(), acw: new Set(), dnd: false, interactions: new Map() };
}

export class AgentBook {
  private readonly byAgent = new Map<string, Map<string, AgentState>>();

  get(server: string, agentId: string): AgentState | undefined {
    return this.byAgent.get(agentId)?.get(server);
  }

  put(server: string, s: AgentState): void {
    let m = this.byAgent.get(s.agentId);
    if (!m) this.byAgent.set(s.agentId, (m = new Map()));
    m.set(server, s);
  }

  remove(server: string, agentId: string): boolean {
    const m = this.byAgent.get(agentId);
    if (!m?.delete(server)) return false;
    if (m.size === 0) this.byAgent.delete(agentId);
    return true;
  }

  /** Every server's part of one agent. */
  partsOf(agentId: string): ReadonlyMap<string, AgentState> {
    return this.byAgent.get(agentId) ?? new Map();
  }

  /** The agents one server told of (the parts a dropped connection loses). */
  agentsOn(server: string): string[] {
    const out: string[] = [];
    for (const [id, m] of this.byAgent) if (m.has(server)) out.push(id);
    return out;
  }

  /** The agents holding an interaction on a server (EventProcessingStopped names no agent). */
  holding(server: string, interactionId: string): AgentState[] {
    const out: AgentState[] = [];
    for (const m of this.byAgent.values()) {
      const s = m.get(server);
      if (s?.interactions.has(interactionId)) out.push(s);
    }
    return out;
  }

  get size(): number {
    return this.byAgent.size;
  }

  /** Logged-in (agent, server) pairs: an agent on two servers counts twice here, once in `size`. */
  get logins(): number {
    let n = 0;
    for (const m of this.byAgent.values()) n += m.size;
    return n;
  }

  /**
   * Interactions in progress per media across every server, each interaction once (an agent on two
   * servers is one person with one capacity). ACW counts as one interaction of its media when asked.
   */
  counts(agentId: string, treatAcwAsInteraction: boolean): Map<string, number> {
    const seen = new Map<string, string | undefined>();
    const acw = new Set<string>();
    for (const s of this.partsOf(agentId).values()) {
      for (const [id, media] of s.interactions) if (!seen.has(id) || seen.get(id) === undefined) seen.set(id, media);
      if (treatAcwAsInteraction) for (const m of s.acw) acw.add(m);
    }
    const counts = new Map<string, number>();
    // An interaction of unknown media still takes the agent's attention: it counts under "unknown".
    for (const media of seen.values()) counts.set(media ?? 'unknown', (counts.get(media ?? 'unknown') ?? 0) + 1);
    for (const m of acw) counts.set(m, (counts.get(m) ?? 0) + 1);
    return counts;
  }
}
