import type { AfterLogin } from './config.ts';
import { TErr, TServerError } from './errors.ts';

/**
 * The agent state of each DN as T-Server knows it: a pure state machine, no sockets. Each transition
 * either returns the events it produces (in order) or throws TServerError with the tliberr.h code.
 */

export type AgentStatus = 'LoggedOut' | 'Ready' | 'NotReady' | 'Unknown';

export interface DnAgent {
  status: AgentStatus;
  agentId?: string;
  queue?: string;
  workMode?: string;
}

/** An agent event to send about a DN, with the state it reports. */
export interface AgentEvent {
  message: 'EventAgentLogin' | 'EventAgentLogout' | 'EventAgentReady' | 'EventAgentNotReady';
  /** True for the event that answers the request (it echoes the ReferenceID); false for one that follows it. */
  answers: boolean;
  agent: DnAgent;
}

export class AgentStates {
  private readonly byDn = new Map<string, DnAgent>();

  constructor(
    dns: readonly { dn: string; agentState?: 'unknown' }[],
    public afterLogin: AfterLogin,
    /** AgentIDs a login may name; empty: any. */
    private readonly agents: readonly string[] = [],
  ) {
    for (const d of dns) this.byDn.set(d.dn, { status: d.agentState === 'unknown' ? 'Unknown' : 'LoggedOut' });
  }

  /** A DN configured after the start: nobody logged in there. */
  add(dn: string): void {
    if (!this.byDn.has(dn)) this.byDn.set(dn, { status: 'LoggedOut' });
  }

  /** A copy of the state at `dn` (undefined: no such DN). */
  get(dn: string): DnAgent | undefined {
    const a = this.byDn.get(dn);
    return a ? { ...a } : undefined;
  }

  login(dn: string, p: { agentId?: string; queue?: string; workMode?: string }): AgentEvent[] {
    const a = this.at(dn);
    if (a.status === 'Ready' || a.status === 'NotReady') throw new TServerError(TErr.InSameState, `an agent${a.agentId ? ` (${a.agentId})` : ''} is already logged in at DN ${dn}`);
    if (p.agentId !== undefined) {
      if (this.agents.length > 0 && !this.agents.includes(p.agentId)) throw new TServerError(TErr.AgentIdInvalid, `agent ${p.agentId} is not configured on this T-Server (agents: ${this.agents.join(', ')})`);
      for (const [other, o] of this.byDn) {
        if (other !== dn && o.agentId === p.agentId && (o.status === 'Ready' || o.status === 'NotReady')) throw new TServerError(TErr.InSameState, `agent ${p.agentId} is already logged in, at DN ${other}`);
      }
    }
    const next: DnAgent = { status: this.afterLogin, ...(p.agentId !== undefined ? { agentId: p.agentId } : {}), ...(p.queue !== undefined ? { queue: p.queue } : {}), ...(p.workMode !== undefined ? { workMode: p.workMode } : {}) };
    this.byDn.set(dn, next);
    return [
      { message: 'EventAgentLogin', answers: true, agent: { ...next } },
      { message: this.afterLogin === 'Ready' ? 'EventAgentReady' : 'EventAgentNotReady', answers: false, agent: { ...next } },
    ];
  }

  logout(dn: string): AgentEvent[] {
    const a = this.at(dn);
    if (a.status === 'LoggedOut') throw new TServerError(TErr.InSameState, `no agent is logged in at DN ${dn}`);
    const gone: DnAgent = { ...a, status: 'LoggedOut' };
    this.byDn.set(dn, { status: 'LoggedOut' });
    return [{ message: 'EventAgentLogout', answers: true, agent: gone }];
  }

  /**
   * Ready / NotReady. From Unknown the switch is asked and accepts it [INFER]: an agent was logged in
   * there after all, and T-Server now knows its state.
   */
  set(dn: string, status: 'Ready' | 'NotReady', workMode?: string): AgentEvent[] {
    const a = this.at(dn);
    if (a.status === 'LoggedOut') throw new TServerError(TErr.AcdLogoff, `no agent is logged in at DN ${dn}: log one in before ${status === 'Ready' ? 'ready' : 'not ready'}`);
    if (a.status === status) throw new TServerError(TErr.InSameState, `the agent at DN ${dn} is already ${status}`);
    const next: DnAgent = { ...a, status, ...(workMode !== undefined ? { workMode } : {}) };
    this.byDn.set(dn, next);
    return [{ message: status === 'Ready' ? 'EventAgentReady' : 'EventAgentNotReady', answers: true, agent: { ...next } }];
  }

  private at(dn: string): DnAgent {
    const a = this.byDn.get(dn);
    if (!a) throw new TServerError(TErr.NotConfigured, `DN ${dn} is not configured on this T-Server`);
    return a;
  }
}
