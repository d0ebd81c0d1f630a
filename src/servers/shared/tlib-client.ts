import type { Role } from '../../catalog/types.ts';
import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage } from '../../transport/types.ts';
import { ClientLink } from './client-link.ts';
import type { ClientCommonOptions } from './client-link.ts';
import { RequestRefusedError } from './request-channel.ts';
import type { WaitOptions } from './waiters.ts';

export interface TLibraryClientOptions extends ClientCommonOptions {
  /** Who this client is: an agent desktop (AgentApplication), URS, or the IVR Server. */
  role: Role;
}

/**
 * A T-Library client of a T-Server: registers DNs, drives agent state, answers and releases calls,
 * routes calls waiting at a route point. Each request resolves with its answer; EventError rejects
 * (RequestRefusedError) unless the caller asks for the answer whatever it is (ask()).
 */
export class TLibraryClient {
  readonly name: string;
  private readonly link: ClientLink;

  constructor(private readonly opts: TLibraryClientOptions) {
    this.name = opts.name ?? 'TLibraryClient';
    this.link = new ClientLink(this.name, opts.role, { ...opts, peer: opts.peer ?? { name: 'TServer1', role: 'TServer' } });
  }

  async start(): Promise<void> {
    await this.link.open(() => undefined);
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** Everything received, in order. */
  get received(): readonly InboundMessage[] {
    return this.link.received.items;
  }

  request(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('TLibrary', message, attributes);
  }

  /** The request's answer whatever it is: EventError too (a refusal a scenario expects). */
  async ask(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    try {
      return await this.request(message, attributes);
    } catch (err) {
      if (err instanceof RequestRefusedError) return err.answer;
      throw err;
    }
  }

  registerAddress(dn: string): Promise<Envelope> {
    return this.request('RequestRegisterAddress', { ThisDN: dn, RegisterMode: 'ModeShare', AddressType: 'DN' });
  }

  unregisterAddress(dn: string): Promise<Envelope> {
    return this.request('RequestUnregisterAddress', { ThisDN: dn });
  }

  agentLogin(dn: string, p: { agentId?: string; queue?: string; workMode?: string } = {}): Promise<Envelope> {
    return this.request('RequestAgentLogin', { ThisDN: dn, ...(p.agentId !== undefined ? { AgentID: p.agentId } : {}), ...(p.queue !== undefined ? { ThisQueue: p.queue } : {}), ...(p.workMode !== undefined ? { AgentWorkMode: p.workMode } : {}) });
  }

  agentLogout(dn: string): Promise<Envelope> {
    return this.request('RequestAgentLogout', { ThisDN: dn });
  }

  agentReady(dn: string): Promise<Envelope> {
    return this.request('RequestAgentReady', { ThisDN: dn });
  }

  agentNotReady(dn: string, workMode?: string): Promise<Envelope> {
    return this.request('RequestAgentNotReady', { ThisDN: dn, ...(workMode !== undefined ? { AgentWorkMode: workMode } : {}) });
  }

  /** RequestQueryAddress InfoType AgentStatus → EventAddressInfo (InfoStatus LoggedOut, Ready, NotReady or Unknown). */
  queryAgentState(dn: string): Promise<Envelope> {
    return this.request('RequestQueryAddress', { ThisDN: dn, InfoType: 'AgentStatus' });
  }

  makeCall(dn: string, to: string): Promise<Envelope> {
    return this.request('RequestMakeCall', { ThisDN: dn, OtherDN: to });
  }

  /**
   * Answers a call ringing at `dn`: the given ConnID, else the first EventRinging there this client has
   * not answered yet — waited for (up to `waitMs`), since the call may still be on its way.
   */
  async answerCall(dn: string, connId?: string, waitMs = 5000): Promise<Envelope> {
    const id = connId ?? (await this.pending(dn, 'EventRinging', 'EventEstablished', waitMs));
    return this.request('RequestAnswerCall', { ThisDN: dn, ConnID: id });
  }

  /** Hangs up at `dn` (the newest call seen there unless a ConnID is given). */
  releaseCall(dn: string, connId?: string): Promise<Envelope> {
    return this.request('RequestReleaseCall', { ThisDN: dn, ConnID: connId ?? this.lastConnId(dn) });
  }

  /** URS: sends a call waiting at route point `rp` to `target`: the given ConnID, else the first one offered (EventRouteRequest) and not routed yet, waited for. */
  async routeCall(rp: string, target: string, connId?: string, waitMs = 5000): Promise<Envelope> {
    const id = connId ?? (await this.pending(rp, 'EventRouteRequest', 'EventRouteUsed', waitMs));
    return this.request('RequestRouteCall', { ThisDN: rp, ConnID: id, OtherDN: target, RouteType: 'Default' });
  }

  waitFor(message: string, pred: (m: InboundMessage) => boolean = () => true, opts?: WaitOptions): Promise<InboundMessage> {
    return this.link.waitFor(message, pred, opts);
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  /** The ConnID of the first `offer` at `dn` that no `done` (or EventReleased) has followed, waited for. */
  private async pending(dn: string, offer: string, done: string, waitMs: number): Promise<string> {
    const finished = (connId: unknown) => this.link.received.items.some((x) => (x.canonical === done || x.canonical === 'EventReleased') && x.envelope.attributes.ConnID === connId);
    const m = await this.link.waitFor(offer, (x) => x.envelope.attributes.ThisDN === dn && typeof x.envelope.attributes.ConnID === 'string' && !finished(x.envelope.attributes.ConnID), { timeoutMs: waitMs });
    return m.envelope.attributes.ConnID as string;
  }

  private lastConnId(dn: string, message?: string): string {
    const m = [...this.link.received.items].reverse().find((x) => x.envelope.attributes.ThisDN === dn && typeof x.envelope.attributes.ConnID === 'string' && (message === undefined || x.canonical === message));
    if (!m) throw new Error(`${this.name} has seen no call at DN ${dn}${message ? ` (no ${message})` : ''}`);
    return m.envelope.attributes.ConnID as string;
  }
}
