import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { AgentRecord } from './agents.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { MultiIndex } from './multi-index.ts';
import { party, placeIn } from './placement.ts';
import type { PlacementTarget } from './placement.ts';
import { compact } from './reporting.ts';
import { notifyWorkbin, workbinAttributes } from './workbins.ts';

/** A pulled interaction and its processing timer. */
interface Handling {
  interaction: Interaction;
  agent: AgentRecord;
  /** Where it was pulled from: a timeout returns it there. */
  from: PlacementTarget;
  timer: NodeJS.Timeout | undefined;
}

/**
 * GenEM Agent Pulls Interaction (reference §2.12): RequestPull → EventPulledInteractions, EventPartyAdded,
 * EventTakenFromQueue (+ EventTakenFromWorkbin and EventWorkbinContentChanged from a workbin), and the
 * processing timer — the handling-timeout option, 180 min by default [DOC IxnLimits]. Processing Occurs:
 * any Interaction Management request from the handling agent resets it. No Processing: Timeout: the
 * timer expires, EventPartyRemoved and EventRevoked, and the interaction goes back where it was pulled
 * from ([DOC IxnLimits] "revoked and returned to queue"; GenEM's table lists no Reporting event for that,
 * so the model allows the EventPlacedInQueue and does not require it).
 *
 * [INFER] The timer runs for pulled interactions only: GenEM ties it to the Pull model, and the reference
 * Deliver flow does not start it after an accept.
 */
export class HandlingTimers {
  private readonly byInteraction = new Map<string, Handling>();
  /** The same, by the connection of the agent each timer follows: an agent leaving does not scan every timer. */
  private readonly byAgentConn = new MultiIndex<MessageConnection, Handling>();

  constructor(private readonly ctx: ServerContext) {}

  pull(conn: MessageConnection, req: Envelope): void {
    const { ctx } = this;
    const agent = ctx.agents.ofConnection(conn);
    if (!agent) throw new RequestError(ErrorCodes.UnknownAgent, 'RequestPull: no agent is logged in on this connection');
    const i = ctx.interactions.get(req.attributes.InteractionId);
    if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `no interaction ${String(req.attributes.InteractionId)} on ${ctx.opts.name}`);
    if (i.state !== 'queued') {
      throw new RequestError(ErrorCodes.InvalidAttribute, `RequestPull: interaction ${i.id} is ${i.state === 'delivering' ? 'being delivered to' : 'handled by'} agent ${i.agentId}, not waiting in a queue or a workbin`);
    }
    const from: PlacementTarget = i.workbin ? { workbin: i.workbin } : { queue: i.queue };
    const view = typeof req.attributes.ViewId === 'string' ? { ViewId: req.attributes.ViewId } : {};
    const who = { AgentId: agent.agentId, PlaceId: agent.placeId };
    i.state = 'handled';
    i.agentId = agent.agentId;
    const properties = compact({ InteractionId: i.id, InteractionMediatype: i.mediaType, InteractionType: i.type, InteractionQueue: i.queue });
    const proxy = req.attributes.ProxyClientId;
    conn.send({
      protocol: 'InteractionManagement',
      message: 'EventPulledInteractions',
      referenceId: req.referenceId,
      attributes: { Interactions: { [i.id]: properties }, ...(Number.isInteger(proxy) ? { ProxyClientId: proxy } : {}) },
    });
    ctx.reporting.emit('EventPartyAdded', { ...party(i), ...who, ...view });
    const taken = { ...party(i), ...who, TargetAgentId: agent.agentId, TargetPlaceId: agent.placeId, ...view };
    if ('workbin' in from) {
      ctx.reporting.emit('EventTakenFromQueue', { ...taken, ...workbinAttributes(from.workbin) });
      ctx.reporting.emit('EventTakenFromWorkbin', { ...taken, ...workbinAttributes(from.workbin) });
      ctx.workbins.remove(from.workbin, i.id);
      i.workbin = undefined;
      notifyWorkbin(ctx, from.workbin, i.id, 'Removed');
    } else {
      ctx.reporting.emit('EventTakenFromQueue', taken);
    }
    const h: Handling = { interaction: i, agent, from, timer: undefined };
    this.byInteraction.set(i.id, h);
    this.byAgentConn.add(agent.conn, h);
    this.arm(h);
  }

  /**
   * Processing Occurs: a request from this connection resets the timer of every pulled interaction its
   * agent handles — the agent who pulled it, or whoever it was transferred to since (the party roster).
   */
  touch(conn: MessageConnection): void {
    if (this.ctx.opts.faults.handlingTimerNotReset) return; // FAULT handlingTimerNotReset: requests do not count as processing.
    const agent = this.ctx.agents.ofConnection(conn);
    if (!agent) return;
    for (const h of this.byInteraction.values()) {
      if (!this.ctx.parties.has(h.interaction, agent.agentId)) continue;
      this.follow(h, agent);
      this.arm(h);
    }
  }

  /** The interaction leaves its agent another way (placed in a queue or a workbin): no timer any more. */
  release(i: Interaction): void {
    const h = this.byInteraction.get(i.id);
    if (!h) return;
    if (h.timer !== undefined) clearTimeout(h.timer);
    this.byInteraction.delete(i.id);
    this.byAgentConn.delete(h.agent.conn, h);
  }

  /** The agent's application left: its timers stop with it (the Deliver model's accepted interactions stay as they are too). */
  agentLeaving(conn: MessageConnection): void {
    for (const h of this.byAgentConn.of(conn)) this.release(h.interaction);
  }

  /** Interactions with a running processing timer, for state(). */
  running(): { interactionId: string; agentId: string }[] {
    return [...this.byInteraction.values()].map((h) => ({ interactionId: h.interaction.id, agentId: h.agent.agentId }));
  }

  stop(): void {
    for (const h of this.byInteraction.values()) if (h.timer !== undefined) clearTimeout(h.timer);
    this.byInteraction.clear();
    this.byAgentConn.clear();
  }

  /** How many agent connections the index holds timers for (tests: a departed agent holds none). */
  indexed(): number {
    return this.byAgentConn.keys;
  }

  /** The timer follows another agent (its handler now): re-indexed under that agent's connection. */
  private follow(h: Handling, agent: AgentRecord): void {
    if (h.agent === agent) return;
    this.byAgentConn.delete(h.agent.conn, h);
    h.agent = agent;
    this.byAgentConn.add(agent.conn, h);
  }

  private arm(h: Handling): void {
    if (h.timer !== undefined) clearTimeout(h.timer);
    h.timer = setTimeout(() => this.expire(h), this.ctx.opts.handlingTimeoutMs);
  }

  /** No Processing: Timeout — EventPartyRemoved, EventRevoked, and back where it came from. */
  private expire(h: Handling): void {
    h.timer = undefined;
    if (this.byInteraction.get(h.interaction.id) !== h) return;
    this.byInteraction.delete(h.interaction.id);
    this.byAgentConn.delete(h.agent.conn, h);
    const { ctx } = this;
    const i = h.interaction;
    // The interaction went to another agent since (a transfer): the timer follows its handler, the first party.
    const handler = i.agentId !== undefined ? ctx.agents.get(i.agentId) : undefined;
    if (i.state !== 'handled' || !handler) return;
    h.agent = handler; // out of every index already
    const who = { AgentId: h.agent.agentId, PlaceId: h.agent.placeId };
    ctx.reporting.emit('EventPartyRemoved', { ...party(i), ...who });
    if (h.agent.conn.isOpen) {
      h.agent.conn.send({ protocol: 'InteractionManagement', message: 'EventRevoked', attributes: { Interaction: { InteractionId: i.id } } });
    }
    placeIn(ctx, i, h.from, {});
  }
}
