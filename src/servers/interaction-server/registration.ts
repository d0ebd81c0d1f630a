import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import { ErrorCodes, RequestError } from './errors.ts';

export type ClientType = 'AgentApplication' | 'MediaServer' | 'ReportingEngine' | 'Proxy';

const CLIENT_TYPES: readonly ClientType[] = ['AgentApplication', 'MediaServer', 'ReportingEngine', 'Proxy'];

export interface RegisteredClient {
  conn: MessageConnection;
  clientName: string;
  clientType: ClientType;
  /** RequestRegisterClient's Extension KV list, e.g. event_properties_changed (GenEM ChangeProperties). */
  extension: Record<string, unknown>;
}

/** Clients of the Interaction Management face, by connection (GenEM Registration). */
export class ClientRegistry {
  private readonly byConn = new Map<MessageConnection, RegisteredClient>();
  // Every Reporting event goes to the reporting engines, and 10,000 agents are 10,000 clients: the
  // engines, the media servers and the names are kept apart so no event scans the agents (issue 13).
  private readonly engines = new Set<RegisteredClient>();
  private readonly mediaServers = new Set<RegisteredClient>();
  /** Registered clients by ClientName, in registration order (names need not be unique). */
  private readonly byClientName = new Map<string, RegisteredClient[]>();

  get(conn: MessageConnection): RegisteredClient | undefined {
    return this.byConn.get(conn);
  }

  /** Validates RequestRegisterClient beyond the catalog (which already checked types and the enum). */
  /** `lenient` (fault ackInvalidClient): takes a client whatever its ClientName and ClientType. */
  register(conn: MessageConnection, req: Envelope, lenient = false): RegisteredClient {
    const existing = this.byConn.get(conn);
    if (existing) {
      throw new RequestError(ErrorCodes.InSameState, `client ${existing.clientName} is already registered on this connection as ${existing.clientType}`);
    }
    const { ClientName, ClientType } = req.attributes;
    if (lenient) {
      const taken: RegisteredClient = { conn, clientName: String(ClientName ?? ''), clientType: ClientType as ClientType, extension: {} };
      this.add(taken);
      return taken;
    }
    if (typeof ClientName !== 'string' || ClientName.trim() === '') {
      throw new RequestError(ErrorCodes.InvalidAttribute, 'invalid client: RequestRegisterClient needs a non-empty ClientName');
    }
    if (!(CLIENT_TYPES as readonly unknown[]).includes(ClientType)) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `invalid client: ClientType ${JSON.stringify(ClientType)} is not one of ${CLIENT_TYPES.join(', ')}`);
    }
    const ext = req.attributes.Extension;
    const extension = ext && typeof ext === 'object' && !Array.isArray(ext) ? { ...(ext as Record<string, unknown>) } : {};
    const client: RegisteredClient = { conn, clientName: ClientName, clientType: ClientType as ClientType, extension };
    this.add(client);
    return client;
  }

  remove(conn: MessageConnection): RegisteredClient | undefined {
    const c = this.byConn.get(conn);
    if (!c) return undefined;
    this.byConn.delete(conn);
    this.engines.delete(c);
    this.mediaServers.delete(c);
    const named = this.byClientName.get(c.clientName);
    if (named) {
      const left = named.filter((x) => x !== c);
      if (left.length > 0) this.byClientName.set(c.clientName, left);
      else this.byClientName.delete(c.clientName);
    }
    return c;
  }

  private add(c: RegisteredClient): void {
    this.byConn.set(c.conn, c);
    if (c.clientType === 'ReportingEngine') this.engines.add(c);
    if (c.clientType === 'MediaServer') this.mediaServers.add(c);
    const named = this.byClientName.get(c.clientName);
    if (named) named.push(c);
    else this.byClientName.set(c.clientName, [c]);
  }

  /** Open connections of registered reporting engines, in registration order. */
  reportingEngines(): MessageConnection[] {
    const out: MessageConnection[] = [];
    for (const c of this.engines) if (c.conn.isOpen) out.push(c.conn);
    return out;
  }

  /** Open connections of registered media servers, in registration order. */
  mediaServerConnections(): MessageConnection[] {
    const out: MessageConnection[] = [];
    for (const c of this.mediaServers) if (c.conn.isOpen) out.push(c.conn);
    return out;
  }

  /**
   * Open connections of media servers that registered with the extension event_properties_changed
   * non-zero: they hear of property changes URS makes (GenEM ChangeProperties [DOC]). A value is
   * non-zero when it is a number other than 0 or a string other than "0" and "" [INFER: KV values
   * may be integers or strings].
   */
  propertyListeners(): MessageConnection[] {
    const out: MessageConnection[] = [];
    for (const c of this.mediaServers) {
      if (!c.conn.isOpen) continue;
      const v = c.extension.event_properties_changed;
      if ((typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '' && v !== '0')) out.push(c.conn);
    }
    return out;
  }

  /** The open connection of a registered client by its ClientName (ESP addresses servers by name). */
  byName(name: string): RegisteredClient | undefined {
    // Registration order, as the scan it replaces: names are not unique, a closed one may linger.
    for (const c of this.byClientName.get(name) ?? []) if (c.conn.isOpen) return c;
    return undefined;
  }

  all(): RegisteredClient[] {
    return Array.from(this.byConn.values());
  }
}
