import type { Envelope } from '../../codec/envelope.ts';
import type { CloseInfo, InboundMessage } from '../../transport/types.ts';
import { ClientLink, register } from '../shared/client-link.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';
import { Emitter } from '../shared/emitter.ts';
import { RequestRefusedError } from '../shared/request-channel.ts';
import { submitAttributes } from '../shared/submit.ts';
import type { SubmitParams } from '../shared/submit.ts';
import { WaitableLog } from '../shared/waiters.ts';
import type { WaitOptions } from '../shared/waiters.ts';
import { decide } from './invite-policy.ts';
import type { Answer, Invitation, InvitePolicy, Revocation } from './invite-policy.ts';

export interface AgentApplicationOptions extends ClientCommonOptions {
  /** ClientName in RequestRegisterClient (default: the participant name). */
  clientName?: string;
  /** What to do with each EventInvite (default `ignore`: the scenario answers with accept()/reject()). */
  onInvite?: InvitePolicy;
  /** Wait for EventAck after RequestAccept (default true; false for a server that sends none, reference §6). */
  expectAcceptAck?: boolean;
  /** Register on start (default true); false: connect only, as a client that never registers (GenEM Registration's timeout). */
  register?: boolean;
}

export interface LoginParams {
  tenantId: number;
  placeId: string;
  agentId: string;
  /** Media the agent logs in to: a list (each Ready = 1) or media → int state. */
  media: readonly string[] | Record<string, number>;
}

/** Whom a transfer or conference invites: an agent, at a place when given. */
export interface InviteTarget {
  agentId: string;
  placeId?: string;
}

function targetAttributes(interactionId: string, t: InviteTarget): Record<string, unknown> {
  return { InteractionId: interactionId, AgentId: t.agentId, ...(t.placeId !== undefined ? { PlaceId: t.placeId } : {}) };
}

export interface AgentApplicationEvents {
  invite: Invitation;
  revoked: Revocation;
  /** An accept/reject finished (acked, refused, or no answer). */
  answered: Answer;
  /** EventCurrentAgentStatus relayed by the Interaction Server. */
  status: Envelope;
  message: InboundMessage;
}

/**
 * The reference agent application (headless desktop): registers as AgentApplication, logs an agent
 * in and out, changes readiness, and answers invitations as configured — accept, reject or ignore,
 * optionally after a delay. Every request carries the next referenceId and awaits EventAck / EventError
 * (RequestRefusedError) within requestTimeoutMs (NoAnswerError).
 */
export class ReferenceAgentApplication {
  readonly name: string;
  readonly events = new Emitter<AgentApplicationEvents>();
  readonly invitations: WaitableLog<Invitation>;
  readonly revocations: WaitableLog<Revocation>;
  readonly answers: WaitableLog<Answer>;
  private readonly link: ClientLink;
  private policy: InvitePolicy;
  private readonly timers = new Set<NodeJS.Timeout>();
  private agent: LoginParams | undefined;

  constructor(private readonly opts: AgentApplicationOptions) {
    this.name = opts.name ?? 'Agent1 desktop';
    this.link = new ClientLink(this.name, 'AgentApplication', opts);
    this.invitations = new WaitableLog(this.name, undefined, opts.logKeep);
    this.revocations = new WaitableLog(this.name, undefined, opts.logKeep);
    this.answers = new WaitableLog(this.name, undefined, opts.logKeep);
    this.policy = opts.onInvite ?? 'ignore';
  }

  /** Connects and registers. Rejects if the server refuses the registration. */
  async start(): Promise<void> {
    await this.link.open((m) => this.onMessage(m));
    if (this.opts.register !== false) await register(this.link, this.opts.clientName ?? this.name, 'AgentApplication');
  }

  /** Called once when the connection closes, by either end (the server went away, or stop()). */
  onClose(handler: (c: CloseInfo) => void): () => void {
    return this.link.connection.onClose(handler);
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** The agent logged in by this application, if any. */
  get loggedIn(): LoginParams | undefined {
    return this.agent;
  }

  async login(p: LoginParams): Promise<void> {
    const media: Record<string, number> = Array.isArray(p.media) ? Object.fromEntries(p.media.map((m) => [m, 1])) : { ...(p.media as Record<string, number>) };
    await this.link.request('InteractionManagement', 'RequestAgentLogin', { TenantId: p.tenantId, PlaceId: p.placeId, AgentId: p.agentId, MediaList: media });
    this.agent = { ...p, media };
  }

  /** RequestAgentAvailable, to a secondary Interaction Server (GenEM Login/Logout): the agent logged in on the primary. */
  async available(p: LoginParams): Promise<void> {
    const media: Record<string, number> = Array.isArray(p.media) ? Object.fromEntries(p.media.map((m) => [m, 1])) : { ...(p.media as Record<string, number>) };
    await this.link.request('InteractionManagement', 'RequestAgentAvailable', { TenantId: p.tenantId, PlaceId: p.placeId, AgentId: p.agentId, MediaList: media });
  }

  /** RequestAgentNotAvailable, to a secondary Interaction Server once the agent logged out on the primary. */
  async notAvailable(): Promise<void> {
    await this.link.request('InteractionManagement', 'RequestAgentNotAvailable', {});
  }

  /**
   * One Interaction Management request exactly as given (a registration with a given client type, a
   * request before registering): resolves with the answer, EventAck or EventError alike — the caller
   * judges it. Rejects only when nothing answers.
   */
  async send(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    try {
      return await this.link.request('InteractionManagement', message, attributes);
    } catch (err) {
      if (err instanceof RequestRefusedError) return err.answer;
      throw err;
    }
  }

  async logout(): Promise<void> {
    await this.link.request('InteractionManagement', 'RequestAgentLogout', {});
    this.agent = undefined;
  }

  async notReady(media: string, reason?: Record<string, unknown>): Promise<void> {
    await this.link.request('InteractionManagement', 'RequestNotReadyForMedia', { MediaTypeName: media, ...(reason ? { Reason: reason } : {}) });
  }

  async cancelNotReady(media: string): Promise<void> {
    await this.link.request('InteractionManagement', 'RequestCancelNotReadyForMedia', { MediaTypeName: media });
  }

  /**
   * RequestSubmit as the logged-in agent (GenEM Agent Submits Interaction); resolves with the new
   * InteractionId, rejects with RequestRefusedError on EventError. The tenant is the agent's.
   */
  async submit(p: SubmitParams): Promise<string> {
    const ack = await this.link.request('InteractionManagement', 'RequestSubmit', submitAttributes(p, this.agent?.tenantId ?? null));
    const id = ack.attributes.InteractionId;
    if (typeof id !== 'string' || id === '') throw new Error(`${this.name}: the EventAck to RequestSubmit (referenceId ${ack.referenceId}) carries no InteractionId`);
    return id;
  }

  /** RequestStopProcessing for an interaction its agent handles; resolves with EventAck, rejects with RequestRefusedError. */
  stopProcessing(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('InteractionManagement', 'RequestStopProcessing', { InteractionId: interactionId, ...(reason ? { Reason: reason } : {}) });
  }

  /**
   * A queue, workbin or pull request (RequestPlaceInQueue, RequestPlaceInWorkbin, RequestPull,
   * RequestGetWorkbinContent, RequestWorkbinNotifications, RequestCancelWorkbinNotifications): resolves
   * with the answer — EventAck, EventPulledInteractions, EventWorkbinContent or EventError. A refusal is
   * an outcome here, not an error: scenarios ask for some on purpose (a workbin that is not registered).
   */
  async ask(message: string, attributes: Record<string, unknown>): Promise<Envelope> {
    try {
      return await this.link.request('InteractionManagement', message, attributes);
    } catch (err) {
      if (err instanceof RequestRefusedError) return err.answer;
      throw err;
    }
  }

  /** How to answer invitations from now on (a pending delayed answer keeps its decision). */
  setInvitePolicy(policy: InvitePolicy): void {
    this.policy = policy;
  }

  /** RequestAccept for an invitation; resolves on EventAck (or at once when expectAcceptAck is false). */
  accept(inv: Invitation): Promise<void> {
    return this.answer(inv, 'accept');
  }

  /** RequestReject for an invitation, with a Reason (ReasonInfo) when given; resolves on EventAck. */
  reject(inv: Invitation, reason?: Record<string, unknown>): Promise<void> {
    return this.answer(inv, 'reject', reason);
  }

  /**
   * RequestTransfer / RequestConference naming Agent 2. The answer comes when Agent 2 answers or the
   * delivering timer expires, so no request timeout applies: resolves on EventAck, rejects on EventError
   * (RequestRefusedError), or when the application stops.
   */
  transfer(interactionId: string, target: InviteTarget): Promise<Envelope> {
    return this.link.request('InteractionManagement', 'RequestTransfer', targetAttributes(interactionId, target), { timeoutMs: 0 });
  }

  conference(interactionId: string, target: InviteTarget): Promise<Envelope> {
    return this.link.request('InteractionManagement', 'RequestConference', targetAttributes(interactionId, target), { timeoutMs: 0 });
  }

  /** RequestLeaveInteraction, with a Reason (ReasonInfo) when given; resolves on EventAck. */
  leave(interactionId: string, reason?: Record<string, unknown>): Promise<Envelope> {
    return this.link.request('InteractionManagement', 'RequestLeaveInteraction', { InteractionId: interactionId, ...(reason ? { Reason: reason } : {}) });
  }

  waitForInvite(pred: (inv: Invitation) => boolean = () => true, opts?: WaitOptions): Promise<Invitation> {
    return this.invitations.waitFor(pred, 'EventInvite', opts);
  }

  waitForRevoked(pred: (r: Revocation) => boolean = () => true, opts?: WaitOptions): Promise<Revocation> {
    return this.revocations.waitFor(pred, 'EventRevoked', opts);
  }

  waitForAnswer(pred: (a: Answer) => boolean = () => true, opts?: WaitOptions): Promise<Answer> {
    return this.answers.waitFor(pred, 'answer to an invitation', opts);
  }

  /** Any received message by canonical name. */
  waitForMessage(message: string, pred?: (m: InboundMessage) => boolean, opts?: WaitOptions): Promise<InboundMessage> {
    return this.link.waitFor(message, pred, opts);
  }

  /** Idempotent: cancels delayed answers, ends waits with an error, closes the socket (the server then logs the agent out). */
  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const reason = `${this.name} stopped`;
    this.invitations.close(reason);
    this.revocations.close(reason);
    this.answers.close(reason);
    await this.link.stop();
  }

  private onMessage(m: InboundMessage): void {
    this.events.emit('message', m);
    const a = m.envelope.attributes;
    if (m.canonical === 'EventInvite' && m.envelope.protocol === 'InteractionManagement') {
      const interaction = (a.Interaction && typeof a.Interaction === 'object' ? a.Interaction : {}) as Record<string, unknown>;
      const inv: Invitation = {
        ticketId: typeof a.TicketId === 'number' ? a.TicketId : undefined,
        interactionId: String(interaction.InteractionId ?? ''),
        interaction,
        receivedAt: Date.now(),
      };
      this.invitations.push(inv);
      this.events.emit('invite', inv);
      this.applyPolicy(inv);
    } else if (m.canonical === 'EventRevoked' && m.envelope.protocol === 'InteractionManagement') {
      const interaction = (a.Interaction && typeof a.Interaction === 'object' ? a.Interaction : {}) as Record<string, unknown>;
      const r: Revocation = { interactionId: String(interaction.InteractionId ?? ''), ticketId: typeof a.TicketId === 'number' ? a.TicketId : undefined, receivedAt: Date.now() };
      this.revocations.push(r);
      this.events.emit('revoked', r);
    } else if (m.canonical === 'EventCurrentAgentStatus') {
      this.events.emit('status', m.envelope);
    }
  }

  private applyPolicy(inv: Invitation): void {
    const { action, delayMs, reason } = decide(this.policy, inv);
    if (action === 'ignore') return;
    const go = () => void this.answer(inv, action, reason).catch(() => undefined /* recorded in answers */);
    if (delayMs > 0) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        go();
      }, delayMs);
      this.timers.add(t);
    } else go();
  }

  private async answer(inv: Invitation, action: 'accept' | 'reject', reason?: Record<string, unknown>): Promise<void> {
    const message = action === 'accept' ? 'RequestAccept' : 'RequestReject';
    // A ticket the server left out (a non-conformant EventInvite) is left out here too: the server's answer shows it.
    const attrs: Record<string, unknown> = { InteractionId: inv.interactionId };
    if (inv.ticketId !== undefined) attrs.TicketId = inv.ticketId;
    if (action === 'reject' && reason) attrs.Reason = reason;
    const waitAck = action === 'reject' || this.opts.expectAcceptAck !== false;
    try {
      if (waitAck) await this.link.request('InteractionManagement', message, attrs);
      else void this.link.request('InteractionManagement', message, attrs, { timeoutMs: 0 }).catch(() => undefined);
      this.record({ invitation: inv, action, outcome: 'acked' });
    } catch (err) {
      const outcome = err instanceof RequestRefusedError ? 'refused' : 'no-answer';
      this.record({ invitation: inv, action, outcome, error: err as Error });
      throw err;
    }
  }

  private record(a: Answer): void {
    this.answers.push(a);
    this.events.emit('answered', a);
  }
}
