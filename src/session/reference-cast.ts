import type { Role } from '../catalog/types.ts';
import {
  InteractionServer,
  ReferenceAgentApplication,
  ReferenceMediaServer,
  ReferenceStatServer,
  ReferenceUrs,
  type FaultName,
  type InvitePolicy,
  type RouteOutcome,
} from '../servers/index.ts';
import type { Session } from './session.ts';
import { ScenarioError } from './scenario-error.ts';

/** A name a step used that no participant of the right kind answers to. */
export class CastError extends ScenarioError {
  override name = 'CastError';
}

type Client = ReferenceAgentApplication | ReferenceMediaServer | ReferenceStatServer | ReferenceUrs;

interface Entry<P> {
  role: Role;
  impl: P;
}

/**
 * The reference participants of one scenario, by name: started on loopback, port 0, recorded by the
 * Interaction Server they connect to (the one end of each connection that records), stopped by the
 * session. Steps name participants as the feature does ("IS1", "Agent1's desktop").
 */
export class ReferenceCast {
  private readonly servers = new Map<string, Entry<InteractionServer>>();
  private readonly clients = new Map<string, Entry<Client>>();
  /** Interactions submitted in this scenario, in order: "the interaction" is the last one. */
  readonly interactions: string[] = [];
  /** Routing requests in flight: their outcomes arrive when the agent answers or the timer fires. */
  readonly routings: Promise<RouteOutcome>[] = [];
  private readonly agentDesktops = new Map<string, string>();

  constructor(private readonly session: Session) {}

  async interactionServer(name: string, opts: { deliveringTimeoutMs?: number; faults?: readonly FaultName[] } = {}): Promise<InteractionServer> {
    this.ensureFree(name);
    if (opts.deliveringTimeoutMs !== undefined) this.session.setTimer('delivering', opts.deliveringTimeoutMs);
    const server = new InteractionServer({
      name,
      observer: this.session.observer,
      interactionIdPrefix: (0x1000 + this.servers.size).toString(16).toUpperCase(),
      ...(opts.deliveringTimeoutMs !== undefined ? { deliveringTimeoutMs: opts.deliveringTimeoutMs } : {}),
      ...(opts.faults && opts.faults.length ? { faults: opts.faults } : {}),
    });
    this.session.announce(name, 'InteractionServer');
    await server.start();
    this.servers.set(name, { role: 'InteractionServer', impl: server });
    this.session.track({ name, role: 'InteractionServer', stop: () => server.stop() });
    if (opts.faults?.length) this.session.note(`${name} runs with injected faults: ${opts.faults.join(', ')}`, 'info');
    return server;
  }

  async reportingEngine(name: string, serverName: string): Promise<ReferenceStatServer> {
    const server = this.server(serverName);
    return this.startClient(name, 'StatServer', new ReferenceStatServer({ url: server.url, name, peer: { name: serverName, role: 'InteractionServer' } }));
  }

  async urs(name: string, serverName: string): Promise<ReferenceUrs> {
    const server = this.server(serverName);
    return this.startClient(name, 'URS', new ReferenceUrs({ url: server.tlibUrl, name, peer: { name: serverName, role: 'InteractionServer' } }));
  }

  async mediaServer(name: string, serverName: string): Promise<ReferenceMediaServer> {
    const server = this.server(serverName);
    return this.startClient(name, 'MediaServer', new ReferenceMediaServer({ url: server.url, name, peer: { name: serverName, role: 'InteractionServer' } }));
  }

  async agentApplication(name: string, serverName: string, onInvite: InvitePolicy = 'ignore'): Promise<ReferenceAgentApplication> {
    const server = this.server(serverName);
    return this.startClient(name, 'AgentApplication', new ReferenceAgentApplication({ url: server.url, name, onInvite, peer: { name: serverName, role: 'InteractionServer' } }));
  }

  async loginAgent(desktop: string, agentId: string, placeId: string, media: string[], tenantId = 101): Promise<void> {
    const app = this.client(desktop, ReferenceAgentApplication, 'an agent application');
    this.session.note(`${desktop} logs agent ${agentId} in at place ${placeId} for ${media.join(', ')}`);
    await app.login({ tenantId, placeId, agentId, media });
    this.agentDesktops.set(agentId, desktop);
  }

  async submit(mediaServer: string, mediaType: string, queue: string, interactionType = 'Inbound'): Promise<string> {
    const ms = this.client(mediaServer, ReferenceMediaServer, 'a media server');
    this.session.note(`${mediaServer} submits a ${mediaType} interaction to queue ${queue}`);
    const id = await ms.submit({ queue, mediaType, interactionType });
    this.interactions.push(id);
    return id;
  }

  /** "the interaction": the last one submitted in this scenario. */
  lastInteraction(): string {
    const id = this.interactions.at(-1);
    if (id === undefined) throw new CastError('no interaction was submitted in this scenario yet: add a step like `"E-mail Server" submits an "email" interaction to queue "Inbound"` before routing');
    return id;
  }

  /**
   * URS routes the interaction once it has been offered to it (EventRouteRequest), and does not wait
   * for the outcome: EventRouteUsed comes only when the agent answers or the delivery timer fires.
   */
  async route(ursName: string, interactionId: string, agentId: string, placeId: string): Promise<void> {
    const urs = this.client(ursName, ReferenceUrs, 'a URS');
    await urs.waitForRouteRequest((r) => r.interactionId === interactionId, { timeoutMs: 5000 });
    this.session.note(`${ursName} routes interaction ${interactionId} to agent ${agentId} at place ${placeId}`);
    const outcome = urs.route(interactionId, { agentId, placeId });
    // The outcome is inspected by flow checks through the trace; an unobserved rejection must not crash the run.
    outcome.catch(() => undefined);
    this.routings.push(outcome);
  }

  /** A reference client leaves: its connection closes, as when a desktop crashes or a link drops. */
  async disconnect(name: string): Promise<void> {
    const e = this.clients.get(name);
    if (!e) throw new CastError(`"${name}" is not a connected client in this scenario (running: ${[...this.clients.keys()].join(', ') || 'none'})`);
    this.session.note(`${name} disconnects`);
    await e.impl.stop();
  }

  setInvitePolicy(desktop: string, policy: InvitePolicy): void {
    this.client(desktop, ReferenceAgentApplication, 'an agent application').setInvitePolicy(policy);
  }

  /** A URS name when the scenario has exactly one, for steps that say just "URS". */
  onlyUrs(): string {
    const names = [...this.clients].filter(([, e]) => e.impl instanceof ReferenceUrs).map(([n]) => n);
    if (names.length !== 1) throw new CastError(names.length === 0 ? 'no URS is running in this scenario: add `And a URS "URS" connected to "IS1"`' : `several URS are running (${names.join(', ')}): name the one that routes`);
    return names[0];
  }

  private async startClient<P extends Client>(name: string, role: Role, impl: P): Promise<P> {
    this.ensureFree(name);
    this.session.announce(name, role);
    await impl.start();
    this.clients.set(name, { role, impl });
    this.session.track({ name, role, stop: () => impl.stop() });
    return impl;
  }

  private server(name: string): InteractionServer {
    const e = this.servers.get(name);
    if (!e) throw new CastError(`no Interaction Server "${name}" in this scenario (running: ${[...this.servers.keys()].join(', ') || 'none'}): start it first with \`Given an Interaction Server "${name}"\``);
    return e.impl;
  }

  private client<C extends Client>(name: string, kind: abstract new (...args: never[]) => C, what: string): C {
    const e = this.clients.get(name);
    if (!e || !(e.impl instanceof kind)) {
      const running = [...this.clients.keys()].join(', ') || 'none';
      throw new CastError(`"${name}" is not ${what} in this scenario (running: ${running})`);
    }
    return e.impl as C;
  }

  private ensureFree(name: string): void {
    if (this.servers.has(name) || this.clients.has(name)) throw new CastError(`a participant named "${name}" is already running in this scenario`);
  }
}

const casts = new WeakMap<Session, ReferenceCast>();

/** The reference cast of a session, created on first use. */
export function castOf(session: Session): ReferenceCast {
  let c = casts.get(session);
  if (!c) casts.set(session, (c = new ReferenceCast(session)));
  return c;
}
