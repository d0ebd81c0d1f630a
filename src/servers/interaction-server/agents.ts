import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { sendAck } from './replies.ts';

export interface AgentRecord {
  agentId: string;
  placeId: string;
  tenantId?: number;
  /** MediaList as logged in (media → int). */
  media: Record<string, number>;
  /** Media the agent is not ready for (RequestNotReadyForMedia). */
  notReady: Set<string>;
  /** Do-not-disturb is on (RequestDoNotDisturbOn). */
  dnd?: boolean;
  /** The agent application's connection. */
  conn: MessageConnection;
}

/** Agents logged in to this server (GenEM Login/Logout), by agent id. */
export class AgentDirectory {
  private readonly byId = new Map<string, AgentRecord>();
  // Every request of an agent looks its agent up by connection: a map, so 50,000 agents cost no scan each.
  private readonly byConn = new Map<MessageConnection, AgentRecord>();
  // RequestRouteCall may name the place only: the places are a map too, the first agent logged in at one.
  private readonly byPlace = new Map<string, AgentRecord[]>();

  get(agentId: string): AgentRecord | undefined {
    return this.byId.get(agentId);
  }

  /** By AgentId, else by PlaceId (RequestRouteCall may name either). */
  find(agentId: unknown, placeId: unknown): AgentRecord | undefined {
    if (typeof agentId === 'string') return this.byId.get(agentId);
    if (typeof placeId === 'string') return this.byPlace.get(placeId)?.[0];
    return undefined;
  }

  ofConnection(conn: MessageConnection): AgentRecord | undefined {
    return this.byConn.get(conn);
  }

  add(a: AgentRecord): void {
    this.byId.set(a.agentId, a);
    this.byConn.set(a.conn, a);
    const at = this.byPlace.get(a.placeId);
    if (at) at.push(a);
    else this.byPlace.set(a.placeId, [a]);
  }

  remove(a: AgentRecord): void {
    if (this.byId.get(a.agentId) === a) this.byId.delete(a.agentId);
    if (this.byConn.get(a.conn) === a) this.byConn.delete(a.conn);
    const at = this.byPlace.get(a.placeId);
    if (at) {
      const left = at.filter((x) => x !== a);
      if (left.length > 0) this.byPlace.set(a.placeId, left);
      else this.byPlace.delete(a.placeId);
    }
  }

  all(): AgentRecord[] {
    return Array.from(this.byId.values());
  }
}

/** media → 1 ready / 0 not ready, the values client code uses (reference §1.4). */
export function mediaStateList(a: AgentRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of Object.keys(a.media)) out[m] = a.notReady.has(m) ? 0 : 1;
  return out;
}

export function agentOf(ctx: ServerContext, conn: MessageConnection, request: string): AgentRecord {
  const a = ctx.agents.ofConnection(conn);
  if (!a) throw new RequestError(ErrorCodes.UnknownAgent, `${request}: no agent is logged in on this connection`);
  return a;
}

export function handleLogin(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const client = ctx.registry.get(conn);
  if (client && client.clientType !== 'AgentApplication' && client.clientType !== 'Proxy') {
    throw new RequestError(ErrorCodes.Unsupported, `RequestAgentLogin from a ${client.clientType} client: only an AgentApplication logs agents in`);
  }
  const { TenantId, PlaceId, AgentId, MediaList } = req.attributes;
  // AgentId is optional in PSDK; an agent logged in without one is known by its place.
  const agentId = typeof AgentId === 'string' ? AgentId : (PlaceId as string);
  const mine = ctx.agents.ofConnection(conn);
  if (mine) throw new RequestError(ErrorCodes.InSameState, `agent ${mine.agentId} is already logged in on this connection at place ${mine.placeId}`);
  const other = ctx.agents.get(agentId);
  if (other) throw new RequestError(ErrorCodes.InSameState, `agent ${agentId} is already logged in at place ${other.placeId} by another connection`);
  const media: Record<string, number> = {};
  if (MediaList && typeof MediaList === 'object') {
    for (const [m, v] of Object.entries(MediaList as Record<string, unknown>)) media[m] = typeof v === 'number' ? v : 1;
  }
  const a: AgentRecord = { agentId, placeId: PlaceId as string, tenantId: TenantId as number, media, notReady: new Set(), conn };
  ctx.agents.add(a);
  // Failover (GenEM Interaction Server Disconnects): an agent available here logs in, and this server becomes its primary.
  ctx.standby.remove(conn);
  sendAck(conn, req);
  ctx.reporting.emit('EventAgentLogin', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId, MediaList: media });
}

export function handleLogout(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const a = agentOf(ctx, conn, 'RequestAgentLogout');
  // An invitation pending for an agent who logs out cannot be accepted any more: revoke it first.
  ctx.deliveries.agentLeaving(conn, true);
  ctx.invitations.agentLeaving(conn, true);
  // Its pulled interactions' processing timers stop with it: no agent is left to revoke them from.
  ctx.handling.agentLeaving(conn);
  ctx.agents.remove(a);
  sendAck(conn, req);
  ctx.reporting.emit('EventAgentLogout', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId });
}

/**
 * Readiness changes are acknowledged and kept (they show in EventPlaceAgentState), and reported:
 * EventNotReadyForMedia / EventReadyForMedia (reference §1.3, §1.5) to the reporting engines.
 */
export function handleReadiness(ctx: ServerContext, conn: MessageConnection, req: Envelope, ready: boolean): void {
  const a = agentOf(ctx, conn, req.message);
  const media = req.attributes.MediaTypeName as string;
  if (ready) a.notReady.delete(media);
  else a.notReady.add(media);
  sendAck(conn, req);
  const reason = req.attributes.Reason;
  ctx.reporting.emit(ready ? 'EventReadyForMedia' : 'EventNotReadyForMedia', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId, MediaType: media, ...(reason !== undefined ? { Reason: reason } : {}) });
}

/** GenEM Disconnection: EventAgentLogout to the reporting engines, only if the agent was logged in. */
export function agentApplicationGone(ctx: ServerContext, conn: MessageConnection): void {
  ctx.deliveries.agentLeaving(conn, false);
  ctx.invitations.agentLeaving(conn, false);
  ctx.handling.agentLeaving(conn);
  ctx.workbins.connectionGone(conn);
  const a = ctx.agents.ofConnection(conn);
  if (!a) {
    // Fault logoutUnknownOnDisconnect: reports a logout for an agent application whose agent was not logged in here.
    const client = ctx.registry.get(conn);
    if (ctx.opts.faults.logoutUnknownOnDisconnect && client?.clientType === 'AgentApplication') {
      const standby = ctx.standby.ofConnection(conn);
      ctx.reporting.emit('EventAgentLogout', { AgentId: standby?.agentId ?? client.clientName, PlaceId: standby?.placeId ?? client.clientName, TenantId: standby?.tenantId });
    }
    return;
  }
  ctx.agents.remove(a);
  ctx.reporting.emit('EventAgentLogout', { AgentId: a.agentId, PlaceId: a.placeId, TenantId: a.tenantId });
}

/**
 * Reporting EventCurrentAgentStatus from a reporting engine goes on to that agent's application (GenEM
 * Reporting Engine Connects: "passes the same event"), in the protocol the server is configured with.
 */
export function relayAgentStatus(ctx: ServerContext, ev: Envelope): void {
  const a = ctx.agents.find(ev.attributes.AgentId, ev.attributes.PlaceId);
  if (!a) return;
  a.conn.send({ protocol: ctx.opts.agentStatusProtocol, message: 'EventCurrentAgentStatus', attributes: { ...ev.attributes } });
}
