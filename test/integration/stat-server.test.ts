import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import type { InteractionServerOptions } from '../../src/servers/interaction-server/options.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { ReferenceStatServer } from '../../src/servers/stat-server/stat-server.ts';
import type { ReportingEventSeen } from '../../src/servers/stat-server/stat-server.ts';
import { settingsWith } from '../../src/servers/stat-server/capacity-settings.ts';
import { formatVector } from '../../src/servers/stat-server/capacity-rule.ts';
import type { CapacityRule } from '../../src/servers/stat-server/capacity-rule.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import type { Envelope } from '../../src/codec/envelope.ts';

// Seed 000 (Reporting Engine Connects) on real sockets: several Interaction Servers, agents logged in
// before the Stat Server connects, the status each agent application receives.

interface Server {
  is: InteractionServer;
  obs: MemoryObserver;
  url: string;
  name: string;
}

async function servers(n: number, opts: InteractionServerOptions = {}): Promise<Server[]> {
  const out: Server[] = [];
  for (let i = 1; i <= n; i++) {
    const obs = new MemoryObserver();
    const is = new InteractionServer({ ...opts, name: `IS${i}`, observer: obs });
    const { url } = await is.start();
    out.push({ is, obs, url, name: `IS${i}` });
  }
  return out;
}

const CHAT3: CapacityRule = {
  name: 'Chat3',
  media: { chat: { max: 3, blockedBy: { anyOf: { email: 1, voice: 1 } } }, email: { max: 1, blockedBy: { anyOf: { chat: 1 } } } },
  origin: 'test',
};

async function agentOn(s: Server, agentId: string, media: string[], tenantId = 101): Promise<ReferenceAgentApplication> {
  const a = new ReferenceAgentApplication({ url: s.url, name: `${agentId}@${s.name}`, peer: { name: s.name, role: 'InteractionServer' } });
  await a.start();
  await a.login({ tenantId, placeId: `P-${agentId}`, agentId, media });
  return a;
}

function statusOf(a: ReferenceAgentApplication): Promise<Envelope> {
  return a.waitForMessage('EventCurrentAgentStatus').then((m) => m.envelope);
}

function statFor(ss: Server[], extra: Partial<ConstructorParameters<typeof ReferenceStatServer>[0]> = {}): ReferenceStatServer {
  return new ReferenceStatServer({ name: 'Stat', servers: ss.map((s) => ({ url: s.url, peer: { name: s.name, role: 'InteractionServer' as const } })), ...extra });
}

async function cleanup(stat: ReferenceStatServer | undefined, agents: ReferenceAgentApplication[], ss: Server[]): Promise<void> {
  await Promise.all([stat?.stop(), ...agents.map((a) => a.stop())]);
  await Promise.all(ss.map((s) => s.is.stop()));
}

test('three Interaction Servers, agents logged in before the Stat Server connects: one snapshot each, in turn; every agent gets its status', async () => {
  const ss = await servers(3);
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  try {
    agents.push(await agentOn(ss[0], 'A1', ['voice']), await agentOn(ss[1], 'A2', ['email']), await agentOn(ss[2], 'A3', ['chat', 'email']));
    const seen: ReportingEventSeen[] = [];
    stat = statFor(ss, { capacity: settingsWith({ rules: [CHAT3], assign: { agent: { A3: 'Chat3' } } }), observers: [(e) => seen.push(e)] });
    await stat.start();
    const statuses = await Promise.all(agents.map(statusOf));
    // A1 voice under the Genesys default rule: routable. A2 email under it: never. A3 under Chat3.
    assert.deepEqual(statuses.map((s) => s.attributes.MediaStateList), [{ voice: 1 }, { email: 0 }, { chat: 1, email: 1 }]);
    assert.deepEqual(statuses.map((s) => s.attributes.DonotDisturb), [false, false, false]);
    // In turn: IS2 heard the subscription only after IS1 acknowledged it.
    assert.deepEqual(seen.map((e) => `${e.server}:${e.message}:${e.attributes.AgentId}`), ['IS1:EventPlaceAgentState:A1', 'IS2:EventPlaceAgentState:A2', 'IS3:EventPlaceAgentState:A3']);
    assert.deepEqual(seen.map((e) => e.changed), [['A1'], ['A2'], ['A3']]);
    assert.ok(seen.every((e) => e.statServer === 'Stat' && typeof e.receivedAt === 'number' && e.inbound.canonical === e.message));
    assert.equal(formatVector(stat.capacityOf('A3')!.chat), '[R 0 3 3]');
    assert.equal(formatVector(stat.capacityOf('A2')!.email), '[R 0 0 0]');
    for (const s of ss) assert.deepEqual(s.obs.messages().flatMap((m) => m.violations), []);
  } finally {
    await cleanup(stat, agents, ss);
  }
});

test('the status follows login, not-ready (in the snapshot), logout; two Stat Servers on one Interaction Server each get the snapshot', async () => {
  const [s] = await servers(1);
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  let other: ReferenceStatServer | undefined;
  try {
    const early = await agentOn(s, 'E1', ['voice', 'email']);
    agents.push(early);
    await early.notReady('voice');
    other = statFor([s]);
    await other.start();
    stat = statFor([s], { capacity: settingsWith({ assign: { tenant: { '101': 'Default_One_interaction_of_any_type_only' } } }) });
    await stat.start();
    await other.waitFor('EventPlaceAgentState');
    await stat.waitFor('EventPlaceAgentState');
    assert.equal(formatVector(stat.capacityOf('E1')!.voice), '[NR 0 1 0]');
    assert.equal(formatVector(stat.capacityOf('E1')!.email), '[R 0 1 1]');
    const late = await agentOn(s, 'L1', ['email']);
    agents.push(late);
    await stat.waitFor('EventAgentLogin');
    assert.equal(formatVector(stat.capacityOf('L1')!.email), '[R 0 1 1]');
    await late.logout();
    await stat.waitFor('EventAgentLogout');
    assert.equal(stat.capacityOf('L1'), undefined);
    assert.equal(other.capacityOf('E1')!.email.max, 0, 'the other Stat Server runs the default rule: no email');
  } finally {
    await other?.stop();
    await cleanup(stat, agents, [s]);
  }
});

test('an agent on two Interaction Servers: one capacity, a status to each server', async () => {
  const ss = await servers(2);
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  try {
    agents.push(await agentOn(ss[0], 'A1', ['chat']), await agentOn(ss[1], 'A1', ['email']));
    stat = statFor(ss, { capacity: settingsWith({ rules: [CHAT3], assign: { tenant: { '101': 'Chat3' } } }) });
    await stat.start();
    const [onIs1, onIs2] = await Promise.all(agents.map(statusOf));
    assert.deepEqual([onIs1.attributes.MediaStateList, onIs2.attributes.MediaStateList], [{ chat: 1 }, { email: 1 }]);
    assert.equal(stat.book.size, 1);
    assert.equal(stat.book.logins, 2);
    assert.deepEqual(Object.keys(stat.capacityOf('A1')!).sort(), ['chat', 'email']);
  } finally {
    await cleanup(stat, agents, ss);
  }
});

test('an Interaction Server that drops the Stat Server mid-snapshot: it reconnects, takes the snapshot again, and counts nobody twice', async () => {
  const [s] = await servers(1, { faults: ['dropReportingEngineMidSnapshot'] });
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  try {
    for (const id of ['A1', 'A2', 'A3', 'A4']) agents.push(await agentOn(s, id, ['voice']));
    const notes: string[] = [];
    stat = statFor([s], { reconnectMs: 50 });
    stat.events.on('note', (n) => notes.push(n));
    await stat.start();
    await Promise.all(agents.map(statusOf));
    // 2 states before the drop, 4 after the reconnect.
    await stat.waitFor('EventPlaceAgentState', () => stat!.received().filter((n) => n === 'EventPlaceAgentState').length === 6);
    assert.equal(stat.book.size, 4);
    assert.equal(stat.book.logins, 4);
    assert.deepEqual(stat.connections(), [{ server: 'IS1', open: true, subscriptions: 2 }]);
    assert.ok(notes.some((n) => /IS1 closed the connection .*dropped mid-snapshot after 2 of 4/.test(n)), notes.join('\n'));
  } finally {
    await cleanup(stat, agents, [s]);
  }
});

test('an observer that throws does not stop the Stat Server; onReportingEvent returns its own removal', async () => {
  const [s] = await servers(1);
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  try {
    stat = statFor([s]);
    const heard: string[] = [];
    const off = stat.onReportingEvent((e) => heard.push(e.message));
    stat.onReportingEvent(() => {
      throw new Error('boom');
    });
    const notes: string[] = [];
    stat.events.on('note', (n) => notes.push(n));
    await stat.start();
    const a = await agentOn(s, 'A1', ['voice']);
    agents.push(a);
    assert.deepEqual((await statusOf(a)).attributes.MediaStateList, { voice: 1 });
    off();
    await a.logout();
    await stat.waitFor('EventAgentLogout');
    assert.deepEqual(heard, ['EventAgentLogin']);
    assert.ok(notes.some((n) => n.includes('a Reporting observer threw on EventAgentLogin: boom')));
  } finally {
    await cleanup(stat, agents, [s]);
  }
});

test('bad input: a rule assigned to an agent that never logs in is said at stop (a note), and the Stat Server runs on', async () => {
  const [s] = await servers(1);
  const agents: ReferenceAgentApplication[] = [];
  let stat: ReferenceStatServer | undefined;
  try {
    stat = statFor([s], { capacity: settingsWith({ assign: { agent: { Ghost: 'Default_One_interaction_of_any_type_only', A1: 'Default' } } }) });
    const notes: string[] = [];
    stat.events.on('note', (n) => notes.push(n));
    await stat.start();
    agents.push(await agentOn(s, 'A1', ['voice']));
    await statusOf(agents[0]);
    await stat.stop();
    assert.deepEqual(notes.filter((n) => n.includes('applied to nobody')), ['Stat: capacity rule Default_One_interaction_of_any_type_only is assigned to agent Ghost, which no Interaction Server reported while Stat ran: it applied to nobody']);
  } finally {
    await cleanup(stat, agents, [s]);
  }
});

test('bad input from an Interaction Server: EventPlaceAgentState for an agent nobody logged in is taken and answered; an event for an agent it never reported is ignored with a note', async () => {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const heard: Array<Record<string, unknown>> = [];
  wss.on('connection', (ws) => {
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { message: string; referenceId?: number; protocol: string; attributes: Record<string, unknown> };
      if (m.message === 'EventCurrentAgentStatus') return void heard.push(m.attributes);
      ws.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: m.referenceId, attributes: {} }));
      if (m.message === 'RequestStartPlaceAgentReportingAll') {
        ws.send(JSON.stringify({ protocol: 'Reporting', message: 'EventPlaceAgentState', attributes: { AgentId: 'Nobody', PlaceId: 'Nowhere', MediaStateList: { voice: 1 } } }));
        ws.send(JSON.stringify({ protocol: 'Reporting', message: 'EventAgentInvited', attributes: { InteractionId: 'i1', AgentId: 'Ghost', PlaceId: 'p' } }));
      }
    });
  });
  const port = (wss.address() as { port: number }).port;
  const stat = new ReferenceStatServer({ name: 'Stat', url: `ws://127.0.0.1:${port}/` });
  const notes: string[] = [];
  stat.events.on('note', (n) => notes.push(n));
  try {
    await stat.start();
    await stat.waitFor('EventAgentInvited');
    while (heard.length === 0) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(heard, [{ AgentId: 'Nobody', PlaceId: 'Nowhere', MediaStateList: { voice: 1 }, DonotDisturb: false }]);
    assert.deepEqual(notes, ['Stat: EventAgentInvited from IS1 for agent Ghost, who is not logged in there as far as the Stat Server knows: ignored']);
  } finally {
    await stat.stop();
    await new Promise<void>((r) => wss.close(() => r()));
  }
});

test('the reference Interaction Server drops a status for an agent not logged in on it (nothing to relay it to)', async () => {
  const [s] = await servers(1);
  const stat = statFor([s]);
  try {
    await stat.start();
    const before = s.obs.messages().length;
    (stat as unknown as { links: Array<{ send(e: unknown): boolean }> }).links[0].send({ protocol: 'Reporting', message: 'EventCurrentAgentStatus', attributes: { AgentId: 'Nobody', PlaceId: 'Nowhere', MediaStateList: { voice: 1 }, DonotDisturb: false } });
    await stat.subscribe(); // a round trip: the status was read before the answer to this
    assert.deepEqual(s.obs.messages().slice(before).map((m) => `${m.from}→${m.to} ${m.canonical}`), ['Stat→IS1 EventCurrentAgentStatus', 'Stat→IS1 RequestStartPlaceAgentReportingAll', 'IS1→Stat EventAck']);
  } finally {
    await cleanup(stat, [], [s]);
  }
});
