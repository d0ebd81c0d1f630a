import type { AgentRecord } from './agents.ts';
import type { Interaction } from './interactions.ts';
import { compact } from './reporting.ts';

/**
 * What every invitation of an agent to an interaction shares, whoever asked for it (URS delivering,
 * Agent 1 transferring or conferencing): the ticket it is answered by, the EventInvite it arrives in,
 * and how the interaction reads in Reporting events.
 */

/**
 * Tickets of one server: one counter for every kind of invitation, so a RequestAccept's TicketId alone
 * says which invitation it answers.
 */
export class TicketCounter {
  private last = 0;

  next(): number {
    return ++this.last;
  }
}

/** The Interaction KV list of EventInvite (PSDK InteractionProperties). */
export function inviteProperties(i: Interaction): Record<string, unknown> {
  return compact({
    InteractionId: i.id,
    InteractionMediatype: i.mediaType,
    InteractionType: i.type,
    InteractionSubtype: i.subtype,
    InteractionQueue: i.queue,
    InteractionUserData: i.userData,
  });
}

/** EventInvite to the invited agent; `ticketId` undefined only where a fault leaves it out. */
export function sendInvite(agent: AgentRecord, i: Interaction, ticketId: number | undefined): void {
  const attributes = ticketId === undefined ? { Interaction: inviteProperties(i) } : { TicketId: ticketId, Interaction: inviteProperties(i) };
  agent.conn.send({ protocol: 'InteractionManagement', message: 'EventInvite', attributes });
}

/** The interaction as every Reporting interaction event names it. */
export function reportedInteraction(i: Interaction): Record<string, unknown> {
  return compact({ InteractionId: i.id, MediaType: i.mediaType, TenantId: i.tenantId, Queue: i.queue });
}

/** The agent a Reporting event is about. */
export function reportedAgent(a: AgentRecord): Record<string, unknown> {
  return { AgentId: a.agentId, PlaceId: a.placeId };
}
