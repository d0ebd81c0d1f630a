import type { Catalog } from '../../catalog/catalog.ts';
import { defaultCatalog } from '../../catalog/catalog.ts';
import { facesOf } from '../../catalog/registry.ts';
import { listen } from '../../transport/server.ts';
import type { WsServerHandle } from '../../transport/server.ts';
import type { WireObserver } from '../../transport/types.ts';
import { agentAttributes } from './agent-requests.ts';
import { AgentStates } from './agent-state.ts';
import type { AgentStatus } from './agent-state.ts';
import { send } from './call-requests.ts';
import { Calls } from './calls.ts';
import { DEFAULT_TSERVER_CONFIG, DN_TYPES } from './config.ts';
import type { AfterLogin, DnType, TServerConfig } from './config.ts';
import type { TServerContext } from './context.ts';
import { configuredDn, publish } from './context.ts';
import { TErr, TServerError } from './errors.ts';
import { Registrations } from './registrations.ts';
import { attachClient } from './tlib-face.ts';

const FACE = facesOf('TServer').tlib;

/** What an agent does on the phone set (agentAtSet). */
export const AGENT_ACTIONS = ['login', 'logout', 'ready', 'not-ready'] as const;
export type AgentAction = (typeof AGENT_ACTIONS)[number];

export interface TServerOptions {
  name?: string;
  host?: string;
  port?: number;
  token?: string;
  observer?: WireObserver;
  catalog?: Catalog;
  config?: TServerConfig;
  /** 4 hex digits starting every ConnID, so two T-Servers in one trace never share one. */
  connIdPrefix?: string;
  recordRaw?: boolean;
}

export interface TServerState {
  link: 'up' | 'down';
  registered: Record<string, string[]>;
  agents: Record<string, { status: AgentStatus; agentId?: string }>;
  calls: { connId: string; parties: { dn: string; state: string }[] }[];
}

/**
 * The reference T-Server: a WebSocket server speaking T-Library JSON envelopes on one face (`/`). DNs
 * and agents come from its configuration; the CTI link to the switch is simulated, and a scenario takes
 * it down and brings it back (linkDown / linkUp), as it makes calls arrive from outside (callArrives).
 */
export class TServer {
  readonly name: string;
  private readonly ctx: TServerContext;
  private handle: WsServerHandle | undefined;
  private starting: Promise<{ port: number; url: string }> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: TServerOptions = {}) {
    this.name = opts.name ?? 'TServer1';
    const config = opts.config ?? DEFAULT_TSERVER_CONFIG;
    this.ctx = {
      name: this.name,
      catalog: opts.catalog ?? defaultCatalog,
      config,
      dns: new Map(config.dns.map((d) => [d.dn, d])),
      registrations: new Registrations(),
      agents: new AgentStates(config.dns, config.afterLogin, config.agents),
      calls: new Calls(opts.connIdPrefix),
      link: { up: true },
    };
  }

  start(): Promise<{ port: number; url: string }> {
    if (this.stopping) return Promise.reject(new Error(`${this.name} was stopped; create a new TServer`));
    this.starting ??= (async () => {
      this.handle = await listen({
        host: this.opts.host,
        port: this.opts.port,
        ...(this.opts.token !== undefined ? { token: this.opts.token } : {}),
        name: this.name,
        role: 'TServer',
        paths: [FACE.path],
        observer: this.opts.observer,
        catalog: this.ctx.catalog,
        recordRaw: this.opts.recordRaw,
        onConnection: (conn) => {
          if (this.stopping) return void conn.close(1001, 'server stopping');
          attachClient(this.ctx, conn);
        },
      });
      return { port: this.handle.port, url: this.handle.urlFor(FACE.path) };
    })();
    return this.starting;
  }

  get url(): string {
    if (!this.handle) throw new Error(`${this.name} is not started`);
    return this.handle.urlFor(FACE.path);
  }

  /** What the switch does after a login from now on (a scenario configures it before agents log in). */
  setAfterLogin(after: AfterLogin): void {
    this.ctx.agents.afterLogin = after;
  }

  /** The CTI link goes down: EventLinkDisconnected to every client that registered a DN. False when it was already down. */
  linkDown(): boolean {
    if (!this.ctx.link.up) return false;
    this.ctx.link.up = false;
    for (const c of this.ctx.registrations.clients()) c.send({ protocol: 'TLibrary', message: 'EventLinkDisconnected', attributes: { ErrorCode: TErr.LinkDown, ErrorMessage: 'the CTI link to the switch is down' } });
    return true;
  }

  /** The CTI link comes back: EventLinkConnected to every client that registered a DN. False when it was up. */
  linkUp(): boolean {
    if (this.ctx.link.up) return false;
    this.ctx.link.up = true;
    for (const c of this.ctx.registrations.clients()) c.send({ protocol: 'TLibrary', message: 'EventLinkConnected', attributes: {} });
    return true;
  }

  /** A call from outside the switch arrives at `dn` (rings there, or waits at a route point for URS); resolves its ConnID. */
  callArrives(dn: string, ani = '5551234'): string {
    const d = configuredDn(this.ctx, dn);
    if (!this.ctx.link.up) throw new TServerError(TErr.NoSwitch, `the CTI link is down: no call reaches DN ${dn}`);
    const { call, events } = this.ctx.calls.arrive(dn, { ani, routePoint: d.type === 'RoutingPoint' });
    send(this.ctx, events);
    return call.connId;
  }

  /** The caller from outside on the newest call at `dn` hangs up. */
  callerHangsUp(dn: string): void {
    const call = this.ctx.calls.at(dn);
    if (!call) throw new TServerError(TErr.InvalidConnId, `no call at DN ${dn}`);
    send(this.ctx, this.ctx.calls.hangUp(call.connId));
  }

  /**
   * The agent at `dn` acts on the switch itself (on the phone set, not through a T-Library client):
   * every client registered there hears the event — after a login, the state the switch puts it in —
   * with no ReferenceID. Refused as a request would be (TServerError: 43, 187, 192, 59, 54).
   */
  agentAtSet(dn: string, action: AgentAction, agentId?: string): void {
    const d = configuredDn(this.ctx, dn);
    if (!this.ctx.link.up) throw new TServerError(TErr.NoSwitch, `the CTI link is down: ${this.name} hears nothing from DN ${dn}`);
    if (d.type === 'RoutingPoint') throw new TServerError(TErr.Unsupported, `DN ${dn} is a route point: no agent works there`);
    const a = this.ctx.agents;
    const events = action === 'login' ? a.login(dn, agentId !== undefined ? { agentId } : {}) : action === 'logout' ? a.logout(dn) : a.set(dn, action === 'ready' ? 'Ready' : 'NotReady');
    for (const e of events) publish(this.ctx, dn, e.message, agentAttributes(dn, e.agent));
  }

  /** Configures one more DN (or changes the type of one), e.g. an IVR port a scenario's IVR uses. */
  configureDn(dn: string, type: DnType): void {
    if (!(DN_TYPES as readonly string[]).includes(type)) throw new TServerError(TErr.InvalidAttribute, `${type} is not a DN type (${DN_TYPES.join(', ')})`);
    const known = this.ctx.dns.get(dn);
    this.ctx.dns.set(dn, { dn, type });
    if (!known) this.ctx.agents.add(dn);
  }

  state(): TServerState {
    const agents: TServerState['agents'] = {};
    for (const dn of this.ctx.dns.keys()) {
      const a = this.ctx.agents.get(dn)!;
      agents[dn] = { status: a.status, ...(a.agentId !== undefined ? { agentId: a.agentId } : {}) };
    }
    return {
      link: this.ctx.link.up ? 'up' : 'down',
      registered: this.ctx.registrations.snapshot(),
      agents,
      calls: this.ctx.calls.all().map((c) => ({ connId: c.connId, parties: c.parties.map((p) => ({ dn: p.dn, state: p.state })) })),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.starting;
      } catch {
        /* nothing started */
      }
      await this.handle?.close();
    })();
    return this.stopping;
  }
}
