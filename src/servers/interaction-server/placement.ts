import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { sendAck } from './replies.ts';
import { compact } from './reporting.ts';
import { notifyWorkbin, resolveWorkbin, workbinAttributes } from './workbins.ts';
import type { WorkbinRef } from './workbins.ts';

/**
 * GenEM Place Interaction in Queue and Place Interaction in Workbin (reference §2.10, §2.11), by URS
 * (T-Library RequestRouteCall standing for RequestPlaceInQueue / RequestPlaceInWorkbin, answered by
 * EventRouteUsed in place of EventAck) or by the handling agent's application (RequestPlaceInQueue /
 * RequestPlaceInWorkbin, answered by EventAck).
 */

export type PlacementTarget = { queue: string } | { workbin: WorkbinRef };

/**
 * Whether a RequestRouteCall places rather than delivers [INFER, written in the catalog's
 * RequestRouteCall note]: no AgentId and no PlaceId, and a WorkbinTypeId or a Queue.
 */
export function isPlacement(attrs: Record<string, unknown>): boolean {
  return attrs.AgentId === undefined && attrs.PlaceId === undefined && (attrs.WorkbinTypeId !== undefined || typeof attrs.Queue === 'string');
}

export function party(i: Interaction): Record<string, unknown> {
  return compact({ InteractionId: i.id, MediaType: i.mediaType, TenantId: i.tenantId, Queue: i.queue });
}

/** URS places an interaction it is routing: EventPartyRemoved (the strategy), EventPlacedInQueue [+ workbin], EventRouteUsed. */
export function placeByRouter(ctx: ServerContext, urs: MessageConnection, req: Envelope): void {
  const a = req.attributes;
  const i = ctx.interactions.get(a.InteractionId);
  if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `no interaction ${String(a.InteractionId)} on ${ctx.opts.name}`);
  if (i.state !== 'queued') {
    throw new RequestError(ErrorCodes.InvalidAttribute, `interaction ${i.id} is ${i.state === 'delivering' ? 'being delivered to' : 'handled by'} agent ${i.agentId}; URS places only an interaction it is routing`);
  }
  const target = targetOf(ctx, a, undefined, req.message);
  const requester = { RouterId: urs.remote.name };
  ctx.reporting.emit('EventPartyRemoved', { ...party(i), ...requester });
  placeIn(ctx, i, target, requester);
  urs.send({ protocol: 'TLibrary', message: 'EventRouteUsed', referenceId: req.referenceId, attributes: { InteractionId: i.id } });
}

/** The handling agent places its interaction: EventAck, EventPartyRemoved (the agent), EventPlacedInQueue [+ workbin]. */
export function placeByAgent(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const agent = ctx.agents.ofConnection(conn);
  if (!agent) throw new RequestError(ErrorCodes.UnknownAgent, `${req.message}: no agent is logged in on this connection`);
  const i = ctx.interactions.get(req.attributes.InteractionId);
  if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `no interaction ${String(req.attributes.InteractionId)} on ${ctx.opts.name}`);
  if (!ctx.parties.has(i, agent.agentId)) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: interaction ${i.id} is not handled by agent ${agent.agentId} (only the handling agent places it)`);
  }
  const target = req.message === 'RequestPlaceInWorkbin' ? targetOf(ctx, req.attributes, agent.agentId, req.message) : targetOf(ctx, { Queue: req.attributes.Queue }, undefined, req.message);
  ctx.handling.release(i);
  sendAck(conn, req);
  const requester = { AgentId: agent.agentId, PlaceId: agent.placeId };
  ctx.reporting.emit('EventPartyRemoved', { ...party(i), ...requester });
  placeIn(ctx, i, target, requester);
}

function targetOf(ctx: ServerContext, a: Record<string, unknown>, owner: string | undefined, request: string): PlacementTarget {
  if (a.WorkbinTypeId !== undefined || a.WorkbinGroupId !== undefined) return { workbin: resolveWorkbin(ctx, a, owner, request) };
  if (typeof a.Queue !== 'string' || a.Queue === '') throw new RequestError(ErrorCodes.InvalidAttribute, `${request} names no Queue to place the interaction in`);
  return { queue: a.Queue };
}

/**
 * The interaction goes to the queue (or the workbin, whose queue is named after its type [INFER]) and
 * waits there: it is not offered to URS again — the reference runs no strategy on a queue's views [INFER].
 */
export function placeIn(ctx: ServerContext, i: Interaction, target: PlacementTarget, requester: Record<string, unknown>): void {
  // Moved on from a workbin (URS placing what waited there): it leaves that workbin, and its subscribers hear so.
  const left = i.workbin;
  if (left) {
    ctx.workbins.remove(left, i.id);
    notifyWorkbin(ctx, left, i.id, 'Removed');
  }
  // Every party lets go of it: it waits in the queue now [INFER for a conference: GenEM shows one handler].
  for (const agentId of ctx.parties.of(i)) ctx.parties.remove(i, agentId);
  i.state = 'queued';
  i.agentId = undefined;
  i.workbin = 'workbin' in target ? target.workbin : undefined;
  i.queue = 'workbin' in target ? target.workbin.type : target.queue;
  const where = i.workbin ? workbinAttributes(i.workbin) : {};
  // FAULT omitPlacedInQueue: the reporting engines never hear where the interaction went.
  if (!ctx.opts.faults.omitPlacedInQueue) ctx.reporting.emit('EventPlacedInQueue', { ...party(i), ...requester, ...where });
  if (i.workbin) {
    ctx.reporting.emit('EventPlacedInWorkbin', { ...party(i), ...requester, ...where });
    ctx.workbins.add(i.workbin, i.id);
    notifyWorkbin(ctx, i.workbin, i.id, 'Added');
  }
}
