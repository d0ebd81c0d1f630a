import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import { agentOf } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { sendAck } from './replies.ts';

/**
 * An agent's media and do-not-disturb (reference §1.3, §1.5): RequestAddMedia / RequestRemoveMedia and
 * RequestDoNotDisturbOn / Off, each answered with EventAck and reported to the reporting engines
 * (EventMediaAdded / EventMediaRemoved, EventDoNotDisturbOn / Off). GenEM has no model for them; they
 * are here for the Stat Server's media-channel actions (Active, Available, DoNotDisturb; seed 001).
 */

export function handleMedia(ctx: ServerContext, conn: MessageConnection, req: Envelope, add: boolean): void {
  const a = agentOf(ctx, conn, req.message);
  const media = req.attributes.MediaTypeName;
  if (typeof media !== 'string' || media === '') throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message} names no MediaTypeName`);
  const has = Object.hasOwn(a.media, media);
  // [INFER] adding a media the agent has, or removing one it has not, changes nothing and is refused as such.
  if (add && has) throw new RequestError(ErrorCodes.InSameState, `${req.message}: agent ${a.agentId} is already logged in for ${media}`);
  if (!add && !has) throw new RequestError(ErrorCodes.InSameState, `${req.message}: agent ${a.agentId} is not logged in for ${media} (its media: ${Object.keys(a.media).join(', ') || 'none'})`);
  if (add) a.media[media] = 1;
  else {
    delete a.media[media];
    a.notReady.delete(media);
  }
  sendAck(conn, req);
  const reason = req.attributes.Reason;
  ctx.reporting.emit(add ? 'EventMediaAdded' : 'EventMediaRemoved', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId, MediaType: media, ...(reason !== undefined ? { Reason: reason } : {}) });
}

export function handleDoNotDisturb(ctx: ServerContext, conn: MessageConnection, req: Envelope, on: boolean): void {
  const a = agentOf(ctx, conn, req.message);
  if ((a.dnd ?? false) === on) throw new RequestError(ErrorCodes.InSameState, `${req.message}: do-not-disturb is already ${on ? 'on' : 'off'} for agent ${a.agentId}`);
  a.dnd = on;
  sendAck(conn, req);
  ctx.reporting.emit(on ? 'EventDoNotDisturbOn' : 'EventDoNotDisturbOff', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId });
}
