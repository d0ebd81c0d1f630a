import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import type { Envelope } from '../../src/codec/envelope.ts';
import { AgentInvitations } from '../../src/servers/interaction-server/agent-invitations.ts';
import { AgentDirectory } from '../../src/servers/interaction-server/agents.ts';
import type { AgentRecord } from '../../src/servers/interaction-server/agents.ts';
import { conferenceAccepted } from '../../src/servers/interaction-server/conference.ts';
import type { ServerContext } from '../../src/servers/interaction-server/context.ts';
import { DeliveryManager } from '../../src/servers/interaction-server/delivery.ts';
import { EspRelay } from '../../src/servers/interaction-server/esp.ts';
import { InteractionStore } from '../../src/servers/interaction-server/interactions.ts';
import type { Interaction } from '../../src/servers/interaction-server/interactions.ts';
import { TicketCounter } from '../../src/servers/interaction-server/invitation.ts';
import { MultiIndex } from '../../src/servers/interaction-server/multi-index.ts';
import { resolveOptions } from '../../src/servers/interaction-server/options.ts';
import { PartyRoster } from '../../src/servers/interaction-server/parties.ts';
import { HandlingTimers } from '../../src/servers/interaction-server/pull.ts';
import { ClientRegistry } from '../../src/servers/interaction-server/registration.ts';
import { ReportingFanout } from '../../src/servers/interaction-server/reporting.ts';
import { StandbyAgents } from '../../src/servers/interaction-server/standby.ts';
import { transferAccepted } from '../../src/servers/interaction-server/transfer.ts';
import { WorkbinDirectory } from '../../src/servers/interaction-server/workbins.ts';
import type { MessageConnection } from '../../src/transport/types.ts';

/**
 * Deliveries, transfer and conference invitations and processing timers are found by agent connection
 * and by interaction, not by a scan of them all (issue 13): an agent leaving must take everything it was
 * in out of every index, and leave the others' untouched.
 */

interface FakeConn {
  conn: MessageConnection;
  sent: Envelope[];
}

function fakeConn(name: string): FakeConn {
  const sent: Envelope[] = [];
  const conn = { id: name, isOpen: true, remote: { name }, send: (e: Envelope) => (sent.push(e), { sent: true, violations: [] }) } as unknown as MessageConnection;
  return { conn, sent };
}

function server(): ServerContext {
  const registry = new ClientRegistry();
  const ctx = {
    opts: resolveOptions({ registrationTimeoutMs: 0 }),
    catalog: defaultCatalog,
    registry,
    agents: new AgentDirectory(),
    standby: new StandbyAgents(),
    interactions: new InteractionStore('0001'),
    reporting: new ReportingFanout(registry),
    routers: new Set(),
    tickets: new TicketCounter(),
    parties: new PartyRoster(),
    workbins: new WorkbinDirectory(),
  } as Omit<ServerContext, 'deliveries' | 'invitations' | 'esp' | 'handling'> as ServerContext;
  ctx.deliveries = new DeliveryManager(ctx);
  ctx.invitations = new AgentInvitations(ctx, { transfer: transferAccepted, conference: conferenceAccepted });
  ctx.esp = new EspRelay(ctx);
  ctx.handling = new HandlingTimers(ctx);
  return ctx;
}

function agent(ctx: ServerContext, id: string): AgentRecord & { sent: Envelope[] } {
  const { conn, sent } = fakeConn(id);
  const a = { agentId: id, placeId: `P-${id}`, media: { email: 1 }, notReady: new Set<string>(), conn, sent };
  ctx.agents.add(a);
  return a;
}

function interaction(ctx: ServerContext, state: Interaction['state'] = 'queued', agentId?: string): Interaction {
  const i: Interaction = { id: ctx.interactions.nextId(), mediaType: 'email', type: 'Inbound', queue: 'q', userData: {}, state, announced: false, submittedBy: 'MS1', ...(agentId ? { agentId } : {}) };
  ctx.interactions.add(i);
  return i;
}

let ref = 0;
const env = (protocol: string, message: string, attributes: Record<string, unknown>): Envelope => ({ protocol, message, referenceId: ++ref, attributes });

test('MultiIndex: groups in insertion order, an emptied group dropped, of() a copy safe to delete under', () => {
  const ix = new MultiIndex<string, number>();
  ix.add('a', 1);
  ix.add('b', 2);
  ix.add('a', 3);
  assert.deepEqual(ix.of('a'), [1, 3]);
  for (const v of ix.of('a')) ix.delete('a', v);
  assert.deepEqual(ix.of('a'), []);
  assert.equal(ix.keys, 1, 'only b is left');
  ix.delete('zz', 9);
  assert.equal(ix.keys, 1);
});

test('deliveries: an agent leaving revokes its own and leaves no trace of itself in the index; a stop takes the interaction out', () => {
  const ctx = server();
  const urs = fakeConn('URS1');
  const [a, b] = [agent(ctx, 'A'), agent(ctx, 'B')];
  const [i1, i2, i3] = [interaction(ctx), interaction(ctx), interaction(ctx)];
  ctx.deliveries.routeCall(urs.conn, env('TLibrary', 'RequestRouteCall', { InteractionId: i1.id, AgentId: 'A' }));
  ctx.deliveries.routeCall(urs.conn, env('TLibrary', 'RequestRouteCall', { InteractionId: i2.id, AgentId: 'B' }));
  ctx.deliveries.routeCall(urs.conn, env('TLibrary', 'RequestRouteCall', { InteractionId: i3.id, AgentId: 'A' }));
  assert.deepEqual(ctx.deliveries.indexed(), { agents: 2, interactions: 3 });

  ctx.deliveries.agentLeaving(a.conn, true);
  assert.deepEqual(ctx.deliveries.pending().map((d) => d.interaction.id), [i2.id], "only B's invitation is still pending");
  assert.deepEqual(ctx.deliveries.indexed(), { agents: 1, interactions: 1 });
  assert.deepEqual(a.sent.filter((e) => e.message === 'EventRevoked').map((e) => (e.attributes.Interaction as { InteractionId: string }).InteractionId), [i1.id, i3.id], 'revoked in the order they were offered');
  assert.deepEqual([i1.state, i2.state, i3.state], ['queued', 'delivering', 'queued']);

  assert.equal(ctx.deliveries.interactionStopped(i2), 2, "the stop returns B's pending ticket");
  assert.deepEqual(ctx.deliveries.pending(), []);
  assert.deepEqual(ctx.deliveries.indexed(), { agents: 0, interactions: 0 });
  assert.equal(b.sent.filter((e) => e.message === 'EventInvite').length, 1);
  ctx.deliveries.stop();
});

test('invitations: the invitee leaving ends it, out of both agents\' index and the interaction\'s; a new one may then be issued', () => {
  const ctx = server();
  const [a, b, c] = [agent(ctx, 'A'), agent(ctx, 'B'), agent(ctx, 'C')];
  const i = interaction(ctx, 'handled', 'A');
  const transfer = (to: string) => env('InteractionManagement', 'RequestTransfer', { InteractionId: i.id, AgentId: to });
  ctx.invitations.issue('transfer', a.conn, transfer('B'));
  assert.deepEqual(ctx.invitations.indexed(), { agents: 2, interactions: 1 });
  assert.throws(() => ctx.invitations.issue('transfer', a.conn, transfer('C')), /already has a transfer invitation pending for agent B/);

  ctx.invitations.agentLeaving(b.conn, false);
  assert.deepEqual(ctx.invitations.pending(), []);
  assert.deepEqual(ctx.invitations.indexed(), { agents: 0, interactions: 0 });
  assert.equal(a.sent.at(-1)?.message, 'EventError', 'Agent 1 hears its transfer failed');

  ctx.invitations.issue('transfer', a.conn, transfer('C'));
  assert.deepEqual(ctx.invitations.pending().map((v) => v.invitee.agentId), ['C']);
  ctx.invitations.agentLeaving(a.conn, false);
  assert.deepEqual(ctx.invitations.indexed(), { agents: 0, interactions: 0 }, 'the inviter leaving ends it too');
  assert.equal(c.sent.at(-1)?.message, 'EventRevoked');
  ctx.invitations.stop();
});

test('processing timers: an agent leaving stops its own, not another agent\'s', () => {
  const ctx = server();
  const [a, b] = [agent(ctx, 'A'), agent(ctx, 'B')];
  const [i1, i2] = [interaction(ctx), interaction(ctx)];
  ctx.handling.pull(a.conn, env('InteractionManagement', 'RequestPull', { InteractionId: i1.id }));
  ctx.handling.pull(b.conn, env('InteractionManagement', 'RequestPull', { InteractionId: i2.id }));
  assert.equal(ctx.handling.indexed(), 2);
  ctx.handling.agentLeaving(a.conn);
  assert.deepEqual(ctx.handling.running(), [{ interactionId: i2.id, agentId: 'B' }]);
  assert.equal(ctx.handling.indexed(), 1);
  ctx.handling.release(i2);
  assert.equal(ctx.handling.indexed(), 0);
  ctx.handling.stop();
});
