import type { Catalog } from '../../catalog/catalog.ts';
import type { Role } from '../../catalog/types.ts';
import type { Envelope } from '../../codec/envelope.ts';
import { connect } from '../../transport/client.ts';
import type { Endpoint, InboundMessage, MessageConnection, WireObserver } from '../../transport/types.ts';
import { RequestChannel } from './request-channel.ts';
import type { RequestOptions } from './request-channel.ts';
import { WaitableLog } from './waiters.ts';
import type { WaitOptions } from './waiters.ts';

/** Options every reference client takes. */
export interface ClientCommonOptions {
  /** The server's URL (`InteractionServer.url`, or `.tlibUrl` for URS). */
  url: string;
  /** This participant's name in traces. */
  name?: string;
  /** The server as named in traces (default `{ name: 'IS1', role: 'InteractionServer' }`). */
  peer?: Endpoint;
  /** Records this client's connection. Give it to one end only (not also to the server). */
  observer?: WireObserver;
  catalog?: Catalog;
  /** How long a request waits for its EventAck / EventError (default 5000 ms). */
  requestTimeoutMs?: number;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Name itself on the URL (`?participant=&role=`, default true); false keeps the URL exactly as given. */
  announce?: boolean;
  recordRaw?: boolean;
  maxFrameBytes?: number;
  /**
   * Keep only about the last this many items in each of this participant's logs (what it received,
   * invitations, route outcomes); default: everything. A load run sets it: nothing reads its history.
   */
  logKeep?: number;
}

export const DEFAULT_PEER: Endpoint = { name: 'IS1', role: 'InteractionServer' };

/**
 * One reference client's connection: connect (announcing its name and role), requests with
 * referenceIds, a log of everything received, and a clean stop. Each participant composes one.
 */
export class ClientLink {
  readonly received: WaitableLog<InboundMessage>;
  private conn: MessageConnection | undefined;
  private channel: RequestChannel | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly opts: ClientCommonOptions,
  ) {
    this.received = new WaitableLog(name, undefined, opts.logKeep);
  }

  get connection(): MessageConnection {
    if (!this.conn) throw new Error(`${this.name} is not started`);
    return this.conn;
  }

  get isOpen(): boolean {
    return this.conn?.isOpen ?? false;
  }

  async open(onMessage: (m: InboundMessage) => void): Promise<MessageConnection> {
    if (this.stopping) throw new Error(`${this.name} was stopped; create a new one`);
    if (this.conn) return this.conn;
    const conn = await connect({
      url: this.opts.url,
      name: this.name,
      role: this.role,
      peer: this.opts.peer ?? DEFAULT_PEER,
      observer: this.opts.observer,
      catalog: this.opts.catalog,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      ...(this.opts.announce === false ? { announce: false } : {}),
      recordRaw: this.opts.recordRaw,
      maxFrameBytes: this.opts.maxFrameBytes,
    });
    this.conn = conn;
    // The channel subscribes first: an answer settles its request before the participant reacts to it.
    this.channel = new RequestChannel(conn, this.opts.requestTimeoutMs ?? 5000);
    conn.onMessage((m) => {
      this.received.push(m);
      onMessage(m);
    });
    conn.onClose((c) => this.received.close(`the connection to ${conn.remote.name} closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`));
    return conn;
  }

  request(protocol: string, message: string, attributes: Record<string, unknown>, opts?: RequestOptions): Promise<Envelope> {
    if (!this.channel) return Promise.reject(new Error(`${this.name}: ${message} not sent: not started`));
    return this.channel.request(protocol, message, attributes, opts);
  }

  /** The referenceId the next request will carry, reserved (for callers that must know it before the answer). */
  nextReferenceId(): number {
    return this.channel?.nextReferenceId() ?? 0;
  }

  /** An unsolicited message (an event, e.g. EventCurrentAgentStatus). False when the connection is closed. */
  send(envelope: Envelope): boolean {
    return this.conn?.send(envelope).sent ?? false;
  }

  /** Waits for a received message by name (canonical) and optional predicate. */
  waitFor(message: string, pred: (m: InboundMessage) => boolean = () => true, opts?: WaitOptions): Promise<InboundMessage> {
    return this.received.waitFor((m) => m.canonical === message && pred(m), message, opts);
  }

  /** Idempotent: ends pending requests and waits with an error, closes the socket. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.channel?.close(`${this.name} stopped`);
      this.received.close(`${this.name} stopped`);
      await this.conn?.close(1000, 'stopping');
    })();
    return this.stopping;
  }
}

/** RequestRegisterClient → EventAck (GenEM Registration). Rejects with RequestRefusedError on EventError. */
export async function register(link: ClientLink, clientName: string, clientType: 'AgentApplication' | 'MediaServer' | 'ReportingEngine'): Promise<void> {
  await link.request('InteractionManagement', 'RequestRegisterClient', { ClientName: clientName, ClientType: clientType });
}
