import type { Catalog } from '../../catalog/catalog.ts';
import { defaultCatalog } from '../../catalog/catalog.ts';
import { facesOf } from '../../catalog/registry.ts';
import type { FaceInfo } from '../../catalog/registry.ts';
import { namingRulesFor } from '../../transport/naming.ts';
import { listen } from '../../transport/server.ts';
import type { WsServerHandle } from '../../transport/server.ts';
import type { WireObserver } from '../../transport/types.ts';
import { AgentInvitations } from './agent-invitations.ts';
import { AgentDirectory, mediaStateList } from './agents.ts';
import { conferenceAccepted } from './conference.ts';
import type { ServerContext } from './context.ts';
import { DeliveryManager } from './delivery.ts';
import { EspRelay } from './esp.ts';
import { attachImClient } from './im-face.ts';
import { InteractionStore } from './interactions.ts';
import { TicketCounter } from './invitation.ts';
import type { InteractionState } from './interactions.ts';
import { resolveOptions } from './options.ts';
import type { InteractionServerOptions, ResolvedOptions } from './options.ts';
import { ClientRegistry } from './registration.ts';
import type { ClientType } from './registration.ts';
import { PartyRoster } from './parties.ts';
import { HandlingTimers } from './pull.ts';
import { ReportingFanout } from './reporting.ts';
import { StandbyAgents } from './standby.ts';
import { WorkbinDirectory } from './workbins.ts';
import { attachRouter } from './tlib-face.ts';
import { transferAccepted } from './transfer.ts';

const FACES = facesOf('InteractionServer') as Readonly<Record<'im' | 'tlib', FaceInfo>>;

/** Path of the T-Library face (URS); the Interaction Management + Reporting face is `/`. */
export const TLIB_PATH = FACES.tlib.path;

export interface InteractionServerAddress {
  port: number;
  /** Interaction Management + Reporting face: `ws://127.0.0.1:<port>/` (with `?token=` when it requires one) */
  url: string;
  /** T-Library face for URS: `ws://127.0.0.1:<port>/tlib` (with `?token=` when it requires one) */
  tlibUrl: string;
}

/** What the server holds right now, for tests and diagnostics. Copies: mutating them changes nothing. */
export interface InteractionServerState {
  clients: { connection: string; clientName: string; clientType: ClientType }[];
  agents: { agentId: string; placeId: string; tenantId?: number; mediaStateList: Record<string, number>; connection: string }[];
  interactions: { id: string; state: InteractionState; queue: string; mediaType: string; agentId?: string; parties: string[] }[];
  deliveries: { ticketId: number; interactionId: string; agentId: string; state: 'pending' | 'accepted' }[];
  /** Pending transfer and conference invitations: Agent 1 (inviter) asked for Agent 2 (invitee). */
  invitations: { kind: 'transfer' | 'conference'; ticketId: number; interactionId: string; inviter: string; invitee: string }[];
  routers: string[];
  /** Pulled interactions whose processing (handling) timer is running. */
  processing: { interactionId: string; agentId: string }[];
}

/**
 * The reference Interaction Server: one port, two faces — Interaction Management + Reporting on `/`
 * (agent applications, media servers, reporting engines) and T-Library on `/tlib` (URS).
 */
export class InteractionServer {
  readonly name: string;
  private readonly options: InteractionServerOptions;
  private readonly resolved: ResolvedOptions;
  private readonly catalog: Catalog;
  private ctx: ServerContext | undefined;
  private handle: WsServerHandle | undefined;
  private starting: Promise<InteractionServerAddress> | undefined;
  private stopping: Promise<void> | undefined;
  /** Workbin types configured on this server (options.workbins, configureWorkbin()). */
  private readonly workbins = new WorkbinDirectory();

  /** Throws on invalid options (an unknown fault name, a bad id prefix, a non-positive timeout). */
  constructor(options: InteractionServerOptions = {}) {
    this.options = options;
    this.resolved = resolveOptions(options);
    this.name = this.resolved.name;
    this.catalog = options.catalog ?? defaultCatalog;
    for (const w of options.workbins ?? []) this.workbins.configure(w);
  }

  /** Configures a workbin type (GenEM Workbin Operations: a workbin must be registered): every agent gets one of it. */
  configureWorkbin(type: string): void {
    this.workbins.configure(type);
  }

  /** Listens (127.0.0.1, port 0 unless told otherwise). Calling it again returns the same address. */
  start(): Promise<InteractionServerAddress> {
    if (this.stopping) return Promise.reject(new Error(`${this.name} was stopped; create a new InteractionServer`));
    this.starting ??= this.listen();
    return this.starting;
  }

  private async listen(): Promise<InteractionServerAddress> {
    const registry = new ClientRegistry();
    const ctx = {
      opts: this.resolved,
      catalog: this.catalog,
      registry,
      agents: new AgentDirectory(),
      standby: new StandbyAgents(),
      interactions: new InteractionStore(this.resolved.interactionIdPrefix),
      reporting: new ReportingFanout(registry),
      routers: new Set(),
      tickets: new TicketCounter(),
      parties: new PartyRoster(),
      workbins: this.workbins,
    } as Omit<ServerContext, 'deliveries' | 'invitations' | 'esp' | 'handling'> as ServerContext;
    ctx.deliveries = new DeliveryManager(ctx);
    ctx.invitations = new AgentInvitations(ctx, { transfer: transferAccepted, conference: conferenceAccepted });
    ctx.esp = new EspRelay(ctx);
    ctx.handling = new HandlingTimers(ctx);
    this.ctx = ctx;
    // Once, not per connection.
    const imNaming = namingRulesFor(FACES.im.protocols);
    const tlibNaming = namingRulesFor(FACES.tlib.protocols);
    this.handle = await listen({
      host: this.options.host,
      port: this.options.port,
      ...(this.options.token !== undefined ? { token: this.options.token } : {}),
      name: this.name,
      role: 'InteractionServer',
      paths: [FACES.im.path, TLIB_PATH],
      remoteRoleFor: (path) => (path === TLIB_PATH ? 'URS' : undefined),
      namingFor: (path) => (path === TLIB_PATH ? tlibNaming : imNaming),
      observer: this.options.observer,
      catalog: this.catalog,
      maxFrameBytes: this.options.maxFrameBytes,
      recordRaw: this.options.recordRaw,
      maxBacklogBytes: this.options.maxBacklogBytes,
      onConnection: (conn) => {
        if (this.stopping) return void conn.close(1001, 'server stopping');
        if (conn.path === TLIB_PATH) attachRouter(ctx, conn);
        else attachImClient(ctx, conn);
      },
    });
    return this.address;
  }

  get address(): InteractionServerAddress {
    if (!this.handle) throw new Error(`${this.name} is not started`);
    return { port: this.handle.port, url: this.handle.url, tlibUrl: this.handle.urlFor(TLIB_PATH) };
  }

  get url(): string {
    return this.address.url;
  }

  get tlibUrl(): string {
    return this.address.tlibUrl;
  }

  get observer(): WireObserver | undefined {
    return this.options.observer;
  }

  state(): InteractionServerState {
    const ctx = this.ctx;
    if (!ctx) return { clients: [], agents: [], interactions: [], deliveries: [], invitations: [], routers: [], processing: [] };
    return {
      clients: ctx.registry.all().map((c) => ({ connection: c.conn.id, clientName: c.clientName, clientType: c.clientType })),
      agents: ctx.agents.all().map((a) => ({
        agentId: a.agentId,
        placeId: a.placeId,
        ...(a.tenantId !== undefined ? { tenantId: a.tenantId } : {}),
        mediaStateList: mediaStateList(a),
        connection: a.conn.id,
      })),
      interactions: ctx.interactions.all().map((i) => ({
        id: i.id,
        state: i.state,
        queue: i.queue,
        mediaType: i.mediaType,
        ...(i.agentId !== undefined ? { agentId: i.agentId } : {}),
        parties: ctx.parties.of(i),
      })),
      deliveries: ctx.deliveries.pending().map((d) => ({ ticketId: d.ticketId, interactionId: d.interaction.id, agentId: d.agent.agentId, state: d.state })),
      invitations: ctx.invitations.pending().map((v) => ({ kind: v.kind, ticketId: v.ticketId, interactionId: v.interaction.id, inviter: v.inviter.agentId, invitee: v.invitee.agentId })),
      routers: Array.from(ctx.routers, (c) => c.remote.name),
      processing: ctx.handling.running(),
    };
  }

  /**
   * Clears every timer and closes every connection (1001) and the listener. Idempotent; safe before
   * start(). Pending invitations are dropped, not revoked: the server goes away, and its clients see
   * their connections close.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      try {
        await this.starting;
      } catch {
        /* a failed start leaves nothing to stop */
      }
      this.ctx?.deliveries.stop();
      this.ctx?.invitations.stop();
      this.ctx?.handling.stop();
      await this.handle?.close();
      this.ctx?.deliveries.stop();
      this.ctx?.invitations.stop();
      this.ctx?.esp.stop();
      this.ctx?.handling.stop();
    })();
    return this.stopping;
  }
}
