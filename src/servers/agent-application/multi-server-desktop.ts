import type { Envelope } from '../../codec/envelope.ts';
import type { Endpoint, WireObserver } from '../../transport/types.ts';
import { Emitter } from '../shared/emitter.ts';
import { ReferenceAgentApplication } from './agent-application.ts';
import type { InviteTarget, LoginParams } from './agent-application.ts';
import type { SubmitParams } from '../shared/submit.ts';
import type { InvitePolicy } from './invite-policy.ts';

/** One Interaction Server the desktop connects to; the first one given is the primary. */
export interface DesktopServer {
  url: string;
  peer: Endpoint;
  /** Given when this desktop records the connection (the server is external). */
  observer?: WireObserver;
}

export interface MultiServerDesktopOptions {
  name: string;
  servers: readonly DesktopServer[];
  /** Register on start (default true); false: connect only (GenEM Registration's timeout). */
  register?: boolean;
  /**
   * ms between attempts to reach a server whose connection was lost (default 100). The record gives no
   * interval [INFER]: short, so a restarted server is found soon after it listens again.
   */
  reconnectMs?: number;
  /** Each link's logs keep only about the last this many items (ClientCommonOptions.logKeep). */
  logKeep?: number;
}

export interface MultiServerDesktopEvents {
  /** Something the desktop did on its own (failover, reconnection), for the trace's notes. */
  note: string;
}

/**
 * The reference agent application of GenEM Login/Logout and Disconnection and Failover: one connection
 * per Interaction Server, the first the primary.
 * - login: RequestAgentLogin on the primary, then RequestAgentAvailable on every other server;
 *   logout: RequestAgentLogout on the primary, then RequestAgentNotAvailable on the others.
 * - the primary goes away while the agent is logged in: the desktop logs the agent in on the first
 *   secondary still connected, which becomes its primary. [INFER] GenEM says the application "connects
 *   to the secondary, registers, logs in"; this desktop already holds a registered connection there
 *   (it sent RequestAgentAvailable on it), so it logs in on that connection. The model allows both.
 * - any lost connection is tried again every reconnectMs until the desktop stops: once the server
 *   listens again (GenEM "Interaction Server Restarts"), it registers and, if the agent is logged in
 *   elsewhere, sends RequestAgentAvailable there — that server is now a secondary. A primary that comes
 *   back when there was no secondary to fail over to gets a registration only: the desktop does not log
 *   the agent in again on its own [INFER: GenEM describes no such phase; the scenario logs in if it wants].
 * With one server it is the plain desktop of the Deliver model.
 */
export class MultiServerDesktop {
  readonly name: string;
  readonly events = new Emitter<MultiServerDesktopEvents>();
  private readonly links: (ReferenceAgentApplication | undefined)[];
  private primary = 0;
  private agent: LoginParams | undefined;
  private policy: InvitePolicy = 'ignore';
  private stopped = false;
  private readonly retries = new Set<NodeJS.Timeout>();
  /** Failover and reconnection work under way, so stop() can wait for it to end. */
  private readonly work = new Set<Promise<unknown>>();

  constructor(private readonly opts: MultiServerDesktopOptions) {
    if (opts.servers.length === 0) throw new Error(`${opts.name} needs at least one Interaction Server to connect to`);
    this.name = opts.name;
    this.links = opts.servers.map(() => undefined);
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.opts.servers.length; i++) this.links[i] = await this.open(i, this.opts.register !== false);
  }

  /** The application connected to the primary server: the one the agent logs in on. */
  private primaryApp(request: string): ReferenceAgentApplication {
    const app = this.links[this.primary];
    if (app?.isOpen) return app;
    const open = this.links.findIndex((a) => a?.isOpen);
    if (open < 0) throw new Error(`${this.name} cannot send ${request}: it is connected to no Interaction Server`);
    this.primary = open;
    return this.links[open]!;
  }

  private secondaries(): ReferenceAgentApplication[] {
    return this.links.filter((a, i): a is ReferenceAgentApplication => i !== this.primary && a !== undefined && a.isOpen);
  }

  async login(p: LoginParams): Promise<void> {
    await this.primaryApp('RequestAgentLogin').login(p);
    this.agent = p;
    for (const app of this.secondaries()) await app.available(p);
  }

  async logout(): Promise<void> {
    await this.primaryApp('RequestAgentLogout').logout();
    this.agent = undefined;
    for (const app of this.secondaries()) await app.notAvailable();
  }

  notReady(media: string): Promise<void> {
    return this.primaryApp('RequestNotReadyForMedia').notReady(media);
  }

  cancelNotReady(media: string): Promise<void> {
    return this.primaryApp('RequestCancelNotReadyForMedia').cancelNotReady(media);
  }

  /** The agent's work goes to the primary, where it is logged in and its interactions are. */
  submit(p: SubmitParams): Promise<string> {
    return this.primaryApp('RequestSubmit').submit(p);
  }

  stopProcessing(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.primaryApp('RequestStopProcessing').stopProcessing(interactionId, reason);
  }

  transfer(interactionId: string, target: InviteTarget): Promise<Envelope> {
    return this.primaryApp('RequestTransfer').transfer(interactionId, target);
  }

  conference(interactionId: string, target: InviteTarget): Promise<Envelope> {
    return this.primaryApp('RequestConference').conference(interactionId, target);
  }

  leave(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.primaryApp('RequestLeaveInteraction').leave(interactionId, reason);
  }

  /** A queue, workbin or pull request, to the primary; resolves with its answer, EventError too. */
  ask(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    return this.primaryApp(message).ask(message, attributes);
  }

  /** One request exactly as given, to the primary; resolves with its answer, EventError too. */
  send(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    return this.primaryApp(message).send(message, attributes);
  }

  /** How to answer invitations from now on, on every server (an invitation comes from the one the agent is logged in on). */
  setInvitePolicy(policy: InvitePolicy): void {
    this.policy = policy;
    for (const app of this.links) app?.setInvitePolicy(policy);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    await Promise.all(this.links.map((a) => a?.stop()));
    await Promise.allSettled([...this.work]);
  }

  private async open(i: number, register: boolean): Promise<ReferenceAgentApplication> {
    const s = this.opts.servers[i];
    const app = new ReferenceAgentApplication({ url: s.url, name: this.name, peer: s.peer, observer: s.observer, onInvite: this.policy, register, ...(this.opts.logKeep !== undefined ? { logKeep: this.opts.logKeep } : {}) });
    try {
      await app.start();
    } catch (err) {
      await app.stop();
      throw err;
    }
    app.onClose(() => this.lost(i, app));
    return app;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.events.emit('note', `${this.name}: ${(err as Error).message}`));
    this.work.add(tracked);
    void tracked.finally(() => this.work.delete(tracked));
  }

  private lost(i: number, app: ReferenceAgentApplication): void {
    if (this.stopped || this.links[i] !== app) return;
    this.links[i] = undefined;
    const server = this.opts.servers[i].peer.name;
    if (i === this.primary && this.agent) this.track(this.failover(server));
    this.retry(i);
  }

  private async failover(from: string): Promise<void> {
    const next = this.links.findIndex((a, j) => j !== this.primary && a?.isOpen);
    if (next < 0) {
      this.events.emit('note', `${this.name} lost its primary ${from} and has no other Interaction Server to log agent ${this.agent?.agentId} in on`);
      return;
    }
    this.primary = next;
    const to = this.opts.servers[next].peer.name;
    this.events.emit('note', `${this.name} lost its primary ${from}: logs agent ${this.agent?.agentId} in on ${to}, its new primary`);
    await this.links[next]!.login(this.agent!);
  }

  private retry(i: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.retries.delete(t);
      this.track(this.reconnect(i));
    }, this.opts.reconnectMs ?? 100);
    this.retries.add(t);
  }

  private async reconnect(i: number): Promise<void> {
    if (this.stopped) return;
    let app: ReferenceAgentApplication;
    try {
      app = await this.open(i, true);
    } catch {
      // Not listening yet (or refusing): try again later; nothing was exchanged, so nothing is recorded.
      return this.retry(i);
    }
    if (this.stopped) return void (await app.stop());
    this.links[i] = app;
    const server = this.opts.servers[i].peer.name;
    if (this.agent && i !== this.primary) {
      this.events.emit('note', `${this.name} reconnected to ${server}: agent ${this.agent.agentId} is logged in on ${this.opts.servers[this.primary].peer.name}, so ${server} is a secondary`);
      await app.available(this.agent);
    } else this.events.emit('note', `${this.name} reconnected to ${server} and registered`);
  }
}
