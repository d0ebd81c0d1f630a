import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage } from '../../transport/types.ts';
import { ClientLink, register } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';
import { answerEspRequest } from './esp-service.ts';
import type { EspHandler } from './esp-service.ts';
import { submitAttributes } from '../shared/submit.ts';
import type { SubmitParams } from '../shared/submit.ts';

export type { SubmitParams } from '../shared/submit.ts';

export interface MediaServerOptions extends ClientCommonOptions {
  /** ClientName in RequestRegisterClient (default: the participant name). */
  clientName?: string;
  /**
   * TenantId put on every submission unless the call gives one (default 101: the DBID of the default
   * tenant, "Resources", in a single-tenant Genesys configuration). null leaves it out.
   */
  tenantId?: number | null;
  /** RequestRegisterClient's Extension KV list (e.g. `{ event_properties_changed: 1 }`, GenEM Change Properties). */
  extension?: Record<string, unknown>;
  /** Connect without registering (GenEM Media Server Submits: a submission from an unregistered media server is refused). */
  register?: boolean;
  /** How it serves ESP Request3rdServer (default: the E-mail Server's autoresponse, esp-service.ts). */
  esp?: EspHandler;
}

export interface PropertyChanges {
  changed?: Record<string, unknown>;
  added?: Record<string, unknown>;
  deleted?: readonly string[];
}

/**
 * The reference media server (GenEM Media Server Submits Interaction; E-mail Server in Invoke
 * Autoresponse): registers as MediaServer, submits interactions, stops processing them, changes their
 * properties, and serves ESP requests. submit() resolves with the InteractionId of the EventAck.
 */
export class ReferenceMediaServer {
  readonly name: string;
  private link: ClientLink;
  private registration: { register: boolean; extension?: Record<string, unknown> };

  constructor(private readonly opts: MediaServerOptions) {
    this.name = opts.name ?? 'MediaServer1';
    this.link = new ClientLink(this.name, 'MediaServer', opts);
    this.registration = { register: opts.register !== false, ...(opts.extension ? { extension: opts.extension } : {}) };
  }

  async start(): Promise<void> {
    await this.link.open((m) => this.onMessage(m));
    if (!this.registration.register) return;
    if (this.registration.extension) {
      await this.link.request('InteractionManagement', 'RequestRegisterClient', { ClientName: this.opts.clientName ?? this.name, ClientType: 'MediaServer', Extension: this.registration.extension });
    } else await register(this.link, this.opts.clientName ?? this.name, 'MediaServer');
  }

  /** Drops the connection and connects again, registering as told (with an extension, or not at all). */
  async reconnect(registration: { register?: boolean; extension?: Record<string, unknown> }): Promise<void> {
    await this.link.stop();
    this.link = new ClientLink(this.name, 'MediaServer', this.opts);
    this.registration = { register: registration.register !== false, ...(registration.extension ? { extension: registration.extension } : {}) };
    await this.start();
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  async submit(p: SubmitParams): Promise<string> {
    const ack = await this.link.request('InteractionManagement', 'RequestSubmit', submitAttributes(p, this.opts.tenantId));
    const id = ack.attributes.InteractionId;
    if (typeof id !== 'string' || id === '') {
      throw new Error(`${this.name}: the EventAck to RequestSubmit (referenceId ${ack.referenceId}) carries no InteractionId`);
    }
    return id;
  }

  /** RequestStopProcessing; resolves with the answer (EventAck), rejects with RequestRefusedError on EventError. */
  stopProcessing(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('InteractionManagement', 'RequestStopProcessing', { InteractionId: interactionId, ...(reason ? { Reason: reason } : {}) });
  }

  /** RequestChangeProperties; resolves with the answer (EventAck), rejects with RequestRefusedError on EventError. */
  changeProperties(interactionId: string, c: PropertyChanges): Promise<Envelope> {
    const attrs: Record<string, unknown> = { InteractionId: interactionId };
    if (c.changed) attrs.ChangedProperties = c.changed;
    if (c.added) attrs.AddedProperties = c.added;
    if (c.deleted?.length) attrs.DeletedProperties = Object.fromEntries(c.deleted.map((k) => [k, '']));
    return this.link.request('InteractionManagement', 'RequestChangeProperties', attrs);
  }

  stop(): Promise<void> {
    return this.link.stop();
  }

  private onMessage(m: InboundMessage): void {
    if (m.canonical !== 'Request3rdServer' || m.envelope.protocol !== 'ESP') return;
    void answerEspRequest(m.envelope, this.opts.esp, { submit: (p) => this.submit(p), send: (e) => this.link.send(e) });
  }
}
