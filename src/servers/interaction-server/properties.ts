import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import type { Interaction } from './interactions.ts';
import { sendAck } from './replies.ts';
import { compact } from './reporting.ts';

/**
 * GenEM Change Properties (reference §2.15):
 *   a media server changes them while an agent handles the interaction: EventAck to it,
 *     EventPropertiesChanged to the agent, and the reporting engine is informed (Reporting EventPropertiesChanged);
 *   a media server changes them while URS processes it: EventAck, T-Library EventAttachedDataChanged to URS
 *     in place of EventPropertiesChanged;
 *   URS changes them (RequestUpdateUserData in place of RequestChangeProperties): EventAttachedDataChanged
 *     answers it in place of EventAck, and EventPropertiesChanged goes to every media server that registered
 *     with the extension event_properties_changed non-zero;
 *   an invalid request: EventError.
 * Where GenEM's table for a version lists no Reporting event, none is sent.
 */

/**
 * System properties that may not be changed: "Only ExternalID and ParentID may be changed" [DOC eServices
 * Interaction Properties, reference §1.7]; the names are the ones that page lists (its public copy is truncated).
 */
export const READ_ONLY_PROPERTIES: readonly string[] = [
  'AbandonedAt', 'DeliveredAt', 'InQueues', 'InteractionId', 'InteractionState', 'InteractionSubtype', 'InteractionType',
  'IsLocked', 'IsOnline', 'MediaType', 'MovedToQueueAt',
];

interface Changes {
  changed: Record<string, unknown>;
  added: Record<string, unknown>;
  deleted: string[];
}

/** Interaction Management RequestChangeProperties (from a media server, or an agent application). */
export function changeProperties(ctx: ServerContext, conn: MessageConnection, req: Envelope): void {
  const i = ctx.interactions.require(req.attributes.InteractionId, 'RequestChangeProperties', ctx.opts.name);
  const changes: Changes = {
    changed: kv(req.attributes.ChangedProperties),
    added: kv(req.attributes.AddedProperties),
    deleted: Object.keys(kv(req.attributes.DeletedProperties)),
  };
  check(changes, 'RequestChangeProperties');
  apply(i, changes);
  sendAck(conn, req);
  const client = ctx.registry.get(conn);
  const lists = compact({
    ChangedProperties: nonEmpty(changes.changed),
    AddedProperties: nonEmpty(changes.added),
    DeletedProperties: changes.deleted.length ? Object.fromEntries(changes.deleted.map((k) => [k, ''])) : undefined,
  });
  if (i.state === 'queued') {
    for (const urs of ctx.routers) urs.send({ protocol: 'TLibrary', message: 'EventAttachedDataChanged', attributes: { InteractionId: i.id, UserData: { ...i.userData } } });
    return;
  }
  const agent = ctx.agents.get(i.agentId ?? '');
  if (agent && agent.conn !== conn && agent.conn.isOpen) {
    agent.conn.send({ protocol: 'InteractionManagement', message: 'EventPropertiesChanged', attributes: { InteractionId: i.id, ...lists, Interaction: interactionOf(i) } });
  }
  const requester = client?.clientType === 'MediaServer' ? { MediaServerId: client.clientName } : agent && agent.conn === conn ? { AgentId: agent.agentId, PlaceId: agent.placeId } : {};
  // Under genem-table the table's EventPropertiesChanged is the agent's alone; a media server's change
  // then reaches no reporting engine. An agent's own change is reported either way (no GenEM table for it).
  if (client?.clientType === 'MediaServer' && !ctx.opts.readings.reportPropertiesToAgentChange) return;
  ctx.reporting.emit('EventPropertiesChanged', { InteractionId: i.id, MediaType: i.mediaType, TenantId: i.tenantId, ...requester, ...lists });
}

/** T-Library RequestUpdateUserData from URS: stands for RequestChangeProperties. */
export function ursUpdatesUserData(ctx: ServerContext, urs: MessageConnection, req: Envelope): void {
  const i = ctx.interactions.require(req.attributes.InteractionId, 'RequestUpdateUserData', ctx.opts.name);
  const update = kv(req.attributes.UserData);
  const changes: Changes = { changed: {}, added: {}, deleted: [] };
  for (const [k, v] of Object.entries(update)) (Object.hasOwn(i.userData, k) ? changes.changed : changes.added)[k] = v;
  check(changes, 'RequestUpdateUserData');
  apply(i, changes);
  urs.send({ protocol: 'TLibrary', message: 'EventAttachedDataChanged', referenceId: req.referenceId, attributes: { InteractionId: i.id, UserData: { ...i.userData } } });
  // FAULT propertiesChangedToEveryMediaServer: the extension is ignored.
  const listeners = ctx.opts.faults.propertiesChangedToEveryMediaServer
    ? ctx.registry.mediaServerConnections()
    : ctx.registry.propertyListeners();
  const attributes = compact({ InteractionId: i.id, ChangedProperties: nonEmpty(changes.changed), AddedProperties: nonEmpty(changes.added), Interaction: interactionOf(i) });
  for (const ms of listeners) ms.send({ protocol: 'InteractionManagement', message: 'EventPropertiesChanged', attributes });
}

function check(c: Changes, request: string): void {
  const names = [...Object.keys(c.changed), ...Object.keys(c.added), ...c.deleted];
  if (names.length === 0) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `${request} changes nothing: give the properties to change, add or delete`);
  }
  const readOnly = names.filter((n) => READ_ONLY_PROPERTIES.includes(n));
  if (readOnly.length > 0) {
    throw new RequestError(ErrorCodes.InvalidAttribute, `${request}: ${readOnly.join(', ')} ${readOnly.length === 1 ? 'is a system property' : 'are system properties'} that may not be changed — of the system properties only ExternalId and ParentId may be (eServices Interaction Properties)`);
  }
}

function apply(i: Interaction, c: Changes): void {
  i.userData = { ...i.userData, ...c.changed, ...c.added };
  for (const k of c.deleted) delete i.userData[k];
}

function interactionOf(i: Interaction): Record<string, unknown> {
  return { InteractionId: i.id, InteractionUserData: { ...i.userData } };
}

function kv(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function nonEmpty(o: Record<string, unknown>): Record<string, unknown> | undefined {
  return Object.keys(o).length > 0 ? o : undefined;
}
