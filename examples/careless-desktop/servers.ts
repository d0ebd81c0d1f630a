// The Interaction Servers a desktop works with: a primary and, maybe, secondaries (GenEM Login/Logout,
// Disconnection and Failover).
//
// start names one Interaction Server or several, in the scenario's order: the first is the primary.
// The desktop connects to each and registers on each. The agent logs in on the primary, where all its
// work happens (invitations, transfers, submits…); a secondary is only told that the agent is
// available, so that it can take over when the primary goes away:
//
//   login     RequestAgentLogin on the primary; once it is acknowledged — only then is the agent
//             logged in — RequestAgentAvailable on each secondary
//   logout    RequestAgentLogout on the primary; once acknowledged, RequestAgentNotAvailable on each
//             secondary
//   failover  the primary goes away while the agent is logged in: log the agent in on the first
//             secondary still connected, which becomes the primary. We are registered there already
//             (we told it the agent is available), so we log in on that connection.
//   restart   a server whose connection was lost is tried again every RETRY_MS; once it listens
//             again, register there and, if the agent is logged in, send RequestAgentAvailable: it is
//             a secondary now. (A primary that comes back with no secondary to have failed over to is
//             only registered: the agent logs in again when told to.)
//
// With one Interaction Server, only login and logout apply, without the secondaries' part.

import { done, log, refusal, ServerConnection } from './wire.ts';
import type { Envelope, Result } from './wire.ts';

/** How often to try a lost server again. GenEM gives no interval: short, so a restarted server is found soon. */
const RETRY_MS = 100;

/** The agent as RequestAgentLogin named it: a new primary logs the same agent in, a secondary hears of the same one. */
export interface Agent {
  TenantId: number;
  PlaceId: string;
  AgentId: string;
  MediaList: Record<string, number>;
}

/** One Interaction Server: its name in the scenario, its `im` URL, and our connection to it while there is one. */
export interface Server {
  name: string;
  url: string;
  connection?: ServerConnection;
}

/** Sends a request to one server and waits for its answer: done on EventAck, failed with the server's reason otherwise. */
export async function ask(server: Server | undefined, message: string, attributes: Record<string, unknown>): Promise<Result> {
  const connection = server?.connection;
  if (!server || !connection?.isOpen) return { status: 'failed', reason: `cannot send ${message}: not connected to ${server?.name ?? 'the Interaction Server'}` };
  const answer = await connection.request(message, attributes).answer;
  if (answer.message === 'EventAck') return done;
  return { status: 'failed', reason: `${message} refused by ${server.name}: ${refusal(answer)}` };
}

export class InteractionServers {
  private readonly servers: Server[];
  private primaryIndex = 0;
  /** The agent logged in on the primary, if any. */
  private agent: Agent | undefined;
  /** Set once the desktop stops or crashes: a connection that closes then is not tried again. */
  private leaving = false;
  private readonly retries = new Set<NodeJS.Timeout>();

  /**
   * `servers` in the scenario's order, the primary first. Every server's events go to `onEvent`
   * (invitations come from the primary, where the agent is logged in).
   */
  constructor(
    servers: { name: string; url: string }[],
    private readonly clientName: string,
    private readonly onEvent: (event: Envelope) => void,
  ) {
    this.servers = servers.map(({ name, url }) => ({ name, url }));
  }

  /** Connects to every server and registers on each, in order; failed if one cannot be reached or refuses us. */
  async start(): Promise<Result> {
    for (const server of this.servers) {
      try {
        await this.open(server);
      } catch (err) {
        return { status: 'failed', reason: `cannot connect to ${server.name} at ${server.url}: ${(err as Error).message}` };
      }
      const registered = await this.register(server);
      if (registered.status !== 'done') return registered;
    }
    return done;
  }

  /** The server the agent logs in on and works with. */
  get primary(): Server {
    return this.servers[this.primaryIndex];
  }

  /** The other servers we are connected to. */
  private get secondaries(): Server[] {
    return this.servers.filter((server, i) => i !== this.primaryIndex && server.connection?.isOpen);
  }

  get loggedIn(): boolean {
    return this.agent !== undefined;
  }

  async login(agent: Agent): Promise<Result> {
    const result = await ask(this.primary, 'RequestAgentLogin', { ...agent });
    if (result.status !== 'done') return result;
    this.agent = agent;
    for (const server of this.secondaries) {
      const available = await ask(server, 'RequestAgentAvailable', { ...agent });
      if (available.status !== 'done') return available;
    }
    return done;
  }

  async logout(): Promise<Result> {
    const result = await ask(this.primary, 'RequestAgentLogout', {});
    if (result.status !== 'done') return result;
    this.agent = undefined;
    for (const server of this.secondaries) {
      const notAvailable = await ask(server, 'RequestAgentNotAvailable', {});
      if (notAvailable.status !== 'done') return notAvailable;
    }
    return done;
  }

  /** Closes every connection in order, and tries none again. */
  close(): void {
    this.leave();
    for (const server of this.servers) server.connection?.close();
  }

  /** Drops every connection at once, as when the desktop crashes, and tries none again. */
  drop(): void {
    this.leave();
    this.agent = undefined; // a crashed desktop remembers nothing; the server logs the agent out
    for (const server of this.servers) server.connection?.drop();
  }

  private leave(): void {
    this.leaving = true;
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
  }

  /** Opens a connection to the server (throws if it does not listen), and watches for it to close. */
  private async open(server: Server): Promise<void> {
    const connection = await ServerConnection.open(server.url, 'InteractionManagement', this.onEvent, server.name);
    if (this.leaving) return connection.close(); // we stopped while it was opening
    server.connection = connection;
    connection.onClose(() => this.lost(server, connection));
    log(`connected to ${server.name}`);
  }

  private register(server: Server): Promise<Result> {
    return ask(server, 'RequestRegisterClient', { ClientName: this.clientName, ClientType: 'AgentApplication' });
  }

  /** A connection closed that we did not close: fail over if it was the primary's, and try the server again. */
  private lost(server: Server, connection: ServerConnection): void {
    if (this.leaving || server.connection !== connection) return;
    server.connection = undefined;
    log(`lost ${server.name}; trying it again every ${RETRY_MS} ms`);
    if (server === this.primary) void this.failover(server);
    this.retry(server);
  }

  private async failover(from: Server): Promise<void> {
    const next = this.servers.findIndex((server) => server.connection?.isOpen);
    if (next < 0) {
      log(`lost the primary ${from.name}, and no other Interaction Server is connected`);
      return;
    }
    this.primaryIndex = next;
    log(`lost the primary ${from.name}: ${this.primary.name} is the primary now`);
    const agent = this.agent;
    if (!agent) return; // nobody to log in: the next login goes to the new primary
    const result = await ask(this.primary, 'RequestAgentLogin', { ...agent });
    log(`agent ${agent.AgentId} logged in on ${this.primary.name}: ${result.status === 'done' ? 'acknowledged' : result.reason}`);
  }

  private retry(server: Server): void {
    if (this.leaving) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void this.reconnect(server);
    }, RETRY_MS);
    this.retries.add(timer);
  }

  /** The server listens again (it restarted): register there, and make the agent available if logged in. */
  private async reconnect(server: Server): Promise<void> {
    try {
      await this.open(server);
    } catch {
      return this.retry(server); // not listening yet; nothing was exchanged
    }
    if (!server.connection) return; // we stopped meanwhile
    const registered = await this.register(server);
    log(`reconnected to ${server.name}: ${registered.status === 'done' ? 'registered' : registered.reason}`);
    const agent = this.agent;
    if (registered.status !== 'done' || !agent || server === this.primary) return;
    const available = await ask(server, 'RequestAgentAvailable', { ...agent });
    log(`agent ${agent.AgentId} available on ${server.name}, a secondary now: ${available.status === 'done' ? 'acknowledged' : available.reason}`);
  }
}
