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
      this.byConn.set(conn, taken);
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
    this.byConn.set(conn, client);
    return client;
  }

  remove(conn: MessageConnection): RegisteredClient | undefined {
    const c = this.byConn.get(conn);
    this.byConn.delete(conn);
    return c;
  }

  /** Open connections of registered reporting engines, in registration order. */
  reportingEngines(): MessageConnection[] {
    const out: MessageConnection[] = [];
    for (const c of this.byConn.values()) if (c.clientType === 'ReportingEngine' && c.conn.isOpen) out.push(c.conn);
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
    for (const c of this.byConn.values()) {
      if (c.clientType !== 'MediaServer' || !c.conn.isOpen) continue;
      const v = c.extension.event_properties_changed;
      if ((typeof v === 'number' && v !== 0) || (typeof v === 'string' && v !== '' && v !== '0')) out.push(c.conn);
    }
    return out;
  }

  /** The open connection of a registered client by its ClientName (ESP addresses servers by name). */
  byName(name: string): RegisteredClient | undefined {
    for (const c of this.byConn.values()) if (c.clientName === name && c.conn.isOpen) return c;
    return undefined;
  }

  all(): RegisteredClient[] {
    return Array.from(this.byConn.values());
  }
}
