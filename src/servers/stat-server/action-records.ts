/** What the deriver keeps per (interaction, agent): an invitation being delivered, or an interaction being handled. */
export interface AgentRecord {
  agentId: string;
  attrs: Record<string, unknown>;
}

/**
 * Records keyed by (interaction, agent), also found by interaction and by agent. The deriver asks "who
 * else handles this interaction" and "how many of this media does the agent have" on every event; a
 * scan of every record answered them, which made a long run quadratic (interactions stay with their
 * agents: a load run at 2,000/s spent a fifth of its CPU there). Per interaction and per agent the sets
 * are small.
 */
export class AgentRecords<R extends AgentRecord> {
  private readonly byKey = new Map<string, R>();
  private readonly byInteraction = new Map<string, Map<string, R>>();
  private readonly byAgent = new Map<string, Set<R>>();

  get(interaction: string, agent: string): R | undefined {
    return this.byKey.get(key(interaction, agent));
  }

  has(interaction: string, agent: string): boolean {
    return this.byKey.has(key(interaction, agent));
  }

  /** Replacing a record keeps its place in the order, as a Map's set does. */
  set(interaction: string, rec: R): void {
    const old = this.byKey.get(key(interaction, rec.agentId));
    if (old) this.byAgent.get(old.agentId)?.delete(old);
    this.byKey.set(key(interaction, rec.agentId), rec);
    let ofIxn = this.byInteraction.get(interaction);
    if (!ofIxn) this.byInteraction.set(interaction, (ofIxn = new Map()));
    ofIxn.set(rec.agentId, rec);
    let ofAgent = this.byAgent.get(rec.agentId);
    if (!ofAgent) this.byAgent.set(rec.agentId, (ofAgent = new Set()));
    ofAgent.add(rec);
  }

  delete(interaction: string, agent: string): void {
    const rec = this.byKey.get(key(interaction, agent));
    if (!rec) return;
    this.byKey.delete(key(interaction, agent));
    const ofIxn = this.byInteraction.get(interaction);
    ofIxn?.delete(agent);
    if (ofIxn?.size === 0) this.byInteraction.delete(interaction);
    const ofAgent = this.byAgent.get(agent);
    ofAgent?.delete(rec);
    if (ofAgent?.size === 0) this.byAgent.delete(agent);
  }

  /** The records of one interaction, in the order they were set (a copy: the caller may delete while it walks). */
  ofInteraction(interaction: string): R[] {
    return [...(this.byInteraction.get(interaction)?.values() ?? [])];
  }

  ofAgent(agent: string): ReadonlySet<R> {
    return this.byAgent.get(agent) ?? EMPTY;
  }
}

const EMPTY: ReadonlySet<never> = new Set();

function key(interaction: string, agent: string): string {
  return `${interaction}|${agent}`;
}
