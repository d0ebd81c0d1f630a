import type { Envelope } from '../../codec/envelope.ts';
import type { AgentEvent, DnAgent } from './agent-state.ts';
import { controlledDn, configuredDn, publish, reply } from './context.ts';
import type { Requester, TServerContext } from './context.ts';
import { TErr, TServerError } from './errors.ts';

/**
 * RequestAgentLogin / Logout / Ready / NotReady and the agent-state query. Each event goes to every
 * client registered on the DN; only the requester's copy of the answering event echoes its ReferenceID.
 */
export function agentRequest(ctx: TServerContext, r: Requester, env: Envelope): void {
  const a = env.attributes;
  const dn = a.ThisDN as string;
  const d = controlledDn(ctx, r.conn, dn);
  if (d.type === 'RoutingPoint') throw new TServerError(TErr.Unsupported, `DN ${dn} is a route point: no agent works there`);
  const str = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined);
  let events: AgentEvent[];
  switch (env.message) {
    case 'RequestAgentLogin':
      events = ctx.agents.login(dn, { agentId: str('AgentID'), queue: str('ThisQueue'), workMode: str('AgentWorkMode') });
      break;
    case 'RequestAgentLogout':
      events = ctx.agents.logout(dn);
      break;
    case 'RequestAgentReady':
      events = ctx.agents.set(dn, 'Ready', str('AgentWorkMode'));
      break;
    default:
      events = ctx.agents.set(dn, 'NotReady', str('AgentWorkMode'));
  }
  for (const e of events) publish(ctx, dn, e.message, agentAttributes(dn, e.agent), e.answers ? r : undefined);
}

export function agentAttributes(dn: string, agent: DnAgent): Record<string, unknown> {
  return {
    ThisDN: dn,
    ...(agent.agentId !== undefined ? { AgentID: agent.agentId } : {}),
    ...(agent.queue !== undefined ? { ThisQueue: agent.queue } : {}),
    ...(agent.workMode !== undefined ? { AgentWorkMode: agent.workMode } : {}),
  };
}

/** RequestQueryAddress (InfoType AgentStatus) → EventAddressInfo; Unknown while the link is down [INFER]. */
export function queryAddress(ctx: TServerContext, r: Requester, env: Envelope): void {
  const dn = env.attributes.ThisDN as string;
  configuredDn(ctx, dn);
  const agent = ctx.link.up ? ctx.agents.get(dn)! : { status: 'Unknown' as const };
  reply(r, 'EventAddressInfo', { ThisDN: dn, InfoType: 'AgentStatus', InfoStatus: agent.status, ...(agent.status === 'Ready' || agent.status === 'NotReady' ? agentAttributes(dn, agent) : {}) });
}
