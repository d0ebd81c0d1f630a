import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentRecord } from './agents.ts';
import { invitationOrigin } from './agent-invitations.ts';
import type { AgentInvitation } from './agent-invitations.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { announce } from './interactions.ts';
import { reportedAgent, reportedInteraction } from './invitation.ts';
import { sendAck } from './replies.ts';

/**
 * GenEM Conference, Invitation Accepted (reference §2.9): Agent 2 joins the parties. "Interaction
 * Server informs all parties to the interaction that Agent 2 has joined": EventPartyAdded over
 * Reporting and over Interaction Management — to every party, Agent 2 included [INFER: it is a party
 * once it has joined]. Agent 1's RequestConference is answered with EventAck [INFER, as for Transfer].
 */
export function conferenceAccepted(ctx: ServerContext, inv: AgentInvitation): void {
  const i = inv.interaction;
  ctx.parties.add(i, inv.invitee.agentId);
  ctx.reporting.emit('EventPartyAdded', { ...reportedInteraction(i), ...reportedAgent(inv.invitee), ...invitationOrigin(inv) });
  // FAULT conferenceTellsReportingOnly: the parties never hear over Interaction Management that Agent 2 joined.
  if (!ctx.opts.faults.conferenceTellsReportingOnly) tellParties(ctx, i, 'EventPartyAdded', inv.invitee);
  // Under genem-table's reading of Invitation Accepted, the table's one EventAck is Agent 2's alone.
  if (inv.inviter.conn.isOpen && ctx.opts.readings.inviterAckOnJoin) sendAck(inv.inviter.conn, inv.request);
}

/**
 * GenEM Conference, Agent Leaves Conference: RequestLeaveInteraction; EventAck; EventPartyRemoved to the
 * reporting engines and to the remaining parties [INFER: GenEM's table is truncated after EventAck].
 * "When the last party leaves the interaction, Interaction Server returns the interaction to its former
 * location and informs the Reporting engine": back to the queue it was taken from, Reporting
 * EventPlacedInQueue [INFER: as IxnLimits says a revoked interaction returns "to the queue from which it
 * was taken by URS"], and URS is offered it again (EventRouteRequest) [INFER: URS gave it up when it was
 * delivered]. Refused ("successfully or not") when the sender is not a party to the interaction, or
 * while a transfer or conference it asked for is still open.
 */
export function leaveInteraction(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const agent = ctx.agents.ofConnection(conn);
  if (!agent) throw new RequestError(ErrorCodes.UnknownAgent, `${req.message}: no agent is logged in on this connection; log in first (RequestAgentLogin)`);
  const i = ctx.interactions.get(req.attributes.InteractionId);
  if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `${req.message}: no interaction ${String(req.attributes.InteractionId)} on ${ctx.opts.name}`);
  if (!ctx.parties.has(i, agent.agentId)) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${agent.agentId} is not a party to interaction ${i.id}${i.state === 'handled' ? ` (its parties: ${ctx.parties.of(i).join(', ')})` : ''}`);
  }
  // Its own transfer or conference invitation is still open, and its request is answered when it ends:
  // the agent stays until then [INFER].
  const pending = ctx.invitations.pendingFor(i);
  const asked = pending?.inviter === agent ? pending : undefined;
  if (asked) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${agent.agentId} asked to ${asked.kind} interaction ${i.id} to agent ${asked.invitee.agentId}, who has not answered yet; leave once the invitation ends`);
  }
  const left = ctx.parties.remove(i, agent.agentId);
  sendAck(conn, req);
  const reason = req.attributes.Reason;
  ctx.reporting.emit('EventPartyRemoved', { ...reportedInteraction(i), ...reportedAgent(agent), ...(reason !== undefined ? { Reason: reason } : {}) });
  if (left.length > 0) {
    tellParties(ctx, i, 'EventPartyRemoved', agent);
    return;
  }
  i.state = 'queued';
  // FAULT lastLeaveNotReported: the interaction is back in its queue, and the reporting engines are not told.
  if (!ctx.opts.faults.lastLeaveNotReported) ctx.reporting.emit('EventPlacedInQueue', reportedInteraction(i));
  announce(ctx, i);
}

/** An Interaction Management party event to every party of `i` still connected. */
function tellParties(ctx: ServerContext, i: Interaction, message: 'EventPartyAdded' | 'EventPartyRemoved', who: AgentRecord): void {
  for (const id of ctx.parties.of(i)) {
    const party = ctx.agents.get(id);
    if (!party?.conn.isOpen) continue;
    party.conn.send({ protocol: 'InteractionManagement', message, attributes: { Interaction: { InteractionId: i.id }, AgentId: who.agentId, PlaceId: who.placeId } });
  }
}
