import type { InboundMessage } from '../../transport/types.ts';
import { ClientLink, register } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';
import { Emitter } from '../shared/emitter.ts';
import type { WaitOptions } from '../shared/waiters.ts';
import { WaitableLog } from '../shared/waiters.ts';

export interface StatServerOptions extends ClientCommonOptions {
  /** ClientName in RequestRegisterClient (default: the participant name). */
  clientName?: string;
  /** Send RequestStartPlaceAgentReportingAll after registering (default true). */
  subscribe?: boolean;
  /** TenantList for the subscription, e.g. `{ "101": { Workbins: "" } }` (default: none). */
  tenantList?: Record<string, unknown>;
  /** Answer EventPlaceAgentState / EventAgentLogin with EventCurrentAgentStatus (default true). */
  answerStatus?: boolean;
}

export interface StatServerEvents {
  /** Every Reporting event received. */
  reporting: InboundMessage;
}

/**
 * The minimal reporting engine (GenEM Reporting Engine Connects): registers as ReportingEngine,
 * subscribes with RequestStartPlaceAgentReportingAll, records every Reporting event, and answers each
 * EventPlaceAgentState and EventAgentLogin with EventCurrentAgentStatus. Its capacity rule is the
 * simplest one: a medium is ready (1) unless the state says 0; DonotDisturb false.
 */
export class ReferenceStatServer {
  readonly name: string;
  readonly events = new Emitter<StatServerEvents>();
  /** Reporting events received, in order. */
  readonly reporting: WaitableLog<InboundMessage>;
  private readonly link: ClientLink;

  constructor(private readonly opts: StatServerOptions) {
    this.name = opts.name ?? 'StatServer1';
    this.link = new ClientLink(this.name, 'StatServer', opts);
    this.reporting = new WaitableLog(this.name);
  }

  async start(): Promise<void> {
    await this.link.open((m) => this.onMessage(m));
    await register(this.link, this.opts.clientName ?? this.name, 'ReportingEngine');
    if (this.opts.subscribe !== false) await this.subscribe();
  }

  /** RequestStartPlaceAgentReportingAll → EventAck; the EventPlaceAgentState stream follows. */
  async subscribe(): Promise<void> {
    await this.link.request('InteractionManagement', 'RequestStartPlaceAgentReportingAll', this.opts.tenantList ? { TenantList: this.opts.tenantList } : {});
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** Waits for a Reporting event by canonical name (EventAgentInvited ...) and optional predicate. */
  waitFor(message: string, pred: (m: InboundMessage) => boolean = () => true, opts?: WaitOptions): Promise<InboundMessage> {
    return this.reporting.waitFor((m) => m.canonical === message && pred(m), message, opts);
  }

  /** Names of the Reporting events received so far, in order. */
  received(): string[] {
    return this.reporting.items.map((m) => m.canonical);
  }

  async stop(): Promise<void> {
    this.reporting.close(`${this.name} stopped`);
    await this.link.stop();
  }

  private onMessage(m: InboundMessage): void {
    if (m.envelope.protocol !== 'Reporting') return;
    this.reporting.push(m);
    this.events.emit('reporting', m);
    if (this.opts.answerStatus === false) return;
    const a = m.envelope.attributes;
    if (m.canonical === 'EventPlaceAgentState') this.sendStatus(a.AgentId, a.PlaceId, a.MediaStateList);
    else if (m.canonical === 'EventAgentLogin') this.sendStatus(a.AgentId, a.PlaceId, a.MediaList);
  }

  private sendStatus(agentId: unknown, placeId: unknown, media: unknown): void {
    if (typeof agentId !== 'string' || typeof placeId !== 'string') return;
    const list: Record<string, number> = {};
    if (media && typeof media === 'object') for (const [k, v] of Object.entries(media as Record<string, unknown>)) list[k] = v === 0 ? 0 : 1;
    this.link.send({ protocol: 'Reporting', message: 'EventCurrentAgentStatus', attributes: { AgentId: agentId, PlaceId: placeId, MediaStateList: list, DonotDisturb: false } });
  }
}
