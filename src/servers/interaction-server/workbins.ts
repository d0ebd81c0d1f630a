import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { MultiIndex } from './multi-index.ts';
import { sendAck } from './replies.ts';

/** One workbin: its type (configured on the server) and the agent who owns it. */
export interface WorkbinRef {
  type: string;
  agentId: string;
}

/**
 * The workbins of one Interaction Server (GenEM Workbin Operations): the workbin types configured on it,
 * what each agent's workbin holds, and who asked to be told of its changes.
 *
 * Built: agent workbins (one per agent for every configured type). Not built: agent-group and place
 * workbins — a request naming WorkbinGroupId is refused as unsupported (51), saying so.
 */
export class WorkbinDirectory {
  private readonly types = new Set<string>();
  /** key(ref) → interaction ids, oldest placement first. */
  private readonly contents = new Map<string, string[]>();
  private readonly subscribers = new Map<string, Set<MessageConnection>>();
  /** The workbins each connection subscribed to: a connection going away leaves them without a scan of every workbin. */
  private readonly subscribedBy = new MultiIndex<MessageConnection, string>();

  configure(type: string): void {
    if (type.trim() === '') throw new Error('a workbin type needs a name');
    this.types.add(type);
  }

  isConfigured(type: string): boolean {
    return this.types.has(type);
  }

  configured(): string[] {
    return [...this.types];
  }

  add(ref: WorkbinRef, interactionId: string): void {
    const k = key(ref);
    const list = this.contents.get(k) ?? [];
    if (!list.includes(interactionId)) list.push(interactionId);
    this.contents.set(k, list);
  }

  remove(ref: WorkbinRef, interactionId: string): void {
    const list = this.contents.get(key(ref));
    if (!list) return;
    const at = list.indexOf(interactionId);
    if (at >= 0) list.splice(at, 1);
  }

  content(ref: WorkbinRef): readonly string[] {
    return this.contents.get(key(ref)) ?? [];
  }

  /** False when the connection was subscribed already (asking again is harmless: it stays subscribed once). */
  subscribe(ref: WorkbinRef, conn: MessageConnection): boolean {
    const k = key(ref);
    const set = this.subscribers.get(k) ?? new Set();
    this.subscribers.set(k, set);
    if (set.has(conn)) return false;
    set.add(conn);
    this.subscribedBy.add(conn, k);
    return true;
  }

  /** False when the connection was not subscribed to that workbin. */
  unsubscribe(ref: WorkbinRef, conn: MessageConnection): boolean {
    const k = key(ref);
    this.subscribedBy.delete(conn, k);
    return this.subscribers.get(k)?.delete(conn) === true;
  }

  subscribersOf(ref: WorkbinRef): MessageConnection[] {
    return [...(this.subscribers.get(key(ref)) ?? [])].filter((c) => c.isOpen);
  }

  connectionGone(conn: MessageConnection): void {
    for (const k of this.subscribedBy.of(conn)) {
      this.subscribers.get(k)?.delete(conn);
      this.subscribedBy.delete(conn, k);
    }
  }
}

function key(ref: WorkbinRef): string {
  return `${ref.type}\u0000${ref.agentId}`;
}

/** The workbin's attributes as every message names it (seed 001 action attribute names). */
export function workbinAttributes(ref: WorkbinRef): { WorkbinTypeId: string; WorkbinAgentId: string } {
  return { WorkbinTypeId: ref.type, WorkbinAgentId: ref.agentId };
}

/**
 * The workbin a request names. GenEM Workbin Operations: a request fails "if the agent or the workbin is
 * not registered" — here, the owner is not logged in on this server (192) or the type is not configured
 * (53). WorkbinAgentId defaults to `defaultOwner` (the requesting agent) [INFER].
 */
export function resolveWorkbin(ctx: ServerContext, attrs: Record<string, unknown>, defaultOwner: string | undefined, request: string): WorkbinRef {
  const type = attrs.WorkbinTypeId;
  if (attrs.WorkbinGroupId !== undefined) {
    throw new RequestError(ErrorCodes.Unsupported, `${request}: agent-group workbins (WorkbinGroupId) are not built in the reference Interaction Server; it serves agent workbins (WorkbinAgentId)`);
  }
  if (typeof type !== 'string' || !ctx.workbins.isConfigured(type)) {
    const known = ctx.workbins.configured();
    throw new RequestError(ErrorCodes.InvalidAttribute, `${request}: workbin ${JSON.stringify(type)} is not registered on ${ctx.opts.name} (workbins: ${known.length ? known.join(', ') : 'none configured'})`);
  }
  const owner = typeof attrs.WorkbinAgentId === 'string' ? attrs.WorkbinAgentId : defaultOwner;
  if (owner === undefined) throw new RequestError(ErrorCodes.InvalidAttribute, `${request}: name the workbin's owner (WorkbinAgentId)`);
  if (!ctx.agents.get(owner)) throw new RequestError(ErrorCodes.UnknownAgent, `${request}: agent ${owner}, owner of workbin ${type}, is not logged in on ${ctx.opts.name}`);
  return { type, agentId: owner };
}

/** The agent logged in on this connection, or 192: workbin operations are an agent's. */
function requester(ctx: ServerContext, conn: MessageConnection, request: string): string {
  const a = ctx.agents.ofConnection(conn);
  if (!a) throw new RequestError(ErrorCodes.UnknownAgent, `${request}: no agent is logged in on this connection`);
  return a.agentId;
}

/** RequestGetWorkbinContent → EventWorkbinContent (the answer, echoing the referenceId) or EventError. */
export function handleGetWorkbinContent(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const ref = resolveWorkbin(ctx, req.attributes, requester(ctx, conn, req.message), req.message);
  const interactions = ctx.workbins.content(ref).flatMap((id) => {
    const i = ctx.interactions.get(id);
    return i ? [{ InteractionId: i.id, InteractionMediatype: i.mediaType, InteractionType: i.type, InteractionQueue: i.queue }] : [];
  });
  const proxy = req.attributes.ProxyClientId;
  conn.send({
    protocol: 'InteractionManagement',
    message: 'EventWorkbinContent',
    referenceId: req.referenceId,
    attributes: { ...workbinAttributes(ref), Interactions: interactions, ...(Number.isInteger(proxy) ? { ProxyClientId: proxy } : {}) },
  });
}

/** RequestWorkbinNotifications / RequestCancelWorkbinNotifications → EventAck or EventError. */
export function handleWorkbinNotifications(ctx: ServerContext, conn: MessageConnection, req: Envelope, subscribe: boolean): void {
  const ref = resolveWorkbin(ctx, req.attributes, requester(ctx, conn, req.message), req.message);
  if (subscribe) ctx.workbins.subscribe(ref, conn);
  else if (!ctx.workbins.unsubscribe(ref, conn) && !ctx.opts.faults.ackCancelNotSubscribed) {
    // FAULT ackCancelNotSubscribed skips this refusal: the cancel is acknowledged although nothing was subscribed.
    throw new RequestError(ErrorCodes.InvalidAttribute, `${req.message}: this client is not subscribed to workbin ${ref.type} of agent ${ref.agentId}`);
  }
  sendAck(conn, req);
}

/** EventWorkbinContentChanged to every client subscribed to that workbin. */
export function notifyWorkbin(ctx: ServerContext, ref: WorkbinRef, interactionId: string, operation: 'Added' | 'Removed'): void {
  if (ctx.opts.faults.omitWorkbinContentChanged) return; // FAULT omitWorkbinContentChanged: subscribers are not told.
  for (const conn of ctx.workbins.subscribersOf(ref)) {
    conn.send({ protocol: 'InteractionManagement', message: 'EventWorkbinContentChanged', attributes: { ...workbinAttributes(ref), InteractionId: interactionId, Operation: operation } });
  }
}
