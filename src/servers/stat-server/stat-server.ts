import type { InboundMessage } from '../../transport/types.ts';
import type { ClientCommonOptions } from '../shared/client-link.ts';
import { Emitter } from '../shared/emitter.ts';
import type { WaitOptions } from '../shared/waiters.ts';
import { WaitableLog } from '../shared/waiters.ts';
import { AgentBook } from './agent-book.ts';
import type { AgentState } from './agent-book.ts';
import type { CapacityVector } from './capacity-rule.ts';
import { vectorFor } from './capacity-rule.ts';
import { defaultSettings, ruleFor } from './capacity-settings.ts';
import type { CapacitySettings, RuleChoice } from './capacity-settings.ts';
import { IsLink } from './is-link.ts';
import type { InteractionServerTarget } from './is-link.ts';
import { applyReportingEvent } from './reporting-events.ts';

/**
 * What an observer of the Stat Server hears: one Reporting event, as received. The hook for what is
 * derived from the Reporting stream (the media-channel actions of seed 001): register with
 * `statServer.onReportingEvent(listener)` or the constructor's `observers` option. Observers run
 * synchronously, in registration order, after the Stat Server applied the event to the agents' state
 * (`changed` names the agents whose state it changed) and before it sends the statuses that follow.
 * A listener that throws is isolated: the Stat Server goes on, and the error is in `events` 'note'.
 */
export interface ReportingEventSeen {
  /** The Stat Server (participant name). */
  statServer: string;
  /** The Interaction Server it came from (participant name). */
  server: string;
  /** Canonical message name, e.g. EventAgentInvited (an alias a SUT sent is resolved). */
  message: string;
  attributes: Readonly<Record<string, unknown>>;
  /** When the Stat Server received it: ms since the epoch (Date.now()). */
  receivedAt: number;
  /** The whole inbound message (envelope, catalog violations, connection). */
  inbound: InboundMessage;
  /** Agents whose state this event changed (empty for events that change none). */
  changed: readonly string[];
}

export type ReportingObserver = (e: ReportingEventSeen) => void;

export interface StatServerOptions extends Omit<ClientCommonOptions, 'url'> {
  /** One Interaction Server (the older form); `servers` names several. */
  url?: string;
  /** The Interaction Servers to connect to, in turn (seed 000 step 4). */
  servers?: readonly InteractionServerTarget[];
  /** ClientName in RequestRegisterClient (default: the participant name). */
  clientName?: string;
  /** Send RequestStartPlaceAgentReportingAll after registering (default true). */
  subscribe?: boolean;
  /** TenantList for the subscription, e.g. `{ "101": { Workbins: "" } }` (default: none). */
  tenantList?: Record<string, unknown>;
  /** Send EventCurrentAgentStatus for agents whose state changes (default true). */
  answerStatus?: boolean;
  /**
   * When a state change sends the status again: `status-change` (default) when the status computed
   * differs from the last one sent to that server — the first after a login or a snapshot always goes;
   * `state-change` on every event that changed the agent's state, even when the status is the same.
   * The record does not say which [INFER]; the default keeps the wire free of repeats.
   */
  resendOn?: 'status-change' | 'state-change';
  /** Capacity rules and their assignments (default: the Genesys default rule for everyone). */
  capacity?: CapacitySettings;
  /** Wait before connecting again to a server that dropped the connection (default 100 ms). */
  reconnectMs?: number;
  /** Observers of every Reporting event (see ReportingEventSeen). */
  observers?: readonly ReportingObserver[];
}

export interface StatServerEvents {
  /** Every Reporting event received. */
  reporting: InboundMessage;
  /** Something the Stat Server did on its own (reconnecting) or could not do (an event it ignored). */
  note: string;
}

/**
 * The reference Stat Server (GenEM Reporting Engine Connects, seed 000): connects to each Interaction
 * Server in turn, subscribes to agent state, takes one EventPlaceAgentState per logged-in agent, and
 * answers with the agent's *status* — the capacity rule's output (reference §5.1) — in
 * EventCurrentAgentStatus, which the Interaction Server relays to the agent's application. It follows
 * every Reporting event that changes an agent's state and sends the status again.
 */
export class ReferenceStatServer {
  readonly name: string;
  readonly events = new Emitter<StatServerEvents>();
  /** Reporting events received, in order, from every server. */
  readonly reporting: WaitableLog<InboundMessage>;
  readonly book = new AgentBook();
  private readonly links: IsLink[];
  private readonly observers: ReportingObserver[];
  private capacitySettings: CapacitySettings;
  /** Agents and places the Stat Server heard of: an assignment naming one never heard of is reported at stop. */
  private readonly seen = { agent: new Set<string>(), place: new Set<string>() };
  /** Server → agent → the status last sent there, as its text (to send a changed status only). */
  private readonly lastSent = new Map<string, Map<string, string>>();

  constructor(private readonly opts: StatServerOptions) {
    this.name = opts.name ?? 'StatServer1';
    this.reporting = new WaitableLog(this.name, undefined, opts.logKeep);
    this.observers = [...(opts.observers ?? [])];
    this.capacitySettings = opts.capacity ?? defaultSettings();
    const targets = opts.servers ?? (opts.url !== undefined ? [{ url: opts.url, ...(opts.peer ? { peer: opts.peer } : {}), ...(opts.observer ? { observer: opts.observer } : {}) }] : []);
    if (targets.length === 0) throw new Error(`${this.name}: a Stat Server needs at least one Interaction Server (url or servers)`);
    const { servers: _s, url: _u, peer: _p, observer: _o, observers: _obs, capacity: _c, ...common } = opts;
    const linkOpts = {
      ...common,
      clientName: opts.clientName ?? this.name,
      subscribe: opts.subscribe !== false,
      reconnectMs: opts.reconnectMs ?? 100,
    };
    const hooks = {
      message: (link: IsLink, m: InboundMessage) => this.onMessage(link, m),
      lost: (link: IsLink) => this.onLost(link),
      note: (text: string) => this.events.emit('note', text),
    };
    this.links = targets.map((t) => new IsLink(this.name, t, linkOpts, hooks));
  }

  /** Adds an observer of every Reporting event from now on; returns the function that removes it. */
  onReportingEvent(listener: ReportingObserver): () => void {
    this.observers.push(listener);
    return () => {
      const i = this.observers.indexOf(listener);
      if (i >= 0) this.observers.splice(i, 1);
    };
  }

  /** Seed 000 step 4: one Interaction Server after the other, each snapshot asked for before the next connects. */
  async start(): Promise<void> {
    for (const l of this.links) await l.start();
  }

  /** RequestStartPlaceAgentReportingAll again on every connected server (the snapshot follows again). */
  async subscribe(): Promise<void> {
    for (const l of this.links) if (l.isOpen) await l.subscribe();
  }

  get isOpen(): boolean {
    return this.links.some((l) => l.isOpen);
  }

  /** Servers by name, with whether connected and how many times subscribed. */
  connections(): Array<{ server: string; open: boolean; subscriptions: number }> {
    return this.links.map((l) => ({ server: l.server, open: l.isOpen, subscriptions: l.subscriptions }));
  }

  get capacity(): CapacitySettings {
    return this.capacitySettings;
  }

  /** The rule an agent runs under and why (its assignment, or the default). */
  ruleOf(agentId: string): RuleChoice | undefined {
    const part = this.book.partsOf(agentId).values().next().value as AgentState | undefined;
    return part ? ruleFor(this.capacitySettings, part) : undefined;
  }

  /**
   * The agent's capacity vector per media (reference §5.1 [S N1 N2 N3]), across every server it is
   * logged in on: ready for a media when ready on any of them. Undefined when it is logged in nowhere.
   */
  capacityOf(agentId: string): Record<string, CapacityVector> | undefined {
    const parts = Array.from(this.book.partsOf(agentId).values());
    if (parts.length === 0) return undefined;
    const ready = new Map<string, boolean>();
    for (const p of parts) for (const [m, r] of p.media) ready.set(m, (ready.get(m) ?? false) || r);
    const counts = this.book.counts(agentId, this.capacitySettings.treatAcwAsInteraction);
    const { rule } = ruleFor(this.capacitySettings, parts[0]);
    const dnd = parts.some((p) => p.dnd);
    const out: Record<string, CapacityVector> = {};
    for (const [m, r] of ready) out[m] = vectorFor(rule, m, r, counts, dnd);
    return out;
  }

  /** Waits for a Reporting event by canonical name (EventAgentInvited ...) and optional predicate. */
  waitFor(message: string, pred: (m: InboundMessage) => boolean = () => true, opts?: WaitOptions): Promise<InboundMessage> {
    return this.reporting.waitFor((m) => m.canonical === message && pred(m), message, opts);
  }

  /** Names of the Reporting events received so far, in order. */
  received(): string[] {
    return this.reporting.items.map((m) => m.canonical);
  }

  /**
   * Assignments to an agent or a place no Interaction Server told the Stat Server of: a typo in the
   * rule file, or an agent that never logged in. Not an error — the rule file may serve many scenarios —
   * but said, so a rule that never applied is not taken for one that did.
   */
  unusedAssignments(): string[] {
    const out: string[] = [];
    for (const level of ['agent', 'place'] as const) {
      for (const [key, rule] of this.capacitySettings.assignments[level]) if (!this.seen[level].has(key)) out.push(`capacity rule ${rule} is assigned to ${level} ${key}, which no Interaction Server reported while ${this.name} ran: it applied to nobody`);
    }
    return out;
  }

  async stop(): Promise<void> {
    for (const text of this.unusedAssignments()) this.events.emit('note', `${this.name}: ${text}`);
    this.reporting.close(`${this.name} stopped`);
    await Promise.all(this.links.map((l) => l.stop()));
  }

  private onMessage(link: IsLink, m: InboundMessage): void {
    if (m.envelope.protocol !== 'Reporting') return;
    const receivedAt = Date.now();
    this.reporting.push(m);
    this.events.emit('reporting', m);
    const attributes = m.envelope.attributes;
    const applied = applyReportingEvent(this.book, link.server, m.canonical, attributes);
    if (m.canonical === 'EventPlaceAgentState' || m.canonical === 'EventAgentLogin') {
      if (typeof attributes.AgentId === 'string') this.seen.agent.add(attributes.AgentId);
      if (typeof attributes.PlaceId === 'string') this.seen.place.add(attributes.PlaceId);
    }
    if (applied.note) this.events.emit('note', `${this.name}: ${applied.note}`);
    const seen: ReportingEventSeen = { statServer: this.name, server: link.server, message: m.canonical, attributes, receivedAt, inbound: m, changed: applied.changed };
    for (const o of this.observers.slice()) {
      try {
        o(seen);
      } catch (err) {
        this.events.emit('note', `${this.name}: a Reporting observer threw on ${m.canonical}: ${(err as Error).message}`);
      }
    }
    if (this.opts.answerStatus === false) return;
    if (applied.loggedOut !== undefined) this.lastSent.get(link.server)?.delete(applied.loggedOut);
    // A snapshot entry or a login opens the agent's status afresh: it is sent whatever went before.
    if (m.canonical === 'EventPlaceAgentState' || m.canonical === 'EventAgentLogin') for (const id of applied.changed) this.lastSent.get(link.server)?.delete(id);
    for (const agentId of applied.changed) this.sendStatuses(agentId);
  }

  /**
   * EventCurrentAgentStatus to every server the agent is logged in on (its capacity is one across
   * them). MediaStateList says 1 for a media the agent can take one more interaction of (N3 > 0) and 0
   * otherwise [INFER: client code reads 1 Ready, 0 NotReady, reference §5.2; the record has no table].
   */
  private sendStatuses(agentId: string): void {
    const parts = this.book.partsOf(agentId);
    if (parts.size === 0) return;
    const counts = this.book.counts(agentId, this.capacitySettings.treatAcwAsInteraction);
    for (const [server, part] of parts) {
      const link = this.links.find((l) => l.server === server);
      if (!link) continue;
      const { rule } = ruleFor(this.capacitySettings, part);
      const list: Record<string, number> = {};
      for (const [m, ready] of part.media) list[m] = vectorFor(rule, m, ready, counts, part.dnd).routable > 0 ? 1 : 0;
      let sent = this.lastSent.get(server);
      if (!sent) this.lastSent.set(server, (sent = new Map()));
      const text = JSON.stringify([list, part.dnd]);
      if (this.opts.resendOn !== 'state-change' && sent.get(agentId) === text) continue;
      sent.set(agentId, text);
      link.send({ protocol: 'Reporting', message: 'EventCurrentAgentStatus', attributes: { AgentId: agentId, PlaceId: part.placeId, MediaStateList: list, DonotDisturb: part.dnd } });
    }
  }

  /** A dropped connection: what that server said of its agents is forgotten until its snapshot comes again. */
  private onLost(link: IsLink): void {
    this.lastSent.delete(link.server);
    for (const agentId of this.book.agentsOn(link.server)) this.book.remove(link.server, agentId);
  }
}
