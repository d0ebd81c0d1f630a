import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { ReferenceStatServer } from '../../src/servers/stat-server/stat-server.ts';
import { rawClient } from './raw-client.ts';

// A secondary Interaction Server (GenEM Login/Logout): an agent made available there is on standby —
// acknowledged, not logged in, nothing reported — until its application logs it in on failover.

const frame = (message: string, referenceId: number, attributes: Record<string, unknown> = {}) => JSON.stringify({ protocol: 'InteractionManagement', message, referenceId, attributes });

/** Resolves once the server has handled the client's leaving (what it reports then is sent by that time). */
async function serverForgets(is: InteractionServer, clientName: string): Promise<void> {
  while (is.state().clients.some((c) => c.clientName === clientName)) await new Promise((r) => setImmediate(r));
}

async function withSecondary(fn: (is: InteractionServer, stat: ReferenceStatServer) => Promise<void>): Promise<void> {
  const is = new InteractionServer({ name: 'IS2' });
  const { url } = await is.start();
  const stat = new ReferenceStatServer({ url, name: 'Stat', peer: { name: 'IS2', role: 'InteractionServer' } });
  await stat.start();
  try {
    await fn(is, stat);
  } finally {
    await stat.stop();
    await is.stop();
  }
}

test('RequestAgentAvailable is acknowledged and reports nothing; the agent is not logged in; RequestAgentNotAvailable undoes it', () =>
  withSecondary(async (is, stat) => {
    const c = await rawClient(is.url);
    c.send(frame('RequestRegisterClient', 1, { ClientName: 'desk', ClientType: 'AgentApplication' }));
    assert.equal((await c.next()).message, 'EventAck');
    c.send(frame('RequestAgentAvailable', 2, { TenantId: 101, PlaceId: 'p1', AgentId: 'a1', MediaList: { email: 1 } }));
    assert.deepEqual(await c.next(), { protocol: 'InteractionManagement', message: 'EventAck', referenceId: 2, attributes: {} });
    assert.deepEqual(is.state().agents, []);
    c.send(frame('RequestAgentNotAvailable', 3));
    assert.equal((await c.next()).message, 'EventAck');
    c.send(frame('RequestAgentNotAvailable', 4));
    const refused = await c.next();
    assert.deepEqual([refused.message, (refused.attributes as Record<string, unknown>).ErrorCode], ['EventError', 192]);
    c.ws.close();
    await c.closed;
    await serverForgets(is, 'desk');
    // A round trip on the reporting engine's connection: whatever the server sent it before is in by now.
    await stat.subscribe();
    // Nothing reached the reporting engine: neither a login nor, as the client left, a logout.
    assert.deepEqual(stat.received(), []);
  }));

test('failover: the agent available here logs in on the same connection, and the login is reported', () =>
  withSecondary(async (is, stat) => {
    const c = await rawClient(is.url);
    c.send(frame('RequestRegisterClient', 1, { ClientName: 'desk', ClientType: 'AgentApplication' }));
    await c.next();
    c.send(frame('RequestAgentAvailable', 2, { TenantId: 101, PlaceId: 'p1', AgentId: 'a1' }));
    await c.next();
    c.send(frame('RequestAgentLogin', 3, { TenantId: 101, PlaceId: 'p1', AgentId: 'a1', MediaList: { email: 1 } }));
    assert.equal((await c.next()).message, 'EventAck');
    await stat.waitFor('EventAgentLogin');
    assert.deepEqual(is.state().agents.map((a) => a.agentId), ['a1']);
    // Logged in here now: available again is refused, it is this server's agent.
    c.send(frame('RequestAgentAvailable', 4, { AgentId: 'a1' }));
    // The reporting engine's status for the login is relayed to the agent meanwhile: skip to the answer.
    let answer = await c.next();
    while (answer.referenceId !== 4) answer = await c.next();
    assert.equal((answer.attributes as Record<string, unknown>).ErrorCode, 43);
    c.ws.close();
    await stat.waitFor('EventAgentLogout');
  }));

test('only an agent application makes an agent available (the catalog\'s direction refuses anyone else first)', () =>
  withSecondary(async (is) => {
    const c = await rawClient(is.url);
    c.send(frame('RequestRegisterClient', 1, { ClientName: 'ms', ClientType: 'MediaServer' }));
    await c.next();
    c.send(frame('RequestAgentAvailable', 2, { AgentId: 'a1' }));
    const r = await c.next();
    assert.equal(r.message, 'EventError');
    assert.match(String((r.attributes as Record<string, unknown>).ErrorDescription), /^RequestAgentAvailable from Media Server to Interaction Server goes the wrong way/);
    c.ws.close();
  }));
