import type { Interaction } from './interactions.ts';

/**
 * Who handles each interaction: the agents that are its parties, in the order they joined. An
 * interaction delivered to one agent has that agent alone (Interaction.agentId, set by Deliver); a
 * transfer replaces it, a conference adds to it, and leaving removes from it. Only interactions in
 * state `handled` have parties.
 */
export class PartyRoster {
  private readonly byInteraction = new Map<string, string[]>();

  /** The agent ids handling `i`, first the one who had it first. */
  of(i: Interaction): string[] {
    if (i.state !== 'handled') return [];
    const kept = this.byInteraction.get(i.id);
    if (kept) return [...kept];
    return i.agentId !== undefined ? [i.agentId] : [];
  }

  has(i: Interaction, agentId: string): boolean {
    return this.of(i).includes(agentId);
  }

  /** Transfer: `agentId` alone handles `i` now. */
  replace(i: Interaction, agentId: string): void {
    this.set(i, [agentId]);
  }

  /** Conference: `agentId` joins the parties of `i`. */
  add(i: Interaction, agentId: string): void {
    const now = this.of(i);
    if (!now.includes(agentId)) now.push(agentId);
    this.set(i, now);
  }

  /** `agentId` leaves `i`; returns the parties left (none: the interaction has left every agent). */
  remove(i: Interaction, agentId: string): string[] {
    const left = this.of(i).filter((a) => a !== agentId);
    if (left.length === 0) {
      this.byInteraction.delete(i.id);
      i.agentId = undefined;
    } else this.set(i, left);
    return left;
  }

  private set(i: Interaction, agents: string[]): void {
    this.byInteraction.set(i.id, agents);
    // Interaction.agentId is the party the rest of the server (Deliver, EventPlaceAgentState) knows: the first.
    i.agentId = agents[0];
  }
}
