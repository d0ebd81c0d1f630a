import { actionRow } from './action-table.ts';
import type { ActionKind } from './action-table.ts';

/** One Reporting event as the Stat Server received it: from which Interaction Server, when (its EventTime, else receipt). */
export interface ReportingInput {
  server: string;
  message: string;
  attributes: Record<string, unknown>;
  /** ISO-8601 receipt time; used when the event carries no EventTime. */
  receivedAt: string;
}

/**
 * A media-channel action as the Stat Server records it. `started` and `ended` are the two ends of a
 * durable action (each published as it happens); a momentary action `occurred`; a retrospective one is
 * `recorded` once it is over, with both its times.
 */
export interface MediaChannelAction {
  action: string;
  kind: ActionKind;
  phase: 'started' | 'ended' | 'occurred' | 'recorded';
  startTime: string;
  endTime?: string;
  /** Seed 001's attribute names (AgentID, MediaTypeID, InteractionID ...). */
  attributes: Record<string, unknown>;
}

interface AgentState {
  agentId: string;
  placeId: string;
  tenantId?: number;
  server: string;
  /** media → ready */
  media: Map<string, boolean>;
  dnd: boolean;
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

interface Open {
  action: string;
  start: string;
  attrs: Record<string, unknown>;
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
  private readonly agents = new Map<string, AgentState>();
  private readonly interactions = new Map<string, InteractionInfo>();
  /** `${interaction}|${agent}` */
  private readonly invitations = new Map<string, Invitation>();
  private readonly handling = new Map<string, HandlingRecord>();
  /** Handling ended by an EventPartyRemoved, waiting for the EventProcessingStopped that may follow it. */
  private readonly justRemoved = new Map<string, HandlingRecord[]>();
  /** Durable actions in progress, by `${action}|${agent}|${media or interaction}`. */
  private readonly open = new Map<string, Open>();

  constructor(private readonly opts: DeriverOptions = {}) {}

  /** The durable actions in progress now, as `started` records (a late observer catches up with them). */
  inProgress(): MediaChannelAction[] {
    return [...this.open.values()].map((o) => this.make(o.action, 'started', o.start, undefined, o.attrs));
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
        this.login(ev, t, out);
        break;
      case 'EventAgentLogout':
        this.logout(str(a.AgentId), t, out);
        break;
      case 'EventMediaAdded':
      case 'EventMediaRemoved':
      case 'EventReadyForMedia':
      case 'EventNotReadyForMedia':
        this.mediaChange(ev.message, a, t, out);
        break;
      case 'EventDoNotDisturbOn':
      case 'EventDoNotDisturbOff': {
        const s = this.agents.get(str(a.AgentId));
        if (!s) break;
        s.dnd = ev.message === 'EventDoNotDisturbOn';
        if (s.dnd) this.begin('DoNotDisturb', s.agentId, '', t, this.agentAttrs(s, t), out);
        else this.end('DoNotDisturb', s.agentId, '', t, out);
        this.recompute(s, t, out);
        break;
      }
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
          const s = this.agents.get(a.TargetAgentId);
          out.push(this.make('Pulled', 'occurred', t, undefined, { ...this.ixnAttrs(ixnId, s, a.TargetAgentId, t), ...compact({ Queue: a.Queue, ViewID: a.ViewId, TargetAgentID: a.TargetAgentId, TargetPlaceID: a.TargetPlaceId }) }));
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

  private login(ev: ReportingInput, t: string, out: MediaChannelAction[]): void {
    const a = ev.attributes;
    const agentId = str(a.AgentId ?? a.PlaceId);
    if (!agentId || (ev.message === 'EventPlaceAgentState' && this.agents.has(agentId))) return;
    const list = (a.MediaList ?? a.MediaStateList) as Record<string, unknown> | undefined;
    const s: AgentState = { agentId, placeId: str(a.PlaceId), server: ev.server, media: new Map(), dnd: a.DonotDisturb === true, ...(typeof a.TenantId === 'number' ? { tenantId: a.TenantId } : {}) };
    this.agents.set(agentId, s);
    for (const [m, v] of Object.entries(list ?? {})) {
      s.media.set(m, v !== 0);
      this.begin('Active', agentId, m, t, this.mediaAttrs(s, m, t), out);
    }
    if (s.dnd) this.begin('DoNotDisturb', agentId, '', t, this.agentAttrs(s, t), out);
    this.recompute(s, t, out);
  }

  private logout(agentId: string, t: string, out: MediaChannelAction[]): void {
    const s = this.agents.get(agentId);
    if (!s) return;
    for (const m of s.media.keys()) for (const act of ['Routable', 'NotRoutable', 'Available', 'Blocked', 'Active']) this.end(act, agentId, m, t, out);
    this.end('DoNotDisturb', agentId, '', t, out);
    this.agents.delete(agentId);
  }

  private mediaChange(message: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const s = this.agents.get(str(a.AgentId));
    const m = str(a.MediaType ?? a.MediaTypeName);
    if (!s || !m) return;
    if (message === 'EventMediaAdded') {
      if (!s.media.has(m)) s.media.set(m, true);
      this.begin('Active', s.agentId, m, t, this.mediaAttrs(s, m, t), out);
    } else if (message === 'EventMediaRemoved') {
      for (const act of ['Routable', 'NotRoutable', 'Available', 'Blocked', 'Active']) this.end(act, s.agentId, m, t, out);
      s.media.delete(m);
      return;
    } else if (s.media.has(m)) {
      s.media.set(m, message === 'EventReadyForMedia');
    }
    this.recompute(s, t, out, a.Reason);
  }

  /** Available, Blocked, Routable and NotRoutable of every media of the agent, from its state now. */
  private recompute(s: AgentState, t: string, out: MediaChannelAction[], reason?: unknown): void {
    for (const [m, ready] of s.media) {
      const available = ready && !s.dnd;
      const attrs = this.mediaAttrs(s, m, t);
      this.toggle('Available', available, s.agentId, m, t, attrs, out);
      this.toggle('Blocked', !ready, s.agentId, m, t, reason !== undefined ? { ...attrs, Reason: reason } : attrs, out);
      const routable = this.opts.routable ? this.opts.routable(s.agentId, m) : available && this.inProgress_(s.agentId, m) < 1;
      // NotRoutable ends before Routable starts (and the other way round), so the two never overlap.
      if (routable) {
        this.toggle('NotRoutable', false, s.agentId, m, t, attrs, out);
        this.toggle('Routable', true, s.agentId, m, t, attrs, out);
      } else {
        this.toggle('Routable', false, s.agentId, m, t, attrs, out);
        this.toggle('NotRoutable', true, s.agentId, m, t, attrs, out);
      }
    }
  }

  private inProgress_(agentId: string, media: string): number {
    let n = 0;
    for (const r of [...this.handling.values(), ...this.invitations.values()]) {
      if (r.agentId === agentId && r.attrs.MediaTypeID === media) n++;
    }
    return n;
  }

  private submitted(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = typeof a.AgentId === 'string' ? a.AgentId : undefined;
    if (!agentId) return;
    const s = this.agents.get(agentId);
    const type = this.typeOf(id);
    const attrs = this.ixnAttrs(id, s, agentId, t);
    if (type === 'Outbound' || type === 'Internal') out.push(this.make(`Started${type}`, 'occurred', t, undefined, attrs));
    const parent = this.interactions.get(id)?.parent;
    if (parent && this.handling.has(key(parent, agentId))) out.push(this.make('InteractionResponded', 'occurred', t, undefined, { ...attrs, ParentInteractionID: parent }));
  }

  private invited(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = str(a.AgentId);
    const s = this.agents.get(agentId);
    const attrs = { ...this.ixnAttrs(id, s, agentId, t), ...compact({ RouterID: a.RouterId, Queue: a.Queue }) };
    const inv: Invitation = { agentId, start: t, attrs, ...compact({ operation: a.Operation, visibility: a.VisibilityMode, inviter: a.InviterAgentId }) };
    this.invitations.set(key(id, agentId), inv);
    this.begin('Delivering', agentId, id, t, attrs, out);
    out.push(this.make('DeliveringStarted', 'occurred', t, undefined, attrs));
    if (inv.operation === 'Conference' && inv.visibility === 'Coach' && inv.inviter) {
      out.push(this.make('CoachingRequested', 'occurred', t, undefined, this.ixnAttrs(id, this.agents.get(inv.inviter), inv.inviter, t)));
    }
    if (s) this.recompute(s, t, out);
  }

  private partyAdded(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const agentId = typeof a.AgentId === 'string' ? a.AgentId : undefined;
    if (!agentId) return;
    const s = this.agents.get(agentId);
    const attrs = this.ixnAttrs(id, s, agentId, t);
    const inv = this.invitations.get(key(id, agentId));
    if (inv) {
      this.invitations.delete(key(id, agentId));
      this.end('Delivering', agentId, id, t, out);
      out.push(this.make('Accepted', 'recorded', inv.start, t, attrs));
    }
    const operation = str(a.Operation ?? inv?.operation);
    const visibility = str(a.VisibilityMode ?? inv?.visibility) || 'Conference';
    const inviter = str(a.InviterAgentId ?? inv?.inviter);
    const others = [...this.handling.values()].filter((h) => h.attrs.InteractionID === id && h.agentId !== agentId);
    const forAgent = (who: string) => this.ixnAttrs(id, this.agents.get(who), who, t);
    if (operation === 'Transfer') {
      out.push(this.make('TransferTaken', 'occurred', t, undefined, attrs));
      if (inviter) out.push(this.make('TransferMade', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Conference' && visibility === 'Coach') {
      if (inv) out.push(this.make('CoachingByRequestInitiated', 'recorded', inv.start, t, attrs));
      if (inviter) out.push(this.make('BeingCoached', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Conference') {
      out.push(this.make('ConferenceJoined', 'occurred', t, undefined, attrs));
      if (inviter) out.push(this.make('ConferenceMade', 'occurred', t, undefined, forAgent(inviter)));
    } else if (operation === 'Intrusion') {
      const [mine, theirs] = visibility === 'Monitor' ? ['MonitoringInitiated', 'BeingMonitored'] : visibility === 'Coach' ? ['CoachingByIntrusionInitiated', 'BeingCoached'] : ['ConferenceJoinedByIntrusion', undefined];
      out.push(this.make(mine, 'occurred', t, undefined, attrs));
      if (theirs) for (const h of others) out.push(this.make(theirs, 'occurred', t, undefined, forAgent(h.agentId)));
    }
    // [INFER] a supervisor who only monitors or coaches does not handle the interaction.
    if (visibility !== 'Conference') return;
    const type = this.typeOf(id);
    this.handling.set(key(id, agentId), { agentId, start: t, type, attrs });
    this.begin('Handling', agentId, id, t, attrs, out);
    this.begin(`Handling${type}`, agentId, id, t, attrs, out);
    out.push(this.make('HandlingStarted', 'occurred', t, undefined, attrs));
    out.push(this.make(`Handling${type}Started`, 'occurred', t, undefined, attrs));
    if (s) this.recompute(s, t, out);
  }

  private invitationEnds(id: string, agentId: string, action: 'Rejected' | 'Revoked', a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const inv = this.invitations.get(key(id, agentId));
    if (!inv) return;
    this.invitations.delete(key(id, agentId));
    this.end('Delivering', agentId, id, t, out);
    out.push(this.make(action, 'recorded', inv.start, t, { ...this.ixnAttrs(id, this.agents.get(agentId), agentId, t), ...compact({ Reason: a.Reason }) }));
    const s = this.agents.get(agentId);
    if (s) this.recompute(s, t, out);
  }

  private partyRemoved(id: string, agentId: string, t: string, out: MediaChannelAction[]): void {
    const h = this.handling.get(key(id, agentId));
    if (!h) return;
    this.endHandling(h, id, t, out);
    this.justRemoved.set(id, [...(this.justRemoved.get(id) ?? []), h]);
  }

  private endHandling(h: HandlingRecord, id: string, t: string, out: MediaChannelAction[]): void {
    this.handling.delete(key(id, h.agentId));
    this.end('Handling', h.agentId, id, t, out);
    this.end(`Handling${h.type}`, h.agentId, id, t, out);
    const s = this.agents.get(h.agentId);
    if (s) this.recompute(s, t, out);
  }

  private stopped(id: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const reason = compact({ Reason: a.Reason });
    for (const [k, inv] of [...this.invitations]) {
      if (inv.attrs.InteractionID !== id) continue;
      this.invitations.delete(k);
      this.end('Delivering', inv.agentId, id, t, out);
      out.push(this.make('InteractionAbandonedDuringOffering', 'recorded', inv.start, t, { ...inv.attrs, EventTime: t, ...reason }));
      const s = this.agents.get(inv.agentId);
      if (s) this.recompute(s, t, out);
    }
    const still = [...this.handling.values()].filter((h) => h.attrs.InteractionID === id);
    for (const h of still) this.endHandling(h, id, t, out);
    for (const h of [...(this.justRemoved.get(id) ?? []), ...still]) {
      out.push(this.make(`Stopped${h.type}`, 'recorded', h.start, t, { ...h.attrs, EventTime: t, ...reason }));
    }
    this.justRemoved.delete(id);
    this.interactions.delete(id);
  }

  private typeOf(id: string): string {
    return TYPES[this.interactions.get(id)?.type ?? ''] ?? 'Inbound';
  }

  private agentAttrs(s: AgentState, t: string): Record<string, unknown> {
    return compact({ AgentID: s.agentId, PlaceID: s.placeId, TenantID: s.tenantId, EventTime: t });
  }

  private mediaAttrs(s: AgentState, media: string, t: string): Record<string, unknown> {
    return { ...this.agentAttrs(s, t), MediaTypeID: media };
  }

  private ixnAttrs(id: string, s: AgentState | undefined, agentId: string, t: string): Record<string, unknown> {
    const info = this.interactions.get(id);
    return compact({ AgentID: agentId, PlaceID: s?.placeId, TenantID: s?.tenantId, EventTime: t, MediaTypeID: info?.mediaType, InteractionID: id, ParentInteractionID: info?.parent });
  }

  private toggle(action: string, on: boolean, agentId: string, scope: string, t: string, attrs: Record<string, unknown>, out: MediaChannelAction[]): void {
    if (on) this.begin(action, agentId, scope, t, attrs, out);
    else this.end(action, agentId, scope, t, out);
  }

  private begin(action: string, agentId: string, scope: string, t: string, attrs: Record<string, unknown>, out: MediaChannelAction[]): void {
    const k = `${action}|${agentId}|${scope}`;
    if (this.open.has(k)) return;
    this.open.set(k, { action, start: t, attrs });
    out.push(this.make(action, 'started', t, undefined, attrs));
  }

  private end(action: string, agentId: string, scope: string, t: string, out: MediaChannelAction[]): void {
    const k = `${action}|${agentId}|${scope}`;
    const o = this.open.get(k);
    if (!o) return;
    this.open.delete(k);
    out.push(this.make(action, 'ended', o.start, t, { ...o.attrs, EventTime: t }));
  }

  private make(action: string, phase: MediaChannelAction['phase'], start: string, endTime: string | undefined, attrs: Record<string, unknown>): MediaChannelAction {
    const row = actionRow(action);
    if (!row) throw new Error(`action-deriver: ${action} is not in action-table.ts`);
    return { action, kind: row.kind, phase, startTime: start, ...(endTime !== undefined ? { endTime } : {}), attributes: attrs };
  }
}

function key(interaction: string, agent: string): string {
  return `${interaction}|${agent}`;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) r[k] = o[k];
  return r;
}
