import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { sendAck } from './replies.ts';
import { compact } from './reporting.ts';

/**
 * GenEM Stop Processing (reference §2.14): the interaction is finished and leaves the server.
 *   A  a media server stops it while an agent handles it: EventAck, EventPartyRemoved (the agent),
 *      EventProcessingStopped, EventRevoked to the agent (Interaction Management);
 *   B  a media server stops it while URS processes it: the same, with T-Library EventAbandoned to URS
 *      "in place of EventRevoked" and the strategy as the party removed;
 *   C  the handling agent stops it: EventAck, EventPartyRemoved, EventProcessingStopped, EventRevoked —
 *      the Reporting EventRevoked [INFER: the agent asked and was answered; an Interaction Management
 *      revoke of its own request would tell it nothing, and the Event Logger lists EventRevoked among the
 *      Reporting events with endpoint Agent]; under genem-table (profiles.ts) the Interaction Management
 *      one to the agent instead, as version A's row has it;
 *   D  URS stops it with RequestRouteCall (RouteType CallDisconnect, see the catalog's note):
 *      EventRouteUsed in place of EventAck, EventPartyRemoved (the strategy), EventProcessingStopped.
 * Messages go out in the order of GenEM's tables; the order is [INFER] (figures only).
 */

type Stopper =
  | { kind: 'media-server'; name: string }
  | { kind: 'agent'; agentId: string; placeId: string }
  | { kind: 'urs'; name: string };

/** Interaction Management RequestStopProcessing, from a media server (A, B) or the handling agent (C). */
export function stopProcessing(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const client = ctx.registry.get(conn);
  const i = ctx.interactions.require(req.attributes.InteractionId, 'RequestStopProcessing', ctx.opts.name);
  let by: Stopper;
  if (client?.clientType === 'AgentApplication') {
    const agent = ctx.agents.ofConnection(conn);
    if (!agent) throw new RequestError(ErrorCodes.UnknownAgent, 'RequestStopProcessing: no agent is logged in on this connection');
    if (i.state !== 'handled' || i.agentId !== agent.agentId) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `RequestStopProcessing: interaction ${i.id} is not handled by agent ${agent.agentId} (${describeHolder(i)}); an agent stops only what it handles`);
    }
    by = { kind: 'agent', agentId: agent.agentId, placeId: agent.placeId };
  } else if (client?.clientType === 'MediaServer') {
    by = { kind: 'media-server', name: client.clientName };
  } else {
    throw new RequestError(ErrorCodes.Unsupported, `RequestStopProcessing from a ${client?.clientType ?? 'unregistered'} client: a media server or the handling agent stops processing`);
  }
  sendAck(conn, req);
  finish(ctx, i, by, reasonOf(req.attributes.Reason));
}

/** T-Library RequestRouteCall with RouteType CallDisconnect from URS (D): stands for RequestStopProcessing. */
export function ursStopsProcessing(ctx: ServerContext, urs: MessageConnection, req: Envelope): void {
  const i = ctx.interactions.require(req.attributes.InteractionId, 'RequestRouteCall (stop processing)', ctx.opts.name);
  if (i.state !== 'queued') {
    throw new RequestError(ErrorCodes.InvalidAttribute, `RequestRouteCall (stop processing): interaction ${i.id} is ${describeHolder(i)}; URS stops only an interaction it processes`);
  }
  // In place of EventAck, echoing the request's referenceId [DOC GenEM StopProcessing D].
  urs.send({ protocol: 'TLibrary', message: 'EventRouteUsed', referenceId: req.referenceId, attributes: { InteractionId: i.id } });
  const extensions = req.attributes.Extensions as Record<string, unknown> | undefined;
  finish(ctx, i, { kind: 'urs', name: urs.remote.name }, reasonOf(extensions?.Reason));
}

/** Whether a RequestRouteCall asks to stop processing rather than to deliver or place. */
export function isStopRequest(req: Envelope): boolean {
  return req.attributes.RouteType === 'CallDisconnect';
}

function finish(ctx: ServerContext, i: Interaction, by: Stopper, reason: Record<string, unknown> | undefined): void {
  const handler = i.state === 'queued' ? undefined : ctx.agents.get(i.agentId ?? '');
  const ticket = ctx.deliveries.interactionStopped(i);
  ctx.interactions.remove(i);
  const common = compact({ InteractionId: i.id, MediaType: i.mediaType, TenantId: i.tenantId, Queue: i.queue || undefined, Reason: reason });
  const requester = by.kind === 'media-server' ? { MediaServerId: by.name } : by.kind === 'agent' ? { AgentId: by.agentId, PlaceId: by.placeId } : { RouterId: by.name };

  // The party processing it leaves: the agent (A, C) or the strategy (B, D).
  const router = by.kind === 'urs' ? by.name : firstRouter(ctx);
  const removed = handler ? { AgentId: handler.agentId, PlaceId: handler.placeId } : compact({ RouterId: router });
  ctx.reporting.emit('EventPartyRemoved', { ...common, ...removed });
  // FAULT omitProcessingStopped: the reporting engines never hear that processing stopped.
  if (!ctx.opts.faults.omitProcessingStopped) ctx.reporting.emit('EventProcessingStopped', { ...common, ...requester });

  if (by.kind === 'agent' && !ctx.opts.readings.agentStopRevokesAgent) {
    ctx.reporting.emit('EventRevoked', { ...common, AgentId: by.agentId, PlaceId: by.placeId });
  } else if (handler) {
    if (handler.conn.isOpen) {
      const revoked = compact({ Interaction: { InteractionId: i.id }, TicketId: ticket, Reason: reason });
      handler.conn.send({ protocol: 'InteractionManagement', message: 'EventRevoked', attributes: revoked });
    }
  } else if (by.kind === 'media-server' && !ctx.opts.faults.omitAbandonedToUrs) {
    // FAULT omitAbandonedToUrs: URS is never told. [INFER] every connected URS: the reference does not track which one holds it.
    for (const urs of ctx.routers) urs.send({ protocol: 'TLibrary', message: 'EventAbandoned', attributes: compact({ InteractionId: i.id, Reasons: reason }) });
  }
}

function firstRouter(ctx: ServerContext): string | undefined {
  for (const urs of ctx.routers) return urs.remote.name;
  return undefined;
}

function describeHolder(i: Interaction): string {
  if (i.state === 'queued') return 'with URS, not handled by an agent';
  return i.state === 'delivering' ? `being delivered to agent ${i.agentId}` : `handled by agent ${i.agentId}`;
}

function reasonOf(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
