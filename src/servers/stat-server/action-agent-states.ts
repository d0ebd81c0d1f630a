import type { ActionLedger, MediaChannelAction } from './action-ledger.ts';
import { compact, str } from './action-ledger.ts';
import type { ReportingInput } from './action-deriver.ts';

/** What the deriver knows of one agent: where it is logged in, its media and their readiness, do-not-disturb. */
export interface AgentState {
  agentId: string;
  placeId: string;
  tenantId?: number;
  server: string;
  /** media → ready */
  media: Map<string, boolean>;
  dnd: boolean;
}

/**
 * The agents' own actions (not about an interaction): Active per media, Available, Blocked, Routable and
 * NotRoutable per media, DoNotDisturb — from the agent events (login, logout, media, readiness,
 * do-not-disturb; action-table.ts), re-judged whenever something about the agent changes.
 */
export class AgentStates {
  private readonly byId = new Map<string, AgentState>();

  constructor(
    private readonly ledger: ActionLedger,
    /** Whether the agent can take one more interaction of the media now. */
    private readonly routable: (s: AgentState, media: string, available: boolean) => boolean,
  ) {}

  get(agentId: string): AgentState | undefined {
    return this.byId.get(agentId);
  }

  doNotDisturb(on: boolean, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const s = this.byId.get(str(a.AgentId));
    if (!s) return;
    s.dnd = on;
    if (on) this.ledger.begin('DoNotDisturb', s.agentId, '', t, this.agentAttrs(s, t), out);
    else this.ledger.end('DoNotDisturb', s.agentId, '', t, out);
    this.recompute(s, t, out);
  }

  login(ev: ReportingInput, t: string, out: MediaChannelAction[]): void {
    const a = ev.attributes;
    const agentId = str(a.AgentId ?? a.PlaceId);
    if (!agentId || (ev.message === 'EventPlaceAgentState' && this.byId.has(agentId))) return;
    const list = (a.MediaList ?? a.MediaStateList) as Record<string, unknown> | undefined;
    const s: AgentState = { agentId, placeId: str(a.PlaceId), server: ev.server, media: new Map(), dnd: a.DonotDisturb === true, ...(typeof a.TenantId === 'number' ? { tenantId: a.TenantId } : {}) };
    this.byId.set(agentId, s);
    for (const [m, v] of Object.entries(list ?? {})) {
      s.media.set(m, v !== 0);
      this.ledger.begin('Active', agentId, m, t, this.mediaAttrs(s, m, t), out);
    }
    if (s.dnd) this.ledger.begin('DoNotDisturb', agentId, '', t, this.agentAttrs(s, t), out);
    this.recompute(s, t, out);
  }

  logout(agentId: string, t: string, out: MediaChannelAction[]): void {
    const s = this.byId.get(agentId);
    if (!s) return;
    for (const m of s.media.keys()) for (const act of ['Routable', 'NotRoutable', 'Available', 'Blocked', 'Active']) this.ledger.end(act, agentId, m, t, out);
    this.ledger.end('DoNotDisturb', agentId, '', t, out);
    this.byId.delete(agentId);
  }

  mediaChange(message: string, a: Record<string, unknown>, t: string, out: MediaChannelAction[]): void {
    const s = this.byId.get(str(a.AgentId));
    const m = str(a.MediaType ?? a.MediaTypeName);
    if (!s || !m) return;
    if (message === 'EventMediaAdded') {
      if (!s.media.has(m)) s.media.set(m, true);
      this.ledger.begin('Active', s.agentId, m, t, this.mediaAttrs(s, m, t), out);
    } else if (message === 'EventMediaRemoved') {
      for (const act of ['Routable', 'NotRoutable', 'Available', 'Blocked', 'Active']) this.ledger.end(act, s.agentId, m, t, out);
      s.media.delete(m);
      return;
    } else if (s.media.has(m)) {
      s.media.set(m, message === 'EventReadyForMedia');
    }
    this.recompute(s, t, out, a.Reason);
  }

  /** Available, Blocked, Routable and NotRoutable of every media of the agent, from its state now. */
  recompute(s: AgentState, t: string, out: MediaChannelAction[], reason?: unknown): void {
    for (const [m, ready] of s.media) {
      const available = ready && !s.dnd;
      const attrs = this.mediaAttrs(s, m, t);
      this.ledger.toggle('Available', available, s.agentId, m, t, attrs, out);
      this.ledger.toggle('Blocked', !ready, s.agentId, m, t, reason !== undefined ? { ...attrs, Reason: reason } : attrs, out);
      const routable = this.routable(s, m, available);
      // NotRoutable ends before Routable starts (and the other way round), so the two never overlap.
      if (routable) {
        this.ledger.toggle('NotRoutable', false, s.agentId, m, t, attrs, out);
        this.ledger.toggle('Routable', true, s.agentId, m, t, attrs, out);
      } else {
        this.ledger.toggle('Routable', false, s.agentId, m, t, attrs, out);
        this.ledger.toggle('NotRoutable', true, s.agentId, m, t, attrs, out);
      }
    }
  }

  agentAttrs(s: AgentState, t: string): Record<string, unknown> {
    return compact({ AgentID: s.agentId, PlaceID: s.placeId, TenantID: s.tenantId, EventTime: t });
  }

  mediaAttrs(s: AgentState, media: string, t: string): Record<string, unknown> {
    return { ...this.agentAttrs(s, t), MediaTypeID: media };
  }
}
