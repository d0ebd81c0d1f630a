import { AgentStates } from './action-agent-states.ts';
import type { AgentState } from './action-agent-states.ts';
import { ActionLedger, compact, str } from './action-ledger.ts';
import { AgentRecords } from './action-records.ts';
import type { MediaChannelAction } from './action-ledger.ts';

export type { MediaChannelAction } from './action-ledger.ts';

/** One Reporting event as the Stat Server received it: from which Interaction Server, when (its EventTime, else receipt). */
export interface ReportingInput {
  server: string;
  message: string;
  attributes: Record<string, unknown>;
  /** ISO-8601 receipt time; used when the event carries no EventTime. */
  receivedAt: string;
}

interface Invitation {
  agentId: string;
  start: string;
  attrs: Record<string, unknown>;
  operation?: string;
  visibility?: string;
  inviter?: string;
}

interface HandlingRecord {
  agentId: string;
  start: string;
  type: string;
  attrs: Record<string, unknown>;
}

interface InteractionInfo {
  mediaType?: string;
  type?: string;
  parent?: string;
}

export interface DeriverOptions {
  /**
   * Whether the agent can be routed one more interaction of the media now (the Stat Server's capacity
   * rule: N3 > 0, reference §5.1), asked after the Stat Server applied the event. Without it the deriver's
   * own [INFER] rule: Available and fewer than one interaction of the media in progress.
   */
  routable?: (agentId: string, media: string) => boolean;
}

const TYPES: Record<string, string> = { Inbound: 'Inbound', Outbound: 'Outbound', Internal: 'Internal' };

/**
 * Reporting events in, media-channel actions out, following action-table.ts. Pure: no sockets, no clock —
 * every time comes from the events. One deriver per Stat Server, fed by every Interaction Server it is
 * connected to; with none (restricted cluster mode) it is fed nothing and derives nothing.
 */
export class ActionDeriver {
  private readonly interactions = new Map<string, InteractionInfo>();
  /** `${interaction}|${agent}` */
  private readonly invitations = new AgentRecords<Invitation>();
  private readonly handling = new AgentRecords<HandlingRecord>();
  /** Handling ended by an EventPartyRemoved, waiting for the EventProcessingStopped that may follow it. */
  private readonly justRemoved = new Map<string, HandlingRecord[]>();
  private readonly ledger = new ActionLedger();
  private readonly states: AgentStates;

  constructor(private readonly opts: DeriverOptions = {}) {
    this.states = new AgentStates(this.ledger, (s, m, available) => (this.opts.routable ? this.opts.routable(s.agentId, m) : available && this.interactionsInProgress(s.agentId, m) < 1));
  }

  /** The durable actions in progress now, as `started` records (a late observer catches up with them). */
  inProgress(): MediaChannelAction[] {
    return this.ledger.inProgress();
  }

  consume(ev: ReportingInput): MediaChannelAction[] {
    const a = ev.attributes;
    const t = typeof a.EventTime === 'string' ? a.EventTime : ev.receivedAt;
    const out: MediaChannelAction[] = [];
    const ixnId = typeof a.InteractionId === 'string' ? a.InteractionId : undefined;
    if (ixnId && !ev.message.startsWith('EventAgent') ) this.noteInteraction(ixnId, a);
    switch (ev.message) {
      case 'EventAgentLogin':
      case 'EventPlaceAgentState':
        this.states.login(ev, t, out);
        break;
      case 'EventAgentLogout':
        this.states.logout(str(a.AgentId), t, out);
        break;
      case 'EventMediaAdded':
      case 'EventMediaRemoved':
      case 'EventReadyForMedia':
      case 'EventNotReadyForMedia':
        this.states.mediaChange(ev.message, a, t, out);
        break;
      case 'EventDoNotDisturbOn':
      case 'EventDoNotDisturbOff':
        this.states.doNotDisturb(ev.message === 'EventDoNotDisturbOn', a, t, out);
        break;
      case 'EventInteractionSubmitted':
        if (ixnId) this.submitted(ixnId, a, t, out);
        break;
      case 'EventAgentInvited':
        if (ixnId) this.invited(ixnId, a, t, out);
        break;
      case 'EventPartyAdded':
        if (ixnId) this.partyAdded(ixnId, a, t, out);
        break;
      case 'EventRejected':
      case 'EventRevoked':
        if (ixnId) this.invitationEnds(ixnId, str(a.AgentId), ev.message === 'EventRejected' ? 'Rejected' : 'Revoked', a, t, out);
        break;
      case 'EventPartyRemoved':
        if (ixnId) this.partyRemoved(ixnId, str(a.AgentId), t, out);
        break;
      case 'EventProcessingStopped':
        if (ixnId) this.stopped(ixnId, a, t, out);
        break;
      case 'EventTakenFromQueue':
        if (ixnId && typeof a.TargetAgentId === 'string') {
          const s = this.states.get(a.TargetAgentId);
          out.push(this.ledger.make('Pulled', 'occurred', t, undefined, { ...this.ixnAttrs(ixnId, s, a.TargetAgentId, t), ...compact({ Queue: a.Queue, ViewID: a.ViewId, TargetAgentID: a.TargetAgentId, TargetPlaceID: a.TargetPlaceId }) }));
        }
        break;
      default:
        break;
    }
    return out;
  }

  private noteInteraction(id: string, a: Record<string, unknown>): void {
    const info = this.interactions.get(id) ?? {};
    if (typeof a.MediaType === 'string') info.mediaType = a.MediaType;
    if (typeof a.InteractionType === 'string') info.type = a.InteractionType;
    if (typeof a.ParentInteractionId === 'string') info.parent = a.ParentInteractionId;
    this.interactions.set(id, info);
  }

  private interactionsInProgress(agentId: string, media: string): number {
    let n = 0;
    for (const r of this.handling.ofAgent(agentId)) if (r.attrs.MediaTypeID === media) n++;
    for (const r of this.invitations.ofAgent(agentId)) if (r.attrs.MediaTypeID === media) n++;
    return n;
  }

  private submitted(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = typeof a.AgentId === 'string' ? a.AgentId : undefined;
    if (!agentId) return;
    const s = this.states.get(agentId);
    const type = this.typeOf(id);
    const attrs = this.ixnAttrs(id, s, agentId, t);
    if (type === 'Outbound' || type === 'Internal') out.push(this.ledger.make(`Started${type}`, 'occurred', t, undefined, attrs));
    const parent = this.interactions.get(id)?.parent;
    if (parent && this.handling.has(parent, agentId)) out.push(this.ledger.make('InteractionResponded', 'occurred', t, undefined, { ...attrs, ParentInteractionID: parent }));
  }

  private invited(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = str(a.AgentId);
    const s = this.states.get(agentId);
    const attrs = { ...this.ixnAttrs(id, s, agentId, t), ...compact({ RouterID: a.RouterId, Queue: a.Queue }) };
    const inv: Invitation = { agentId, start: t, attrs, ...compact({ operation: a.Operation, visibility: a.VisibilityMode, inviter: a.InviterAgentId }) };
    this.invitations.set(id, inv);
    this.ledger.begin('Delivering', agentId, id, t, attrs, out);
    out.push(this.ledger.make('DeliveringStarted', 'occurred', t, undefined, attrs));
    if (inv.operation === 'Conference' && inv.visibility === 'Coach' && inv.inviter) {
      out.push(this.ledger.make('CoachingRequested', 'occurred', t, undefined, this.ixnAttrs(id, this.states.get(inv.inviter), inv.inviter, t)));
    }
    if (s) this.states.recompute(s, t, out);
  }

  private partyAdded(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = typeof a.AgentId === 'string' ? a.AgentId : undefined;
    if (!agentId) return;
    const s = this.states.get(agentId);
    const attrs = this.ixnAttrs(id, s, agentId, t);
    const inv = this.invitations.get(id, agentId);
    if (inv) {
      this.invitations.delete(id, agentId);
      this.ledger.end('Delivering', agentId, id, t, out);
      out.push(this.ledger.make('Accepted', 'recorded', inv.start, t, attrs));
    }
    const operation = str(a.Operation ?? inv?.operation);
    const visibility = str(a.VisibilityMode ?? inv?.visibility) || 'Conference';
    const inviter = str(a.InviterAgentId ?? inv?.inviter);
    const others = this.handling.ofInteraction(id).filter((h) => h.agentId !== agentId);
    const forAgent = (who: string) => this.ixnAttrs(id, this.states.get(who), who, t);
    if (operation === 'Transfer') {
      out.push(this.ledger.make('TransferTaken', 'occurred', t, undefined, attrs));
      if (inviter) out.push(this.ledger.make('TransferMade', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Conference' && visibility === 'Coach') {
      if (inv) out.push(this.ledger.make('CoachingByRequestInitiated', 'recorded', inv.start, t, attrs));
      if (inviter) out.push(this.ledger.make('BeingCoached', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Conference') {
      out.push(this.ledger.make('ConferenceJoined', 'occurred', t, undefined, attrs));
      if (inviter) out.push(this.ledger.make('ConferenceMade', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Intrusion') {
      const [mine, theirs] = visibility === 'Monitor' ? ['MonitoringInitiated', 'BeingMonitored'] : visibility === 'Coach' ? ['CoachingByIntrusionInitiated', 'BeingCoached'] : ['ConferenceJoinedByIntrusion', undefined];
      out.push(this.ledger.make(mine, 'occurred', t, undefined, attrs));
      if (theirs) for (const h of others) out.push(this.ledger.make(theirs, 'occurred', t, undefined, forAgent(h.agentId)));
    }
    // [INFER] a supervisor who only monitors or coaches does not handle the interaction.
    if (visibility !== 'Conference') return;
    const type = this.typeOf(id);
    this.handling.set(id, { agentId, start: t, type, attrs });
    this.ledger.begin('Handling', agentId, id, t, attrs, out);
    this.ledger.begin(`Handling${type}`, agentId, id, t, attrs, out);
    out.push(this.ledger.make('HandlingStarted', 'occurred', t, undefined, attrs));
    out.push(this.ledger.make(`Handling${type}Started`, 'occurred', t, undefined, attrs));
    if (s) this.states.recompute(s, t, out);
  }

  private invitationEnds(id: string, agentId: string, action: 'Rejected' | 'Revoked', a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const inv = this.invitations.get(id, agentId);
    if (!inv) return;
    this.invitations.delete(id, agentId);
    this.ledger.end('Delivering', agentId, id, t, out);
    out.push(this.ledger.make(action, 'recorded', inv.start, t, { ...this.ixnAttrs(id, this.states.get(agentId), agentId, t), ...compact({ Reason: a.Reason }) }));
    const s = this.states.get(agentId);
    if (s) this.states.recompute(s, t, out);
  }

  private partyRemoved(id: string, agentId: string, t: string, out: MediaChannelAction[]): void {
    const h = this.handling.get(id, agentId);
    if (!h) return;
    this.endHandling(h, id, t, out);
    this.justRemoved.set(id, [...(this.justRemoved.get(id) ?? []), h]);
  }

  private endHandling(h: HandlingRecord, id: string, t: string, out: MediaChannelAction[]): void {
    this.handling.delete(id, h.agentId);
    this.ledger.end('Handling', h.agentId, id, t, out);
    this.ledger.end(`Handling${h.type}`, h.agentId, id, t, out);
    const s = this.states.get(h.agentId);
    if (s) this.states.recompute(s, t, out);
  }

  private stopped(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const reason = compact({ Reason: a.Reason });
    for (const inv of this.invitations.ofInteraction(id)) {
      this.invitations.delete(id, inv.agentId);
      this.ledger.end('Delivering', inv.agentId, id, t, out);
      out.push(this.ledger.make('InteractionAbandonedDuringOffering', 'recorded', inv.start, t, { ...inv.attrs, EventTime: t, ...reason }));
      const s = this.states.get(inv.agentId);
      if (s) this.states.recompute(s, t, out);
    }
    const still = this.handling.ofInteraction(id);
    for (const h of still) this.endHandling(h, id, t, out);
    for (const h of [...(this.justRemoved.get(id) ?? []), ...still]) {
      out.push(this.ledger.make(`Stopped${h.type}`, 'recorded', h.start, t, { ...h.attrs, EventTime: t, ...reason }));
    }
    this.justRemoved.delete(id);
    this.interactions.delete(id);
  }

  private typeOf(id: string): string {
    return TYPES[this.interactions.get(id)?.type ?? ''] ?? 'Inbound';
  }

  private ixnAttrs(id: string, s: AgentState | undefined, agentId: string, t: string): Record<string, unknown> {
    const info = this.interactions.get(id);
    return compact({ AgentID: agentId, PlaceID: s?.placeId, TenantID: s?.tenantId, EventTime: t, MediaTypeID: info?.mediaType, InteractionID: id, ParentInteractionID: info?.parent });
  }

}
