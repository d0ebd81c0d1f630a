import type { Role } from '../../catalog/types.ts';
import { TLibraryClient } from '../../servers/index.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';
import { serverLink } from './reach.ts';

/** A T-Server's answer, as far as a stimulus reports it. */
interface Envelope {
  message: string;
  attributes: Record<string, unknown>;
}

/**
 * A reference T-Library client of a T-Server, as an adapter: the agent's desktop (AgentApplication:
 * registers DNs, logs agents in and out, ready / not ready, queries, answers calls) or URS (registers a
 * route point, routes the calls waiting there). Each request is done once the T-Server answered,
 * whatever the answer: EventError is the T-Server's part of the flow, for the checks to judge.
 */
export class ReferenceTLibraryClientAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly capabilities: ReadonlySet<StimulusKind>;
  private client: TLibraryClient | undefined;

  constructor(
    readonly name: string,
    readonly role: Role,
  ) {
    this.capabilities = new Set(stimuliOf(role));
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    const link = serverLink(ctx, this.name, this.role);
    this.client = new TLibraryClient({ url: link.url, name: this.name, role: this.role, peer: link.peer, observer: link.observer });
    await this.client.start();
    return {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const c = this.client;
    if (!c) return { status: 'failed', reason: `${this.name} is not started` };
    try {
      const answer = await this.carryOut(c, s);
      if (answer === undefined) return { status: 'unsupported', reason: `the reference ${this.role} on a T-Server takes no ${s.kind} stimulus` };
      if (answer === 'done') return { status: 'done' };
      return { status: 'done', data: { answer: answer.message, ...(answer.message === 'EventError' ? { errorCode: answer.attributes.ErrorCode } : {}) } };
    } catch (err) {
      return { status: 'failed', reason: (err as Error).message };
    }
  }

  private async carryOut(c: TLibraryClient, s: Stimulus): Promise<Envelope | 'done' | undefined> {
    switch (s.kind) {
      case 'register-dn':
        return c.ask('RequestRegisterAddress', { ThisDN: s.dn, RegisterMode: 'ModeShare', AddressType: 'DN' });
      case 'unregister-dn':
        return c.ask('RequestUnregisterAddress', { ThisDN: s.dn });
      case 'agent-login':
        return c.ask('RequestAgentLogin', { ThisDN: s.dn, ...(s.agent !== undefined ? { AgentID: s.agent } : {}), ...(s.queue !== undefined ? { ThisQueue: s.queue } : {}), ...(s.workMode !== undefined ? { AgentWorkMode: s.workMode } : {}) });
      case 'agent-logout':
        return c.ask('RequestAgentLogout', { ThisDN: s.dn });
      case 'agent-ready':
        return c.ask('RequestAgentReady', { ThisDN: s.dn });
      case 'agent-not-ready':
        return c.ask('RequestAgentNotReady', { ThisDN: s.dn, ...(s.workMode !== undefined ? { AgentWorkMode: s.workMode } : {}) });
      case 'query-agent-state':
        return c.ask('RequestQueryAddress', { ThisDN: s.dn, InfoType: 'AgentStatus' });
      case 'make-call':
        return c.ask('RequestMakeCall', { ThisDN: s.dn, OtherDN: s.to });
      case 'answer-call':
        return c.answerCall(s.dn).catch((err: Error) => errorOf(err));
      case 'release-call':
        return c.releaseCall(s.dn).catch((err: Error) => errorOf(err));
      case 'route-call':
        // URS routes what it was offered: routeCall waits for the call at the route point first.
        return c.routeCall(s.routePoint, s.target).catch((err: Error) => errorOf(err));
      case 'disconnect':
        await c.stop();
        return 'done';
      default:
        return undefined;
    }
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }
}

function errorOf(err: Error): Envelope {
  const answer = (err as { answer?: Envelope }).answer;
  if (answer) return answer;
  throw err;
}

/**
 * A client role that can reach an Interaction Server or a T-Server (an agent's desktop, URS): which
 * reference implementation plays it is decided when it starts, by the server it is told to reach.
 */
export class ByServerAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly capabilities: ReadonlySet<StimulusKind>;
  private chosen: Adapter | undefined;

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly forInteractionServer: () => Adapter,
    private readonly forTServer: () => Adapter,
  ) {
    this.capabilities = new Set(stimuliOf(role));
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    const toTServer = ctx.reach.filter((r) => r.role === 'TServer').length;
    if (toTServer > 0 && toTServer < ctx.reach.length) throw new Error(`${this.name} connects either to T-Servers or to Interaction Servers, not both: start one participant for each`);
    this.chosen = toTServer > 0 ? this.forTServer() : this.forInteractionServer();
    return this.chosen.start(ctx);
  }

  stimulate(s: Stimulus): Promise<StimulusResult> {
    if (!this.chosen) return Promise.resolve({ status: 'failed', reason: `${this.name} is not started` });
    return this.chosen.stimulate(s);
  }

  async stop(): Promise<void> {
    await this.chosen?.stop();
  }
}
