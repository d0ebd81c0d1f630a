import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import { agentOf } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { reportedAgent, reportedInteraction } from './invitation.ts';
import { sendAck } from './replies.ts';

const MODES = ['Conference', 'Coach', 'Monitor'];

/**
 * RequestIntrude (reference §1.3 [CODE]): a supervisor — a logged-in agent — joins an interaction another
 * agent handles, without an invitation: as a full party (VisibilityMode Conference), a coach (Coach) or a
 * silent monitor (Monitor). EventAck, and Reporting EventPartyAdded naming the supervisor with Operation
 * Intrusion and the VisibilityMode [INFER: the record shows no Reporting event for an intrusion; a party
 * joined]. Only a Conference intruder becomes a party that handles the interaction and that the other
 * parties hear of [INFER: a coach or monitor is unseen by the customer; the reference keeps it out of
 * the roster, so a transfer or stop still concerns the agents handling it].
 */
export function handleIntrude(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const supervisor = agentOf(ctx, conn, req.message);
  const i = ctx.interactions.require(req.attributes.InteractionId, req.message, ctx.opts.name);
  const mode = req.attributes.VisibilityMode ?? 'Conference';
  if (typeof mode !== 'string' || !MODES.includes(mode)) throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: VisibilityMode ${JSON.stringify(mode)} is not one of ${MODES.join(', ')}`);
  if (i.state !== 'handled') throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: interaction ${i.id} is not handled by an agent, so there is nobody to intrude on`);
  if (ctx.parties.has(i, supervisor.agentId)) throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${supervisor.agentId} is already a party to interaction ${i.id}`);
  if (mode === 'Conference') ctx.parties.add(i, supervisor.agentId);
  sendAck(conn, req);
  ctx.reporting.emit('EventPartyAdded', { ...reportedInteraction(i), ...reportedAgent(supervisor), Operation: 'Intrusion', VisibilityMode: mode });
}
