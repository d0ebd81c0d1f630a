import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentRecord } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { MultiIndex } from './multi-index.ts';
import { sendAck } from './replies.ts';
import { reportedInteraction, sendInvite } from './invitation.ts';

export interface Delivery {
  ticketId: number;
  interaction: Interaction;
  agent: AgentRecord;
  /** The URS that asked; undefined once it disconnected (its EventRouteUsed is then lost). */
  urs: MessageConnection | undefined;
  routeRef: number | undefined;
  routeUsedSent: boolean;
  /** pending: invited; accepted: only kept while the keepTimerAfterAccept fault leaves the timer running. */
  state: 'pending' | 'accepted';
  timer: NodeJS.Timeout | undefined;
}

/** Why a delivery ended without the agent: told to URS in EventRouteUsed Reasons ([INFER]: key Result). */
type Outcome = 'Rejected' | 'Timeout' | 'AgentLeft' | 'Stopped';

/**
 * GenEM Deliver Interaction to Agent (seed 004; /tmp/deliver-flow.md): RequestRouteCall → EventInvite
 * and the delivering timer; then RequestAccept, RequestReject, or the timer's expiry.
 */
/** How many ended invitations the server remembers, to tell a late answer what became of its ticket. */
const ENDED_KEPT = 256;

export class DeliveryManager {
  private readonly byTicket = new Map<number, Delivery>();
  // An agent leaving and an interaction stopping find their deliveries here, not by a scan of them all.
  private readonly byAgentConn = new MultiIndex<MessageConnection, Delivery>();
  private readonly byInteraction = new MultiIndex<Interaction, Delivery>();
  /** Why recent invitations ended, by ticket, with the agent's connection: a late answer is told (bounded, oldest dropped). */
  private readonly ended = new Map<number, { conn: MessageConnection; why: string }>();

  constructor(private readonly ctx: ServerContext) {}

  routeCall(urs: MessageConnection, req: Envelope): void {
    const { ctx } = this;
    const a = req.attributes;
    const i = ctx.interactions.get(a.InteractionId);
    if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `no interaction ${String(a.InteractionId)} on ${ctx.opts.name}`);
    if (i.state !== 'queued') {
      const where = i.state === 'delivering' ? `being delivered to agent ${i.agentId}` : `handled by agent ${i.agentId}`;
      throw new RequestError(ErrorCodes.InvalidAttribute, `interaction ${i.id} is ${where}; only a queued interaction can be routed`);
    }
    if (i.workbin) {
      // [INFER] What waits in a workbin is pulled by an agent (Agent Pulls Interaction), not delivered.
      throw new RequestError(ErrorCodes.InvalidAttribute, `interaction ${i.id} waits in workbin ${i.workbin.type} of agent ${i.workbin.agentId}; an agent pulls it from there`);
    }
    if (a.AgentId === undefined && a.PlaceId === undefined) {
      throw new RequestError(ErrorCodes.Unsupported, 'RequestRouteCall names no AgentId or PlaceId; the reference Interaction Server routes to agents only');
    }
    const agent = ctx.agents.find(a.AgentId, a.PlaceId);
    if (!agent || !agent.conn.isOpen) {
      throw new RequestError(ErrorCodes.UnknownAgent, `agent ${String(a.AgentId ?? a.PlaceId)} is not logged in on ${ctx.opts.name}`);
    }
    if (typeof a.PlaceId === 'string' && a.PlaceId !== agent.placeId) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `agent ${agent.agentId} is logged in at place ${agent.placeId}, not ${a.PlaceId}`);
    }

    const d: Delivery = { ticketId: ctx.tickets.next(), interaction: i, agent, urs, routeRef: req.referenceId, routeUsedSent: false, state: 'pending', timer: undefined };
    this.keep(d);
    i.state = 'delivering';
    i.agentId = agent.agentId;

    // The strategy party leaves as the interaction goes to delivery [INFER: GenEM lists EventPartyRemoved in this phase].
    ctx.reporting.emit('EventPartyRemoved', { ...this.party(i), RouterId: urs.remote.name });
    if (!ctx.opts.faults.omitAgentInvited) {
      ctx.reporting.emit('EventAgentInvited', { ...this.party(i), AgentId: agent.agentId, PlaceId: agent.placeId, RouterId: urs.remote.name });
    } // FAULT omitAgentInvited: the reporting engines never learn of the invitation.
    sendInvite(agent, i, ctx.opts.faults.omitTicketId ? undefined /* FAULT omitTicketId */ : d.ticketId);
    // FAULT ignoreDeliveringTimer: no timer, so the invitation is never revoked and a late answer is taken.
    if (!ctx.opts.faults.ignoreDeliveringTimer) d.timer = setTimeout(() => this.expire(d), ctx.opts.deliveringTimeoutMs);
    if (ctx.opts.faults.routeUsedBeforeAccept) this.routeUsed(d); // FAULT routeUsedBeforeAccept: URS hears "filled" before the agent answers.
    // Profile genem-table: URS Requests Delivery's table lists EventRouteUsed, so URS hears it now, and only now.
    else if (ctx.opts.readings.routeUsedOnDelivery) this.routeUsed(d);
  }

  accept(conn: MessageConnection, req: Envelope): void {
    if (this.ackedLate(conn, req)) return;
    const d = this.ticketFor(conn, req);
    const { faults } = this.ctx.opts;
    // FAULT keepTimerAfterAccept, keepTimerAfterAcceptReportingOnly: the timer runs on.
    if (!faults.keepTimerAfterAccept && !faults.keepTimerAfterAcceptReportingOnly) this.stopTimer(d);
    const i = d.interaction;
    d.state = 'accepted';
    i.state = 'handled';
    this.remember(d, 'it was accepted already');
    if (d.timer === undefined) this.forget(d);
    // Reference §6: GenEM lists no EventAck here, PSDK clients wait for one; the model does not require it.
    if (this.ctx.opts.ackAccept) sendAck(conn, req);
    this.routeUsed(d);
    this.ctx.reporting.emit('EventPartyAdded', { ...this.party(i), AgentId: d.agent.agentId, PlaceId: d.agent.placeId });
  }

  reject(conn: MessageConnection, req: Envelope): void {
    if (this.ackedLate(conn, req)) return;
    const d = this.ticketFor(conn, req);
    this.stopTimer(d);
    this.forget(d);
    this.remember(d, 'it was rejected already');
    const i = d.interaction;
    sendAck(conn, req);
    // The agent's Reason goes on to the reporting engines: it is "the reason for the condition reported by
    // this event" (Stat Server action attribute Reason, [DOC] seed 001); that it is the request's own is [INFER].
    const reason = req.attributes.Reason;
    const rejected = { ...this.party(i), AgentId: d.agent.agentId, PlaceId: d.agent.placeId, ...(reason !== undefined ? { Reason: reason } : {}) };
    if (this.ctx.opts.faults.rejectedToAgent) this.ctx.reporting.sendTo(d.agent.conn, 'EventRejected', rejected); // FAULT rejectedToAgent
    else this.ctx.reporting.emit('EventRejected', rejected);
    this.routeUsed(d, 'Rejected');
    // Back with URS, which may route it again; not placed in a queue (the Reject phase lists no EventPlacedInQueue).
    i.state = 'queued';
    i.agentId = undefined;
  }

  /**
   * The agent's application disconnected (connected=false) or its agent logs out (true): a pending
   * invitation is revoked as on timer expiry — without the IM EventRevoked when the client is gone.
   */
  agentLeaving(conn: MessageConnection, connected: boolean): void {
    for (const d of this.byAgentConn.of(conn)) {
      if (d.state === 'pending') this.revoke(d, connected, 'AgentLeft');
      else this.end(d);
    }
  }

  /**
   * Processing of the interaction stopped (GenEM Stop Processing) while it was being delivered or after:
   * its deliveries end and their timers stop. A URS still waiting for its RequestRouteCall's answer gets
   * EventRouteUsed with Reasons Result Stopped [INFER, as for the other ways a delivery ends]. Returns the
   * pending invitation's ticket, for the agent's EventRevoked.
   */
  interactionStopped(i: Interaction): number | undefined {
    let ticket: number | undefined;
    for (const d of this.byInteraction.of(i)) {
      if (d.state === 'pending') ticket = d.ticketId;
      this.end(d);
      this.remember(d, `processing of interaction ${i.id} was stopped`);
      this.routeUsed(d, 'Stopped');
    }
    return ticket;
  }

  /** Pending deliveries of a gone URS just lose their EventRouteUsed. */
  ursGone(conn: MessageConnection): void {
    for (const d of this.byTicket.values()) if (d.urs === conn) d.urs = undefined;
  }

  pending(): Delivery[] {
    return Array.from(this.byTicket.values());
  }

  stop(): void {
    for (const d of this.byTicket.values()) this.stopTimer(d);
    this.byTicket.clear();
    this.byAgentConn.clear();
    this.byInteraction.clear();
    this.ended.clear();
  }

  private expire(d: Delivery): void {
    d.timer = undefined;
    if (this.byTicket.get(d.ticketId) !== d) return;
    if (d.state === 'accepted' && this.ctx.opts.faults.keepTimerAfterAcceptReportingOnly) {
      // FAULT keepTimerAfterAcceptReportingOnly: only the reporting engines hear the forgotten timer fire.
      this.end(d);
      this.ctx.reporting.emit('EventRevoked', { ...this.party(d.interaction), AgentId: d.agent.agentId, PlaceId: d.agent.placeId });
      this.ctx.reporting.emit('EventPlacedInQueue', this.party(d.interaction));
      return;
    }
    this.revoke(d, true, 'Timeout');
  }

  /** [DOC IxnLimits] revoked and "returned to the queue from which it was taken by URS". */
  private revoke(d: Delivery, tellAgent: boolean, outcome: Outcome): void {
    this.end(d);
    this.remember(d, outcome === 'Timeout' ? `it was revoked when its delivering timer (${this.ctx.opts.deliveringTimeoutMs} ms) expired, and interaction ${d.interaction.id} went back to its queue` : 'it was revoked when its agent left');
    const i = d.interaction;
    if (tellAgent && d.agent.conn.isOpen) {
      d.agent.conn.send({ protocol: 'InteractionManagement', message: 'EventRevoked', attributes: { Interaction: { InteractionId: i.id }, TicketId: d.ticketId } });
    }
    // Profile genem-table: the timeout's table lists only the EventRevoked toward the agent.
    const tableOnly = outcome === 'Timeout' && this.ctx.opts.readings.timeoutTableOnly;
    if (!tableOnly) this.ctx.reporting.emit('EventRevoked', { ...this.party(i), AgentId: d.agent.agentId, PlaceId: d.agent.placeId });
    this.routeUsed(d, outcome);
    // [INFER] not offered again automatically: URS still owns the interaction and decides.
    i.state = 'queued';
    i.agentId = undefined;
    if (!tableOnly) this.ctx.reporting.emit('EventPlacedInQueue', this.party(i));
  }

  private routeUsed(d: Delivery, outcome?: Outcome): void {
    if (d.routeUsedSent) return;
    d.routeUsedSent = true;
    if (!d.urs?.isOpen) return;
    const i = d.interaction;
    const attributes = outcome
      ? { InteractionId: i.id, Reasons: { Result: outcome } }
      : { InteractionId: i.id, AgentId: d.agent.agentId, PlaceId: d.agent.placeId };
    d.urs.send({ protocol: 'TLibrary', message: 'EventRouteUsed', referenceId: d.routeRef, attributes });
  }

  private ticketFor(conn: MessageConnection, req: Envelope): Delivery {
    const { TicketId, InteractionId } = req.attributes;
    const d = typeof TicketId === 'number' ? this.byTicket.get(TicketId) : undefined;
    if (!d || d.agent.conn !== conn || d.state !== 'pending') {
      // 53 TERR_INVALID_ATTR: the ticket is the invalid attribute (the interaction may well exist, so not
      // 56). An answer that comes too late — after the delivering timer revoked the invitation — gets it too.
      const ended = typeof TicketId === 'number' ? this.ended.get(TicketId) : undefined;
      const why = ended && ended.conn === conn ? `: ${ended.why}` : '';
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: no invitation with TicketId ${String(TicketId)} is pending for this agent${why}`);
    }
    if (InteractionId !== d.interaction.id) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: TicketId ${String(TicketId)} invites to interaction ${d.interaction.id}, not ${String(InteractionId)}`);
    }
    return d;
  }

  /** FAULT ackLateAnswer: a late answer to a revoked invitation is acknowledged instead of refused. */
  private ackedLate(conn: MessageConnection, req: Envelope): boolean {
    if (!this.ctx.opts.faults.ackLateAnswer) return false;
    const { TicketId } = req.attributes;
    const ended = typeof TicketId === 'number' && !this.byTicket.has(TicketId) ? this.ended.get(TicketId) : undefined;
    if (!ended || ended.conn !== conn) return false;
    sendAck(conn, req);
    return true;
  }

  private remember(d: Delivery, why: string): void {
    this.ended.delete(d.ticketId);
    this.ended.set(d.ticketId, { conn: d.agent.conn, why });
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value as number);
  }

  private end(d: Delivery): void {
    this.stopTimer(d);
    this.forget(d);
  }

  private keep(d: Delivery): void {
    this.byTicket.set(d.ticketId, d);
    this.byAgentConn.add(d.agent.conn, d);
    this.byInteraction.add(d.interaction, d);
  }

  /** Out of every index at once: a delivery is pending in all of them or in none. */
  private forget(d: Delivery): void {
    if (this.byTicket.get(d.ticketId) !== d) return;
    this.byTicket.delete(d.ticketId);
    this.byAgentConn.delete(d.agent.conn, d);
    this.byInteraction.delete(d.interaction, d);
  }

  /** How many agent connections and interactions the indexes hold deliveries for (tests: a departed one holds none). */
  indexed(): { agents: number; interactions: number } {
    return { agents: this.byAgentConn.keys, interactions: this.byInteraction.keys };
  }

  private stopTimer(d: Delivery): void {
    if (d.timer !== undefined) clearTimeout(d.timer);
    d.timer = undefined;
  }

  private party(i: Interaction): Record<string, unknown> {
    return reportedInteraction(i);
  }
}
