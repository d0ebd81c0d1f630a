import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { sendAck } from './replies.ts';
import { compact } from './reporting.ts';
import type { WorkbinRef } from './workbins.ts';

export type InteractionState = 'queued' | 'delivering' | 'handled';

export interface Interaction {
  id: string;
  tenantId?: number;
  mediaType: string;
  type: string;
  subtype?: string;
  queue: string;
  userData: Record<string, unknown>;
  state: InteractionState;
  /** Agent handling it (state handled) or invited to it (delivering). */
  agentId?: string;
  /** Sent to the URS connected at the time (EventRouteRequest), so a URS connecting later is not told again. */
  announced: boolean;
  submittedBy: string;
  /** The workbin it waits in (state queued; its queue is then named after the workbin type). */
  workbin?: WorkbinRef;
}

/**
 * Interactions of this server. Ids are 16 upper-case hex digits: the instance prefix (4) and a counter
 * (12), so ids are deterministic per server instance and traces reproducible.
 */
export class InteractionStore {
  private readonly byId = new Map<string, Interaction>();
  private counter = 0;

  constructor(private readonly prefix: string) {}

  nextId(): string {
    return this.prefix + (++this.counter).toString(16).toUpperCase().padStart(12, '0');
  }

  add(i: Interaction): void {
    this.byId.set(i.id, i);
  }

  get(id: unknown): Interaction | undefined {
    return typeof id === 'string' ? this.byId.get(id) : undefined;
  }

  all(): Interaction[] {
    return Array.from(this.byId.values());
  }

  /** Processing stopped (GenEM Stop Processing): the interaction leaves this server. */
  remove(i: Interaction): void {
    if (this.byId.get(i.id) === i) this.byId.delete(i.id);
  }

  /** Like get(), but refuses an unknown id: EventError 56 naming the request. */
  require(id: unknown, request: string, server: string): Interaction {
    const i = this.get(id);
    if (!i) throw new RequestError(ErrorCodes.UnknownInteraction, `${request}: no interaction ${JSON.stringify(id)} on ${server} (unknown, or its processing has stopped)`);
    return i;
  }
}

/**
 * RequestSubmit (GenEM Media Server Submits Interaction, Agent Submits Interaction): EventAck carrying the
 * new InteractionId ([INFER]: the submitter must learn the id), Reporting EventInteractionSubmitted; then
 * - from a media server: EventPlacedInQueue and T-Library EventRouteRequest to every connected URS;
 * - from an agent application: EventPartyAdded naming its agent, who handles the new interaction
 *   [INFER: GenEM's table lists EventPartyAdded; the agent that submits is the party added]. It is not placed
 *   in a queue nor offered to URS: the agent handles it (placing it in a queue is Place in Queue's model).
 *   An agent application with no agent logged in is "not valid" (GenEM's failure phase): EventError 192.
 */
export function handleSubmit(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const a = req.attributes;
  const client = ctx.registry.get(conn);
  const byAgent = client?.clientType === 'AgentApplication';
  const agent = byAgent ? ctx.agents.ofConnection(conn) : undefined;
  if (byAgent && !agent) {
    throw new RequestError(ErrorCodes.UnknownAgent, 'RequestSubmit from an agent application with no agent logged in: log an agent in (RequestAgentLogin) before submitting — the submitting agent becomes a party of the interaction');
  }
  if (!byAgent && (typeof a.Queue !== 'string' || a.Queue === '')) {
    // Queue is optional in PSDK because a media server endpoint can configure it; this server has no endpoint configuration.
    throw new RequestError(ErrorCodes.InvalidAttribute, 'RequestSubmit names no Queue; the reference Interaction Server has no media server endpoint configuration to take it from');
  }
  if (a.InteractionId !== undefined && ctx.interactions.get(a.InteractionId)) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `interaction ${String(a.InteractionId)} already exists`);
  }
  const i: Interaction = {
    id: typeof a.InteractionId === 'string' && a.InteractionId !== '' ? a.InteractionId : ctx.interactions.nextId(),
    tenantId: a.TenantId as number | undefined,
    mediaType: a.MediaType as string,
    type: a.InteractionType as string,
    subtype: a.InteractionSubtype as string | undefined,
    queue: typeof a.Queue === 'string' ? a.Queue : '',
    userData: (a.UserData as Record<string, unknown> | undefined) ?? {},
    state: agent ? 'handled' : 'queued',
    ...(agent ? { agentId: agent.agentId } : {}),
    announced: false,
    submittedBy: client?.clientName ?? conn.remote.name,
  };
  ctx.interactions.add(i);
  sendAck(conn, req, { InteractionId: i.id });
  const submitter = agent ? { AgentId: agent.agentId, PlaceId: agent.placeId } : { MediaServerId: i.submittedBy };
  const common = { InteractionId: i.id, MediaType: i.mediaType, TenantId: i.tenantId, Queue: i.queue || undefined };
  // FAULT omitInteractionSubmitted: the reporting engines never learn of the new interaction.
  // InteractionType and a response's ParentInteractionId go to the reporting engine too [INFER], for Stat Server's
  // HandlingOutbound/Internal and InteractionResponded (seed 001).
  const child = typeof a.ParentInteractionId === 'string' && a.ParentInteractionId !== '' ? { ParentInteractionId: a.ParentInteractionId } : {};
  if (!ctx.opts.faults.omitInteractionSubmitted) ctx.reporting.emit('EventInteractionSubmitted', { ...common, ...submitter, InteractionType: i.type, ...child, UserData: i.userData });
  if (agent) {
    // FAULT agentSubmitWithoutPartyAdded: the submitting agent never becomes a party.
    if (!ctx.opts.faults.agentSubmitWithoutPartyAdded) ctx.reporting.emit('EventPartyAdded', { ...common, ...submitter });
    return;
  }
  ctx.reporting.emit('EventPlacedInQueue', { ...common, ...submitter });
  announce(ctx, i);
}

/**
 * [INFER] URS learns of a queued interaction as a T-Server client learns of a call at a routing point:
 * T-Library EventRouteRequest to every connected URS. An interaction returned to its queue after a
 * failed delivery is not announced again: URS still owns it and may route it again.
 */
export function announce(ctx: ServerContext, i: Interaction, only?: MessageConnection): void {
  const routers = only ? [only] : Array.from(ctx.routers);
  if (routers.length === 0) return;
  i.announced = true;
  const attributes = compact({ InteractionId: i.id, Queue: i.queue, MediaType: i.mediaType, TenantId: i.tenantId, UserData: i.userData });
  for (const urs of routers) urs.send({ protocol: 'TLibrary', message: 'EventRouteRequest', attributes });
}

/** A URS that connects learns of the queued interactions no URS has been told of. */
export function announcePending(ctx: ServerContext, urs: MessageConnection): void {
  for (const i of ctx.interactions.all()) if (!i.announced && i.state === 'queued') announce(ctx, i, urs);
}
