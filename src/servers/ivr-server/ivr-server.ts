import { gliXmlCodec } from '../../codec/ivr-xml.ts';
import type { Envelope } from '../../codec/envelope.ts';
import { listenTcp } from '../../transport/tcp-checked-server.ts';
import type { TcpCheckedServerHandle } from '../../transport/tcp-checked-server.ts';
import type { WireObserver } from '../../transport/types.ts';
import { ACTION_REQUEST, AGENT_EVENT_STATUS, queriedStatus } from './agent-status.ts';
import { CallBridge } from './call-bridge.ts';
import { defaultIvrConfiguration, portOfDn } from './ivr-configuration.ts';
import type { IvrConfiguration } from './ivr-configuration.ts';
import { IvrSession, serverFields } from './ivr-session.ts';
import type { IvrCall, SessionHost } from './ivr-session.ts';
import { referenceOf, TServerLink } from './tserver-link.ts';

export interface IvrServerOptions {
  name?: string;
  host?: string;
  port?: number;
  token?: string;
  observer?: WireObserver;
  recordRaw?: boolean;
  /** Default: defaultIvrConfiguration() over the T-Servers it connects to, until configure() gives one. */
  configuration?: IvrConfiguration;
  /**
   * The T-Servers it connects to: name (as the configuration names it), T-Library URL, participant, and
   * the observer that records the link when this end is the one to record it (the T-Server is external).
   */
  tservers?: readonly { name: string; url: string; participant: string; observer?: WireObserver }[];
}

/** An AgentControl sent on to a T-Server, waiting for the event that answers it. */
interface Pending {
  session: IvrSession;
  reqId?: number;
  port: string;
  callId: string;
}


/**
 * The reference IVR Server: IVR XML over GLI-framed TCP toward IVRs (reference §4), T-Library over
 * WebSocket toward the T-Servers its IVRs use. It turns T-Library agent and link events on its IVRs'
 * ports into MonitorInfo (seed 003's tables), AgentControl into T-Library agent requests, and a
 * RouteRequest into a route through the T-Server's route point. Every connection is checked and
 * recorded at this end.
 */
export class IvrServer implements SessionHost {
  readonly name: string;
  config: IvrConfiguration;
  initialising = false;
  private server: TcpCheckedServerHandle | undefined;
  private readonly sessions = new Set<IvrSession>();
  private readonly links = new Map<string, TServerLink>();
  private readonly unusable = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly bridge = new CallBridge();

  constructor(private readonly opts: IvrServerOptions = {}) {
    this.name = opts.name ?? 'IVRS1';
    this.config = opts.configuration ?? defaultIvrConfiguration((opts.tservers ?? []).map((t) => t.name));
  }

  async start(): Promise<{ url: string; port: number }> {
    this.server = await listenTcp({
      name: this.name,
      role: 'IVRServer',
      remoteRole: 'IVR',
      naming: [{ message: 'LoginReq', nameAttribute: 'ClientName' }],
      codec: gliXmlCodec,
      host: this.opts.host,
      port: this.opts.port,
      ...(this.opts.token !== undefined ? { token: this.opts.token } : {}),
      observer: this.opts.observer,
      recordRaw: this.opts.recordRaw ?? true,
      onConnection: (conn) => {
        const s = new IvrSession(conn, this);
        this.sessions.add(s);
        conn.onClose(() => this.sessions.delete(s));
      },
    });
    for (const t of this.opts.tservers ?? []) {
      const link = new TServerLink({
        name: t.name,
        url: t.url,
        client: this.name,
        peer: { name: t.participant, role: 'TServer' },
        ...(t.observer !== undefined ? { observer: t.observer } : {}),
        recordRaw: this.opts.recordRaw ?? true,
        onEvent: (l, e) => this.onTServerEvent(l, e),
        onStatus: (l, up) => this.onLinkStatus(l.name, up),
      });
      this.links.set(t.name, link);
      await link.start();
    }
    this.registerDns();
    return { url: this.server.url, port: this.server.port };
  }

  get url(): string {
    return this.server?.url ?? '';
  }

  /** A new configuration (the IVR configuration file): the DNs of its ports and route points are registered. */
  configure(config: IvrConfiguration): void {
    this.config = config;
    this.registerDns();
  }

  setInitialising(held: boolean): void {
    this.initialising = held;
  }

  /** A configuration change makes a port unusable (or usable again): MonitorInfo Port to that IVR's sessions. */
  setPortUsable(ivr: string, port: string, usable: boolean): string | undefined {
    if (!this.config.ivrs[ivr]?.ports[port]) return `${this.name} has no port ${port} on IVR ${ivr}`;
    if (usable) this.unusable.delete(`${ivr}/${port}`);
    else this.unusable.add(`${ivr}/${port}`);
    for (const s of this.sessionsOf(ivr)) s.monitor('Port', { PortNum: port, Status: usable ? 'OK' : 'Unavailable' });
    return undefined;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.links.values()].map((l) => l.stop()));
    await this.server?.close();
  }

  downTServers(ivr: string): string[] {
    return (this.config.ivrs[ivr]?.tservers ?? []).filter((t) => !this.links.get(t)?.up);
  }

  tserverSwitch(name: string): string | undefined {
    return this.config.tservers[name]?.switch;
  }

  portUsable(ivr: string, port: string): boolean {
    return !this.unusable.has(`${ivr}/${port}`);
  }

  agentControl(session: IvrSession, m: Envelope): void {
    const a = m.attributes;
    const ivr = session.ivr as string;
    const port = String(a.PortNum ?? '');
    const dn = this.config.ivrs[ivr].ports[port]?.dn;
    const callId = String(a.CallId ?? '');
    if (dn === undefined || !this.portUsable(ivr, port)) return session.callError(callId, 'NotAllowed', m.referenceId);
    const link = this.linkOf(ivr);
    const request = ACTION_REQUEST[String(a.Action)];
    if (!link?.up || request === undefined) return session.callError(callId, 'AgentControl', m.referenceId);
    const attrs: Record<string, unknown> = { ThisDN: dn };
    if (a.Action === 'Login') Object.assign(attrs, a.AgentId !== undefined ? { AgentID: a.AgentId } : {}, a.Queue !== undefined ? { ThisQueue: a.Queue } : {});
    if (a.Action === 'Query') attrs.InfoType = 'AgentStatus';
    const ref = link.request(request, attrs);
    this.pending.set(`${link.name}/${ref}`, { session, ...(m.referenceId !== undefined ? { reqId: m.referenceId } : {}), port, callId });
  }

  newCall(session: IvrSession, call: IvrCall): void {
    this.bridge.newCall(session, call, this.linkOf(session.ivr as string));
  }

  endCall(session: IvrSession, call: IvrCall): void {
    this.bridge.endCall(call, this.linkOf(session.ivr as string));
  }

  routeRequest(session: IvrSession, call: IvrCall, m: Envelope): void {
    const rp = String(m.attributes.RouteDN ?? '');
    const link = [...this.links.values()].find((l) => this.config.tservers[l.name]?.routePoints.includes(rp)) ?? this.linkOf(session.ivr as string);
    // [INFER] no T-Server to route through: the request cannot be carried out.
    if (!link?.up) return session.callError(call.callId, 'Unknown', m.referenceId);
    Object.assign(call.userData, (m.attributes.UDataEx ?? {}) as Record<string, unknown>);
    this.bridge.route(session, call, rp, link, m.referenceId);
  }

  private linkOf(ivr: string): TServerLink | undefined {
    const first = this.config.ivrs[ivr]?.tservers[0];
    return first === undefined ? undefined : this.links.get(first);
  }

  private sessionsOf(ivr: string): IvrSession[] {
    return [...this.sessions].filter((s) => s.ivr === ivr);
  }

  private registerDns(): void {
    for (const link of this.links.values()) {
      const dns = new Set<string>(this.config.tservers[link.name]?.routePoints ?? []);
      for (const o of Object.values(this.config.ivrs)) if (o.tservers.includes(link.name)) for (const p of Object.values(o.ports)) dns.add(p.dn);
      for (const dn of dns) link.request('RequestRegisterAddress', { ThisDN: dn, RegisterMode: 'ModeShare', AddressType: 'DN' });
    }
  }

  private onLinkStatus(tserver: string, up: boolean): void {
    for (const [ivr, o] of Object.entries(this.config.ivrs)) {
      if (!o.tservers.includes(tserver)) continue;
      for (const s of this.sessionsOf(ivr)) s.monitor('Server', serverFields(tserver, up ? 'OK' : 'Unavailable', this.tserverSwitch(tserver)));
    }
  }

  private onTServerEvent(link: TServerLink, e: Envelope): void {
    const ref = referenceOf(e);
    if (this.bridge.onEvent(link, e, ref, (dn) => portOfDn(this.config, dn) !== undefined)) return;
    const key = `${link.name}/${ref}`;
    const p = ref === undefined ? undefined : this.pending.get(key);
    if (p !== undefined) {
      this.pending.delete(key);
      if (e.message === 'EventError') {
        const code = e.attributes.ErrorCode;
        return p.session.callError(p.callId, 'AgentControl', p.reqId, code === undefined ? undefined : String(code));
      }
      const status = AGENT_EVENT_STATUS[e.message] ?? queriedStatus(e.attributes.InfoStatus);
      return p.session.monitor('Agent', { PortNum: p.port, Status: status }, p.reqId);
    }
    const status = AGENT_EVENT_STATUS[e.message];
    const dn = typeof e.attributes.ThisDN === 'string' ? e.attributes.ThisDN : undefined;
    if (status === undefined || dn === undefined) return;
    const at = portOfDn(this.config, dn);
    if (at === undefined || !this.config.ivrs[at.ivr].tservers.includes(link.name)) return;
    for (const s of this.sessionsOf(at.ivr)) s.monitor('Agent', { PortNum: at.port, Status: status });
  }
}
