import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage } from '../../transport/types.ts';
import { ClientLink } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';
import { Emitter } from '../shared/emitter.ts';
import { RequestRefusedError } from '../shared/request-channel.ts';
import { WaitableLog } from '../shared/waiters.ts';
import type { WaitOptions } from '../shared/waiters.ts';

/** An interaction the Interaction Server offered for routing (T-Library EventRouteRequest). */
export interface RouteRequest {
  interactionId: string;
  queue?: string;
  mediaType?: string;
  tenantId?: number;
  userData: Record<string, unknown>;
  receivedAt: number;
}

export interface RouteTarget {
  agentId: string;
  placeId: string;
}

/** A strategy decides at once, or returns undefined to hold the interaction until route() is called. */
export type Strategy = (r: RouteRequest) => RouteTarget | undefined;

/** How one RequestRouteCall ended. */
export interface RouteOutcome {
  interactionId: string;
  target: RouteTarget;
  referenceId: number;
  /** used: EventRouteUsed; error: EventError; no-answer: timeout or connection closed. */
  result: 'used' | 'error' | 'no-answer';
  /** The EventRouteUsed or EventError received. */
  answer?: Envelope;
  /** EventRouteUsed Reasons.Result when the delivery failed (Rejected, Timeout, AgentLeft). */
  failure?: string;
  error?: Error;
}

export interface UrsOptions extends ClientCommonOptions {
  /** Default: hold every interaction until route() is called. */
  strategy?: Strategy;
  /**
   * How long route() waits for EventRouteUsed / EventError (default 120000 ms). It comes only once the
   * agent answers or the delivering timer (30 s by default) expires, so keep it above that timer.
   */
  routeTimeoutMs?: number;
}

export interface UrsEvents {
  'route-request': RouteRequest;
  'route-outcome': RouteOutcome;
}

/**
 * The reference URS: connects to the Interaction Server's T-Library face (`InteractionServer.tlibUrl`),
 * learns of queued interactions by EventRouteRequest, and routes them with RequestRouteCall — by its
 * strategy, or when the scenario calls route().
 */
export class ReferenceUrs {
  readonly name: string;
  readonly events = new Emitter<UrsEvents>();
  readonly routeRequests: WaitableLog<RouteRequest>;
  readonly outcomes: WaitableLog<RouteOutcome>;
  private readonly link: ClientLink;
  private strategy: Strategy | undefined;

  constructor(private readonly opts: UrsOptions) {
    this.name = opts.name ?? 'URS';
    this.link = new ClientLink(this.name, 'URS', opts);
    this.routeRequests = new WaitableLog(this.name, (r) => r.interactionId, opts.logKeep);
    this.outcomes = new WaitableLog(this.name, undefined, opts.logKeep);
    this.strategy = opts.strategy;
  }

  async start(): Promise<void> {
    await this.link.open((m) => this.onMessage(m));
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  setStrategy(strategy: Strategy | undefined): void {
    this.strategy = strategy;
  }

  /** Interactions offered and not routed yet (held for the scenario). */
  held(): RouteRequest[] {
    const routed = new Set(this.outcomes.items.map((o) => o.interactionId));
    return this.routeRequests.items.filter((r) => !routed.has(r.interactionId));
  }

  /**
   * RequestRouteCall {InteractionId, AgentId, PlaceId}; resolves with the outcome (EventRouteUsed or
   * EventError) — never rejects: a missing answer is outcome `no-answer` with its error.
   */
  async route(interactionId: string, target: RouteTarget): Promise<RouteOutcome> {
    const attrs = { InteractionId: interactionId, AgentId: target.agentId, PlaceId: target.placeId };
    const referenceId = this.link.nextReferenceId();
    let outcome: RouteOutcome;
    try {
      const answer = await this.link.request('TLibrary', 'RequestRouteCall', attrs, { timeoutMs: this.opts.routeTimeoutMs ?? 120_000, referenceId });
      const reasons = answer.attributes.Reasons as Record<string, unknown> | undefined;
      outcome = { interactionId, target, referenceId, result: 'used', answer };
      if (reasons && typeof reasons.Result === 'string') outcome.failure = reasons.Result;
    } catch (err) {
      outcome =
        err instanceof RequestRefusedError
          ? { interactionId, target, referenceId, result: 'error', answer: err.answer, error: err }
          : { interactionId, target, referenceId, result: 'no-answer', error: err as Error };
    }
    this.outcomes.push(outcome);
    this.events.emit('route-outcome', outcome);
    return outcome;
  }

  /**
   * Stops processing an interaction (GenEM Stop Processing D): RequestRouteCall with RouteType
   * CallDisconnect, the reason in Extensions.Reason. Resolves with EventRouteUsed, rejects with
   * RequestRefusedError on EventError.
   */
  stopProcessing(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('TLibrary', 'RequestRouteCall', { InteractionId: interactionId, RouteType: 'CallDisconnect', ...(reason ? { Extensions: { Reason: reason } } : {}) });
  }

  /** RequestUpdateUserData (GenEM Change Properties, for RequestChangeProperties); resolves with EventAttachedDataChanged. */
  updateUserData(interactionId: string, userData: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('TLibrary', 'RequestUpdateUserData', { InteractionId: interactionId, UserData: userData });
  }

  /**
   * Request3rdServer over T-Library (reference §1.8): RequestPrivateService with Extensions.Envelope3rdServer
   * {Server, Service, Method, Version "1.0", Parameters}; resolves with EventPrivateInfo (the third-party
   * server's Event3rdServerResponse), within the request timeout.
   */
  invokeService(p: { interactionId: string; server: string; service: string; method: string; parameters?: Record<string, unknown> }): Promise<Envelope> {
    const envelope = { Server: p.server, Service: p.service, Method: p.method, Version: '1.0', Parameters: p.parameters ?? {} };
    return this.link.request('TLibrary', 'RequestPrivateService', { InteractionId: p.interactionId, UserData: { InteractionId: p.interactionId }, Extensions: { Envelope3rdServer: envelope } });
  }

  /**
   * RequestRouteCall standing for RequestPlaceInQueue / RequestPlaceInWorkbin: no AgentId or PlaceId, the
   * Queue, or the workbin (WorkbinTypeId, WorkbinAgentId). Resolves with the answer: EventRouteUsed (in
   * place of EventAck) or EventError.
   */
  async place(interactionId: string, target: { queue: string } | { workbin: string; owner: string }): Promise<Envelope> {
    const where = 'queue' in target ? { Queue: target.queue } : { WorkbinTypeId: target.workbin, WorkbinAgentId: target.owner };
    try {
      return await this.link.request('TLibrary', 'RequestRouteCall', { InteractionId: interactionId, ...where });
    } catch (err) {
      if (err instanceof RequestRefusedError) return err.answer;
      throw err;
    }
  }

  waitForRouteRequest(pred: (r: RouteRequest) => boolean = () => true, opts?: WaitOptions): Promise<RouteRequest> {
    return this.routeRequests.waitFor(pred, 'EventRouteRequest', opts);
  }

  /** The EventRouteRequest for one interaction (from `since`), found by key: a long run asks it per instance. */
  waitForRouteRequestOf(interactionId: string, opts?: WaitOptions): Promise<RouteRequest> {
    return this.routeRequests.waitForKey(interactionId, `EventRouteRequest for ${interactionId}`, opts);
  }

  /** Waits for the outcome of a route() for that interaction (the next one after `since`). */
  waitForOutcome(interactionId: string, opts?: WaitOptions): Promise<RouteOutcome> {
    return this.outcomes.waitFor((o) => o.interactionId === interactionId, `outcome of routing ${interactionId}`, opts);
  }

  async stop(): Promise<void> {
    this.routeRequests.close(`${this.name} stopped`);
    this.outcomes.close(`${this.name} stopped`);
    await this.link.stop();
  }

  private onMessage(m: InboundMessage): void {
    if (m.canonical !== 'EventRouteRequest') return;
    const a = m.envelope.attributes;
    const r: RouteRequest = {
      interactionId: String(a.InteractionId ?? ''),
      queue: typeof a.Queue === 'string' ? a.Queue : undefined,
      mediaType: typeof a.MediaType === 'string' ? a.MediaType : undefined,
      tenantId: typeof a.TenantId === 'number' ? a.TenantId : undefined,
      userData: (a.UserData as Record<string, unknown> | undefined) ?? {},
      receivedAt: Date.now(),
    };
    this.routeRequests.push(r);
    this.events.emit('route-request', r);
    const target = this.strategy?.(r);
    if (target) void this.route(r.interactionId, target);
  }
}
