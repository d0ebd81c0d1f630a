import { GLI_KEEPALIVE_ACK, GLI_KEEPALIVE_REQ } from '../../codec/gli-framing.ts';
import { gliXmlCodec } from '../../codec/ivr-xml.ts';
import type { Envelope } from '../../codec/envelope.ts';
import { CheckedConnection } from '../../transport/checked-connection.ts';
import { openSocket } from '../../transport/client.ts';
import type { Endpoint, InboundMessage, MessageConnection, WireObserver } from '../../transport/types.ts';
import { WaitableLog } from '../shared/waiters.ts';

export interface IvrClientOptions {
  /** `tcp://127.0.0.1:<port>`: the IVR Server's IVR face. */
  url: string;
  /** This IVR as a participant, and the ClientName it logs in with by default. */
  name?: string;
  peer?: Endpoint;
  /** Records the connection (when the IVR Server is external). */
  observer?: WireObserver;
  recordRaw?: boolean;
  /** How long each request waits for its answer (default 5000 ms). */
  answerTimeoutMs?: number;
}

export const IVR_PROTOCOL_VERSION = '4.0';

/**
 * The reference IVR: logs in to an IVR Server over GLI-framed TCP (LoginReq, any ClientName and
 * Version, so a scenario can log in wrongly on purpose), controls and queries agents on its ports,
 * and places calls through it (NewCall, RouteRequest, UDataSet / UDataGet, EndCall). Each request
 * resolves with the message that answered it; the flow check judges what it said.
 */
export class ReferenceIvr {
  readonly name: string;
  readonly received: WaitableLog<InboundMessage>;
  private conn: MessageConnection | undefined;
  private acks = 0;
  private readonly ackWaiters: (() => void)[] = [];
  private nextReqId = 1;
  private nextKey = 1;

  constructor(private readonly opts: IvrClientOptions) {
    this.name = opts.name ?? 'IVR1';
    this.received = new WaitableLog(this.name);
  }

  async start(): Promise<void> {
    const socket = await openSocket(this.opts.url);
    const peer = this.opts.peer ?? { name: new URL(this.opts.url).host, role: 'IVRServer' };
    const conn = new CheckedConnection({
      socket,
      codec: gliXmlCodec,
      local: { name: this.name, role: 'IVR' },
      remote: { ...peer, namedBy: 'configured' },
      defaultRemoteName: () => peer.name,
      path: '/',
      maxFrameBytes: 1_048_576,
      observer: this.opts.observer,
      recordRaw: this.opts.recordRaw ?? true,
      peerText: `to ${new URL(this.opts.url).host}`,
    });
    socket.onControlFrame?.((f) => {
      if (f.type !== GLI_KEEPALIVE_ACK) return;
      this.acks++;
      this.ackWaiters.shift()?.();
    });
    conn.onMessage((m) => this.received.push(m));
    conn.onClose((c) => this.received.close(`the connection to ${conn.remote.name} closed (${c.code})`));
    this.conn = conn;
    this.sendControl = (type) => socket.sendControlFrame?.({ type, payload: Buffer.alloc(0) });
  }

  private sendControl: (type: number) => void = () => undefined;

  /** LoginReq → LoginResp (matched by the CallId key it echoes). */
  async login(opts: { clientName?: string; version?: string } = {}): Promise<Envelope> {
    const key = `LOGIN${this.nextKey++}`;
    const since = this.received.length;
    this.send('LoginReq', { CallId: key, Version: opts.version ?? IVR_PROTOCOL_VERSION, ClientName: opts.clientName ?? this.name, ReportStatus: 'true', ServerMonitor: 'clear' });
    return (await this.received.waitFor((m) => m.canonical === 'LoginResp' && m.envelope.attributes.CallId === key, `LoginResp to ${key}`, this.wait(since))).envelope;
  }

  /**
   * AgentControl → MonitorInfo (Agent) or CallError carrying its ReqId. A Login answered LoggedIn also
   * waits for the Ready or NotReady that always follows it (seed 003), so what comes next in a scenario
   * comes after the agent's state is settled.
   */
  async agentControl(p: { port: string; action: string; agent?: string; queue?: string }): Promise<Envelope> {
    const since = this.received.length;
    const answer = await this.request('AgentControl', { CallId: 'AGENT', PortNum: p.port, Action: p.action, ...(p.agent !== undefined ? { AgentId: p.agent } : {}), ...(p.queue !== undefined ? { Queue: p.queue } : {}) });
    const agent = answer.attributes.Agent as Record<string, unknown> | undefined;
    if (p.action !== 'Login' || agent?.Status !== 'LoggedIn') return answer;
    const follows = (m: InboundMessage) => {
      const a = m.envelope.attributes.Agent as Record<string, unknown> | undefined;
      return m.canonical === 'MonitorInfo' && a?.PortNum === p.port && (a.Status === 'Ready' || a.Status === 'NotReady');
    };
    return (await this.received.waitFor(follows, `Ready or NotReady after LoggedIn on port ${p.port}`, this.wait(since))).envelope;
  }

  /** NewCall; resolves with what confirmed or refused the call context (CallStatus or CallError for that CallId). */
  async newCall(p: { call: string; port: string; ani?: string; dnis?: string; userData?: Record<string, unknown> }): Promise<Envelope> {
    const since = this.received.length;
    this.sendNewCall(p);
    const m = await this.received.waitFor((x) => (x.canonical === 'CallStatus' || x.canonical === 'CallError') && x.envelope.attributes.CallId === p.call, `CallStatus for call ${p.call}`, this.wait(since));
    return m.envelope;
  }

  sendNewCall(p: { call: string; port: string; ani?: string; dnis?: string; userData?: Record<string, unknown> }): void {
    this.send('NewCall', { CallId: p.call, CallControlMode: 'Network', Version: IVR_PROTOCOL_VERSION, CalledNum: p.port, ...(p.dnis ? { DNIS: p.dnis } : {}), ...(p.ani ? { ANI: p.ani } : {}), ...(p.userData ? { UDataEx: p.userData } : {}) });
  }

  /** RouteRequest → RouteResponse or CallError for the call. */
  async routeRequest(call: string, routeDN: string, timeoutMs?: number): Promise<Envelope> {
    const since = this.received.length;
    this.send('RouteRequest', { CallId: call, RouteDN: routeDN });
    const m = await this.received.waitFor((x) => (x.canonical === 'RouteResponse' || x.canonical === 'CallError') && x.envelope.attributes.CallId === call, `RouteResponse for call ${call}`, { since, timeoutMs: timeoutMs ?? this.opts.answerTimeoutMs ?? 5000 });
    return m.envelope;
  }

  uDataSet(call: string, userData: Record<string, unknown>, action?: string): Promise<Envelope> {
    return this.request('UDataSet', { CallId: call, ...(action ? { Action: action } : {}), UDataEx: userData });
  }

  uDataGet(call: string, keys?: string): Promise<Envelope> {
    return this.request('UDataGet', { CallId: call, ...(keys ? { Keys: keys } : {}) });
  }

  endCall(call: string, cause?: string): void {
    this.send('EndCall', { CallId: call, ...(cause ? { EndCause: cause } : {}) });
  }

  /** GLI KeepAlive Req; resolves on the KeepAlive Ack. */
  keepAlive(timeoutMs = this.opts.answerTimeoutMs ?? 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no KeepAlive Ack within ${timeoutMs} ms`)), timeoutMs);
      this.ackWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.sendControl(GLI_KEEPALIVE_REQ);
    });
  }

  get keepAliveAcks(): number {
    return this.acks;
  }

  /** Any message, as given (a scenario's deliberate mistakes, the bench). */
  send(message: string, attributes: Record<string, unknown>, referenceId?: number): boolean {
    if (!this.conn) throw new Error(`${this.name} is not started`);
    return this.conn.send(referenceId === undefined ? { protocol: 'IVR', message, attributes } : { protocol: 'IVR', message, referenceId, attributes }).sent;
  }

  async stop(): Promise<void> {
    this.received.close(`${this.name} stopped`);
    await this.conn?.close(1000, 'stopping');
  }

  private async request(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    const reqId = this.nextReqId++;
    const since = this.received.length;
    this.send(message, attributes, reqId);
    const m = await this.received.waitFor((x) => x.envelope.referenceId === reqId, `the answer to ${message} (ReqId ${reqId})`, this.wait(since));
    return m.envelope;
  }

  private wait(since: number): { since: number; timeoutMs: number } {
    return { since, timeoutMs: this.opts.answerTimeoutMs ?? 5000 };
  }
}
