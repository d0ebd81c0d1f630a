import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentDirectory } from '../../src/servers/interaction-server/agents.ts';
import type { AgentRecord } from '../../src/servers/interaction-server/agents.ts';
import { ClientRegistry } from '../../src/servers/interaction-server/registration.ts';
import type { MessageConnection } from '../../src/transport/types.ts';

/**
 * The Interaction Server's clients and agents are kept by map so no event scans them (issue 13): what
 * the maps answer must be what the scans answered — registration order, closed connections skipped,
 * a removed client or agent gone from every index.
 */

function conn(id: string, open = true): MessageConnection & { isOpen: boolean } {
  return { id, isOpen: open } as unknown as MessageConnection & { isOpen: boolean };
}

function register(r: ClientRegistry, c: MessageConnection, name: string, type: string) {
  r.register(c, { protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes: { ClientName: name, ClientType: type } });
}

test('reporting engines: the open ones, in registration order, none after it is removed', () => {
  const r = new ClientRegistry();
  const [e1, a1, e2, e3] = [conn('e1'), conn('a1'), conn('e2', false), conn('e3')];
  register(r, e1, 'Stat1', 'ReportingEngine');
  register(r, a1, 'Agent1', 'AgentApplication');
  register(r, e2, 'Stat2', 'ReportingEngine');
  register(r, e3, 'Stat3', 'ReportingEngine');
  assert.deepEqual(r.reportingEngines().map((c) => c.id), ['e1', 'e3']);
  r.remove(e1);
  assert.deepEqual(r.reportingEngines().map((c) => c.id), ['e3']);
  assert.equal(r.remove(e1), undefined, 'removing twice finds nothing');
});

test('by ClientName: the first open client of that name, then the next when it closes or leaves', () => {
  const r = new ClientRegistry();
  const [x1, x2, y] = [conn('x1'), conn('x2'), conn('y')];
  register(r, x1, 'Same', 'MediaServer');
  register(r, x2, 'Same', 'MediaServer');
  register(r, y, 'Other', 'MediaServer');
  assert.equal(r.byName('Same')?.conn, x1);
  x1.isOpen = false;
  assert.equal(r.byName('Same')?.conn, x2);
  r.remove(x2);
  assert.equal(r.byName('Same'), undefined);
  assert.equal(r.byName('Other')?.conn, y);
  assert.equal(r.byName('Nobody'), undefined);
});

function agent(agentId: string, placeId: string, c: MessageConnection): AgentRecord {
  return { agentId, placeId, media: { email: 1 }, notReady: new Set(), conn: c };
}

test('agents by place: the first logged in at it, the next once that one leaves, none after all left', () => {
  const d = new AgentDirectory();
  const [a, b] = [agent('A', 'P', conn('a')), agent('B', 'P', conn('b'))];
  d.add(a);
  d.add(b);
  assert.equal(d.find(undefined, 'P'), a);
  assert.equal(d.find('B', 'P'), b, 'an AgentId wins over the place');
  d.remove(a);
  assert.equal(d.find(undefined, 'P'), b);
  assert.equal(d.ofConnection(a.conn), undefined);
  d.remove(b);
  assert.equal(d.find(undefined, 'P'), undefined);
  assert.deepEqual(d.all(), []);
});

test('media servers: the open ones, in registration order, without the agents among them', () => {
  const r = new ClientRegistry();
  const [m1, a1, m2, m3] = [conn('m1'), conn('a1'), conn('m2', false), conn('m3')];
  register(r, m1, 'MS1', 'MediaServer');
  register(r, a1, 'Agent1', 'AgentApplication');
  register(r, m2, 'MS2', 'MediaServer');
  register(r, m3, 'MS3', 'MediaServer');
  assert.deepEqual(r.mediaServerConnections().map((c) => c.id), ['m1', 'm3']);
  r.remove(m1);
  assert.deepEqual(r.mediaServerConnections().map((c) => c.id), ['m3']);
});
