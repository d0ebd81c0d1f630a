import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { sendAck } from './replies.ts';

/**
 * GenEM Login/Logout with several Interaction Servers: the agent logs in on the primary and tells every
 * other server it is available there (RequestAgentAvailable). On such a secondary the agent is on
 * standby — known, not logged in: no Reporting event, and no EventAgentLogout when its application
 * leaves ("only if the agent was known to be logged in", GenEM Disconnection). When the primary goes
 * away the application logs in here (GenEM "Interaction Server Disconnects"), and this server becomes
 * its primary: handleLogin then drops the standby record.
 */
export interface StandbyAgent {
  agentId?: string;
  placeId?: string;
  tenantId?: number;
  conn: MessageConnection;
}

export class StandbyAgents {
  private readonly byConn = new Map<MessageConnection, StandbyAgent>();

  ofConnection(conn: MessageConnection): StandbyAgent | undefined {
    return this.byConn.get(conn);
  }

  add(a: StandbyAgent): void {
    this.byConn.set(a.conn, a);
  }

  remove(conn: MessageConnection): StandbyAgent | undefined {
    const a = this.byConn.get(conn);
    this.byConn.delete(conn);
    return a;
  }

  all(): StandbyAgent[] {
    return Array.from(this.byConn.values());
  }
}

export function handleAvailable(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const client = ctx.registry.get(conn);
  if (client && client.clientType !== 'AgentApplication' && client.clientType !== 'Proxy') {
    throw new RequestError(ErrorCodes.Unsupported, `RequestAgentAvailable from a ${client.clientType} client: only an AgentApplication makes an agent available`);
  }
  const mine = ctx.agents.ofConnection(conn);
  if (mine) throw new RequestError(ErrorCodes.InSameState, `agent ${mine.agentId} is logged in on this connection: this server is its primary, not a secondary`);
  const { AgentId, PlaceId, TenantId } = req.attributes;
  if (typeof AgentId === 'string' && ctx.agents.get(AgentId)) {
    throw new RequestError(ErrorCodes.InSameState, `agent ${AgentId} is logged in on this server by another connection`);
  }
  ctx.standby.add({
    conn,
    ...(typeof AgentId === 'string' ? { agentId: AgentId } : {}),
    ...(typeof PlaceId === 'string' ? { placeId: PlaceId } : {}),
    ...(typeof TenantId === 'number' ? { tenantId: TenantId } : {}),
  });
  sendAck(conn, req);
  // Fault loginOnAvailable: a secondary that takes "available" for a login tells the reporting engine
  // the agent logged in here too, so it would count the agent on two servers.
  if (ctx.opts.faults.loginOnAvailable) ctx.reporting.emit('EventAgentLogin', { AgentId, PlaceId, TenantId });
}

export function handleNotAvailable(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  if (!ctx.standby.remove(conn)) {
    throw new RequestError(ErrorCodes.UnknownAgent, 'RequestAgentNotAvailable: no agent was made available on this connection (RequestAgentAvailable)');
  }
  sendAck(conn, req);
}
