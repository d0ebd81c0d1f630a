import { ClientLink, register } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';

export interface MediaServerOptions extends ClientCommonOptions {
  /** ClientName in RequestRegisterClient (default: the participant name). */
  clientName?: string;
  /**
   * TenantId put on every submission unless the call gives one (default 101: the DBID of the default
   * tenant, "Resources", in a single-tenant Genesys configuration). null leaves it out.
   */
  tenantId?: number | null;
}

export interface SubmitParams {
  queue: string;
  mediaType: string;
  interactionType: string;
  interactionSubtype?: string;
  userData?: Record<string, unknown>;
  tenantId?: number;
  /** When UCS already created the interaction. */
  interactionId?: string;
}

/**
 * The reference media server (GenEM Media Server Submits Interaction): registers as MediaServer and
 * submits interactions. submit() resolves with the InteractionId of the EventAck.
 */
export class ReferenceMediaServer {
  readonly name: string;
  private readonly link: ClientLink;

  constructor(private readonly opts: MediaServerOptions) {
    this.name = opts.name ?? 'MediaServer1';
    this.link = new ClientLink(this.name, 'MediaServer', opts);
  }

  async start(): Promise<void> {
    await this.link.open(() => undefined);
    await register(this.link, this.opts.clientName ?? this.name, 'MediaServer');
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  async submit(p: SubmitParams): Promise<string> {
    const tenant = p.tenantId ?? (this.opts.tenantId === null ? undefined : (this.opts.tenantId ?? 101));
    const attrs: Record<string, unknown> = { MediaType: p.mediaType, Queue: p.queue, InteractionType: p.interactionType };
    if (tenant !== undefined) attrs.TenantId = tenant;
    if (p.interactionSubtype !== undefined) attrs.InteractionSubtype = p.interactionSubtype;
    if (p.userData !== undefined) attrs.UserData = p.userData;
    if (p.interactionId !== undefined) attrs.InteractionId = p.interactionId;
    const ack = await this.link.request('InteractionManagement', 'RequestSubmit', attrs);
    const id = ack.attributes.InteractionId;
    if (typeof id !== 'string' || id === '') {
      throw new Error(`${this.name}: the EventAck to RequestSubmit (referenceId ${ack.referenceId}) carries no InteractionId`);
    }
    return id;
  }

  stop(): Promise<void> {
    return this.link.stop();
  }
}
