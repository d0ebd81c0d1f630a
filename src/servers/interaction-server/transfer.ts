import { invitationOrigin } from './agent-invitations.ts';
import type { AgentInvitation } from './agent-invitations.ts';
import type { ServerContext } from './context.ts';
import { reportedAgent, reportedInteraction } from './invitation.ts';
import { sendAck } from './replies.ts';

/**
 * GenEM Transfer, Invitation Accepted (reference §2.8): Agent 2 alone handles the interaction now.
 * The reporting engines hear EventPartyAdded for Agent 2 and EventPartyRemoved for Agent 1 (GenEM's
 * table); Agent 1's RequestTransfer is answered with EventAck [INFER: the table lists EventAck without
 * saying to whom; a request gets one answer, and on failure Agent 1's is EventError, so on success it
 * is EventAck]. Agent 1 gets no EventRevoked: nothing was taken from it against its will [INFER].
 */
export function transferAccepted(ctx: ServerContext, inv: AgentInvitation): void {
  const i = inv.interaction;
  ctx.parties.replace(i, inv.invitee.agentId);
  ctx.reporting.emit('EventPartyAdded', { ...reportedInteraction(i), ...reportedAgent(inv.invitee), ...invitationOrigin(inv) });
  // FAULT transferKeepsAgent1: the reporting engines never hear that Agent 1 left the interaction.
  if (!ctx.opts.faults.transferKeepsAgent1) ctx.reporting.emit('EventPartyRemoved', { ...reportedInteraction(i), ...reportedAgent(inv.inviter) });
  // Under genem-table's reading of Invitation Accepted, the table's one EventAck is Agent 2's alone.
  if (inv.inviter.conn.isOpen && ctx.opts.readings.inviterAckOnJoin) sendAck(inv.inviter.conn, inv.request);
}
