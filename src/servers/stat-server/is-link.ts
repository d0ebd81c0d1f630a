import type { InboundMessage, WireObserver, Endpoint } from '../../transport/types.ts';
import { ClientLink, register } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';

/** One Interaction Server the Stat Server reports on. */
export interface InteractionServerTarget {
  url: string;
  /** The server as named in traces (its name keys the agents it tells of). */
  peer?: Endpoint;
  observer?: WireObserver;
}

export interface IsLinkHooks {
  /** A message from this server (every protocol; the Stat Server keeps the Reporting ones). */
  message(link: IsLink, m: InboundMessage): void;
  /** The connection is gone: whatever the server said of its agents no longer holds. */
  lost(link: IsLink, reason: string): void;
  /** Reconnecting and reconnected, for the trace's notes. */
  note(text: string): void;
}

/**
 * The Stat Server's connection to one Interaction Server (seed 000 steps 1–2): register as
 * ReportingEngine, RequestStartPlaceAgentReportingAll, then follow what comes. A connection the server
 * drops — mid-snapshot or later — is made again after `reconnectMs`, and the subscription with it:
 * the Interaction Server then sends the whole snapshot again, which replaces what was lost.
 */
export class IsLink {
  readonly server: string;
  private link: ClientLink | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;
  /** How many times the subscription was acknowledged (1 + reconnects that got that far). */
  subscriptions = 0;

  constructor(
    private readonly name: string,
    private readonly target: InteractionServerTarget,
    private readonly common: Omit<ClientCommonOptions, 'url' | 'peer' | 'observer'> & { clientName: string; subscribe: boolean; tenantList?: Record<string, unknown>; reconnectMs: number },
    private readonly hooks: IsLinkHooks,
  ) {
    this.server = target.peer?.name ?? 'IS1';
  }

  get isOpen(): boolean {
    return this.link?.isOpen ?? false;
  }

  /** Connects, registers and subscribes; rejects when the first attempt fails (a later drop retries on its own). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const link = new ClientLink(this.name, 'StatServer', { ...this.common, url: this.target.url, peer: this.target.peer, observer: this.target.observer });
    this.link = link;
    const conn = await link.open((m) => this.hooks.message(this, m));
    conn.onClose((c) => this.onClose(link, `${c.code}${c.reason ? ` ${c.reason}` : ''}`));
    await register(link, this.common.clientName, 'ReportingEngine');
    if (this.common.subscribe) await this.subscribe();
  }

  /** RequestStartPlaceAgentReportingAll → EventAck; the EventPlaceAgentState stream follows. */
  async subscribe(): Promise<void> {
    if (!this.link) throw new Error(`${this.name} is not connected to ${this.server}`);
    await this.link.request('InteractionManagement', 'RequestStartPlaceAgentReportingAll', this.common.tenantList ? { TenantList: this.common.tenantList } : {});
    this.subscriptions++;
  }

  send(envelope: Parameters<ClientLink['send']>[0]): boolean {
    return this.link?.send(envelope) ?? false;
  }

  private onClose(link: ClientLink, why: string): void {
    if (link !== this.link) return;
    this.hooks.lost(this, why);
    if (this.stopped) return;
    this.hooks.note(`${this.name}: ${this.server} closed the connection (${why}); reconnecting in ${this.common.reconnectMs} ms`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.stopped) return;
      this.connect().then(
        () => this.hooks.note(`${this.name}: connected to ${this.server} again and subscribed`),
        () => {
          // Not listening yet, or it refused us: try again, unless stopped meanwhile.
          if (!this.stopped && !this.link?.isOpen) this.scheduleRetry();
        },
      );
    }, this.common.reconnectMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.link?.stop();
  }
}
