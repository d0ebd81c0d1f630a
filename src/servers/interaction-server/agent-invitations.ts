import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentRecord } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { reportedAgent, reportedInteraction, sendInvite } from './invitation.ts';
import { MultiIndex } from './multi-index.ts';
import { sendAck, sendImError } from './replies.ts';

/**
 * Invitations an agent asks for (GenEM Transfer and Conference, reference §2.8, §2.9): Agent 1, who
 * handles an interaction, names Agent 2 in RequestTransfer or RequestConference; Interaction Server
 * invites Agent 2 (EventInvite, Reporting EventAgentInvited) and starts the delivering timer, as Deliver
 * does. Then Agent 2 accepts, rejects, or lets the timer expire, and Agent 1's request is answered:
 * EventAck when Agent 2 joined, EventError otherwise [INFER: GenEM lists EventError to Agent 1 for the
 * reject and the timeout; the request stays open until the invitation ends]. What joining means is the
 * kind's: transfer.ts, conference.ts.
 */

export type InvitationKind = 'transfer' | 'conference';

export interface AgentInvitation {
  kind: InvitationKind;
  ticketId: number;
  interaction: Interaction;
  /** Agent 1: who asked, and whose request (`request`) is answered when the invitation ends. */
  inviter: AgentRecord;
  request: Envelope;
  /** Agent 2. */
  invitee: AgentRecord;
  timer: NodeJS.Timeout | undefined;
  /** RequestConference's VisibilityMode (Coach: the handling agent asks a supervisor to coach it) [CODE]. */
  visibility?: string;
}

/**
 * How Agent 2 was brought in, on its Reporting EventAgentInvited and EventPartyAdded, so the reporting
 * engine tells a transfer from a conference and a coaching request (Stat Server's TransferMade,
 * ConferenceMade, CoachingRequested ...; seed 001) [INFER: the record shows no such attribute].
 */
export function invitationOrigin(inv: AgentInvitation): Record<string, unknown> {
  return {
    Operation: inv.kind === 'transfer' ? 'Transfer' : 'Conference',
    ...(inv.visibility !== undefined ? { VisibilityMode: inv.visibility } : {}),
    InviterAgentId: inv.inviter.agentId,
    InviterPlaceId: inv.inviter.placeId,
  };
}

/** What Agent 2's accept does beyond what every accepted invitation does (EventAck to Agent 2). */
export type Joining = (ctx: ServerContext, inv: AgentInvitation) => void;

/** How many ended invitations are remembered, to tell a late answer what became of its ticket. */
const ENDED_KEPT = 256;

export class AgentInvitations {
  private readonly byTicket = new Map<number, AgentInvitation>();
  // The invitations each agent connection is in (as invitee or inviter), and the one pending for each
  // interaction: an agent leaving, or a new request checking its interaction, does not scan them all.
  private readonly byConn = new MultiIndex<MessageConnection, AgentInvitation>();
  private readonly byInteraction = new Map<Interaction, AgentInvitation>();
  private readonly ended = new Map<number, { conn: MessageConnection; why: string }>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly joins: Readonly<Record<InvitationKind, Joining>>,
  ) {}

  /** RequestTransfer / RequestConference: checked (Invitation Is Invalid → EventError at once), then Agent 2 is invited. */
  issue(kind: InvitationKind, conn: MessageConnection, req: Envelope): void {
    const { ctx } = this;
    const a = req.attributes;
    const inviter = ctx.agents.ofConnection(conn);
    if (!inviter) throw new RequestError(ErrorCodes.UnknownAgent, `${req.message}: no agent is logged in on this connection; log in first (RequestAgentLogin)`);
    const i = ctx.interactions.get(a.InteractionId);
    if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `${req.message}: no interaction ${String(a.InteractionId)} on ${ctx.opts.name}`);
    if (!ctx.parties.has(i, inviter.agentId)) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${inviter.agentId} does not handle interaction ${i.id}; only a party to it can ${kind} it`);
    }
    const busy = this.pendingFor(i);
    if (busy) throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: interaction ${i.id} already has a ${busy.kind} invitation pending for agent ${busy.invitee.agentId}`);
    if (a.AgentId === undefined && a.PlaceId === undefined) throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message} names no AgentId or PlaceId: whom to invite?`);
    const invitee = ctx.agents.find(a.AgentId, a.PlaceId);
    // GenEM Invitation Is Invalid: "for example, Agent 2 is not registered".
    if (!invitee || !invitee.conn.isOpen) throw new RequestError(ErrorCodes.UnknownAgent, `${req.message}: agent ${String(a.AgentId ?? a.PlaceId)} is not logged in on ${ctx.opts.name}, so cannot be invited`);
    if (typeof a.PlaceId === 'string' && a.PlaceId !== invitee.placeId) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${invitee.agentId} is logged in at place ${invitee.placeId}, not ${a.PlaceId}`);
    }
    if (ctx.parties.has(i, invitee.agentId)) throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: agent ${invitee.agentId} already handles interaction ${i.id}`);

    const visibility = kind === 'conference' && typeof a.VisibilityMode === 'string' ? { visibility: a.VisibilityMode } : {};
    const inv: AgentInvitation = { kind, ticketId: ctx.tickets.next(), interaction: i, inviter, request: req, invitee, timer: undefined, ...visibility };
    this.keep(inv);
    sendInvite(invitee, i, inv.ticketId);
    ctx.reporting.emit('EventAgentInvited', { ...reportedInteraction(i), ...reportedAgent(invitee), ...invitationOrigin(inv) });
    // The same timer as Deliver's [INFER: GenEM Transfer "Invitation Times Out" names no other timer; delivering-timeout is "the time the agent must accept"].
    inv.timer = setTimeout(() => this.expire(inv), ctx.opts.deliveringTimeoutMs);
  }

  /** Does this ticket belong to a transfer or conference invitation (pending, or ended lately)? */
  owns(ticketId: unknown): boolean {
    return typeof ticketId === 'number' && (this.byTicket.has(ticketId) || this.ended.has(ticketId));
  }

  /** Agent 2 accepts: EventAck to it, the invitation's joining, then Agent 1's request answered (in the joining). */
  accept(conn: MessageConnection, req: Envelope): void {
    const inv = this.ticketFor(conn, req);
    this.end(inv, 'it was accepted already');
    sendAck(conn, req);
    this.joins[inv.kind](this.ctx, inv);
  }

  /** Agent 2 rejects: EventAck to it, EventRejected to the reporting engines, EventError to Agent 1. */
  reject(conn: MessageConnection, req: Envelope): void {
    const inv = this.ticketFor(conn, req);
    this.end(inv, 'it was rejected already');
    sendAck(conn, req);
    const reason = req.attributes.Reason;
    this.ctx.reporting.emit('EventRejected', { ...reportedInteraction(inv.interaction), ...reportedAgent(inv.invitee), ...(reason !== undefined ? { Reason: reason } : {}) });
    this.failInviter(inv, ErrorCodes.Rejected, `agent ${inv.invitee.agentId} rejected the ${inv.kind} of interaction ${inv.interaction.id}`);
  }

  /**
   * An agent's application went away or its agent logs out: an invitation to it ends as if its timer
   * expired (without the EventRevoked it can no longer get when gone); one it issued is revoked from
   * Agent 2, since nobody would hear the outcome [INFER].
   */
  agentLeaving(conn: MessageConnection, connected: boolean): void {
    for (const inv of this.byConn.of(conn)) {
      if (inv.invitee.conn === conn) this.revoke(inv, connected, `agent ${inv.invitee.agentId} left before answering the ${inv.kind} invitation`, ErrorCodes.UnknownAgent);
      else if (inv.inviter.conn === conn) this.revoke(inv, true, `agent ${inv.inviter.agentId}, who asked for the ${inv.kind}, left`, ErrorCodes.UnknownAgent);
    }
  }

  pending(): AgentInvitation[] {
    return Array.from(this.byTicket.values());
  }

  stop(): void {
    for (const inv of this.byTicket.values()) if (inv.timer !== undefined) clearTimeout(inv.timer);
    this.byTicket.clear();
    this.byConn.clear();
    this.byInteraction.clear();
    this.ended.clear();
  }

  /** Invitation Times Out: EventRevoked to Agent 2, EventError to Agent 1. */
  private expire(inv: AgentInvitation): void {
    inv.timer = undefined;
    if (this.byTicket.get(inv.ticketId) !== inv) return;
    this.revoke(inv, true, `agent ${inv.invitee.agentId} did not answer the ${inv.kind} invitation within the delivering timer (${this.ctx.opts.deliveringTimeoutMs} ms)`, ErrorCodes.TimedOut, this.ctx.opts.readings.timeoutTableOnly);
  }

  private revoke(inv: AgentInvitation, tellInvitee: boolean, why: string, code: number, tableOnly = false): void {
    this.end(inv, `it was revoked: ${why}`);
    const i = inv.interaction;
    if (tellInvitee && inv.invitee.conn.isOpen) {
      inv.invitee.conn.send({ protocol: 'InteractionManagement', message: 'EventRevoked', attributes: { Interaction: { InteractionId: i.id }, TicketId: inv.ticketId } });
    }
    // GenEM's Times Out table lists only Interaction Management events; the reporting engine heard EventAgentInvited,
    // so it hears the invitation end as in Deliver's timeout (Event Logger: EventRevoked, endpoint Agent) [INFER].
    // Under genem-table a timeout sends only what the Times Out table lists (profiles.ts, timeoutTableOnly).
    if (!tableOnly) this.ctx.reporting.emit('EventRevoked', { ...reportedInteraction(i), ...reportedAgent(inv.invitee) });
    this.failInviter(inv, code, why);
  }

  /** Agent 1's request fails; the interaction stays with the parties it had. */
  private failInviter(inv: AgentInvitation, code: number, why: string): void {
    if (inv.inviter.conn.isOpen) sendImError(inv.inviter.conn, inv.request, code, `${inv.request.message} failed: ${why}`);
  }

  private ticketFor(conn: MessageConnection, req: Envelope): AgentInvitation {
    const { TicketId, InteractionId } = req.attributes;
    const inv = typeof TicketId === 'number' ? this.byTicket.get(TicketId) : undefined;
    if (!inv || inv.invitee.conn !== conn) {
      const ended = typeof TicketId === 'number' ? this.ended.get(TicketId) : undefined;
      const why = ended && ended.conn === conn ? `: ${ended.why}` : '';
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: no invitation with TicketId ${String(TicketId)} is pending for this agent${why}`);
    }
    if (InteractionId !== inv.interaction.id) {
      throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: TicketId ${String(TicketId)} invites to interaction ${inv.interaction.id}, not ${String(InteractionId)}`);
    }
    return inv;
  }

  /** The invitation pending for an interaction (at most one: issue() refuses a second). */
  pendingFor(i: Interaction): AgentInvitation | undefined {
    return this.byInteraction.get(i);
  }

  /** How many agent connections and interactions the indexes hold invitations for (tests: a departed one holds none). */
  indexed(): { agents: number; interactions: number } {
    return { agents: this.byConn.keys, interactions: this.byInteraction.size };
  }

  private keep(inv: AgentInvitation): void {
    this.byTicket.set(inv.ticketId, inv);
    this.byConn.add(inv.invitee.conn, inv);
    this.byConn.add(inv.inviter.conn, inv);
    // issue() refuses a second invitation while one is pending for the interaction: one each.
    this.byInteraction.set(inv.interaction, inv);
  }

  private end(inv: AgentInvitation, why: string): void {
    if (inv.timer !== undefined) clearTimeout(inv.timer);
    inv.timer = undefined;
    if (this.byTicket.get(inv.ticketId) === inv) {
      this.byTicket.delete(inv.ticketId);
      this.byConn.delete(inv.invitee.conn, inv);
      this.byConn.delete(inv.inviter.conn, inv);
      if (this.byInteraction.get(inv.interaction) === inv) this.byInteraction.delete(inv.interaction);
    }
    this.ended.delete(inv.ticketId);
    this.ended.set(inv.ticketId, { conn: inv.invitee.conn, why });
    if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value as number);
  }
}
