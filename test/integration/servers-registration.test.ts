import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { ReferenceMediaServer } from '../../src/servers/media-server/media-server.ts';
import { ReferenceStatServer } from '../../src/servers/stat-server/stat-server.ts';
import { settingsWith } from '../../src/servers/stat-server/capacity-settings.ts';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import type { WireEvent } from '../../src/transport/types.ts';
import { lines, seen, settle } from './servers-fixture.ts';
import { rawClient } from '../servers/raw-client.ts';

async function withServer(fn: (is: InteractionServer, obs: MemoryObserver) => Promise<void>, opts: ConstructorParameters<typeof InteractionServer>[0] = {}): Promise<void> {
  const obs = new MemoryObserver();
  const is = new InteractionServer({ ...opts, observer: obs });
  await is.start();
  try {
    await fn(is, obs);
  } finally {
    await is.stop();
  }
}

const frame = (message: string, referenceId: number | undefined, attributes: Record<string, unknown>) =>
  JSON.stringify({ protocol: 'InteractionManagement', message, ...(referenceId !== undefined ? { referenceId } : {}), attributes });

test('a request before RequestRegisterClient: EventError with the request\'s referenceId and ProxyClientId', () =>
  withServer(async (is) => {
    const c = await rawClient(is.url);
    c.ws.send(frame('RequestAgentLogin', 7, { TenantId: 101, PlaceId: 'p1', ProxyClientId: 3 }));
    assert.deepEqual(await c.next(), {
      protocol: 'InteractionManagement',
      message: 'EventError',
      referenceId: 7,
      attributes: { ErrorCode: 41, ErrorDescription: 'client is not registered: send RequestRegisterClient before RequestAgentLogin', ProxyClientId: 3 },
    });
    c.ws.send(frame('RequestRegisterClient', 8, { ClientName: 'late', ClientType: 'AgentApplication' }));
    assert.deepEqual(await c.next(), { protocol: 'InteractionManagement', message: 'EventAck', referenceId: 8, attributes: {} });
    c.ws.close();
  }));

test('an invalid client: EventError naming the bad ClientType; registering twice is refused', () =>
  withServer(async (is, obs) => {
    const c = await rawClient(is.url);
    c.ws.send(frame('RequestRegisterClient', 1, { ClientName: 'x', ClientType: 'Robot' }));
    const err = await c.next();
    assert.equal((err.attributes as Record<string, unknown>).ErrorCode, 53);
    assert.match(String((err.attributes as Record<string, unknown>).ErrorDescription), /^invalid client: .*ClientType.*Robot/);
    c.ws.send(frame('RequestRegisterClient', 2, { ClientName: 'x', ClientType: 'MediaServer' }));
    assert.equal((await c.next()).message, 'EventAck');
    c.ws.send(frame('RequestRegisterClient', 3, { ClientName: 'x', ClientType: 'MediaServer' }));
    assert.deepEqual((await c.next()).attributes, { ErrorCode: 43, ErrorDescription: 'client x is already registered on this connection as MediaServer' });
    // The connection was named by the ClientName of its first message.
    assert.ok(obs.messages().every((m) => m.from === 'x' || m.to === 'x'));
    c.ws.close();
  }));

test('a client that does not register in time is disconnected (GenEM Registration timeout)', () =>
  withServer(
    async (is, obs) => {
      const c = await rawClient(is.url);
      assert.equal(await c.closed, 1008);
      const close = await new Promise<WireEvent>((resolve) => {
        const found = obs.events().find((e) => e.kind === 'connection-close');
        if (found) return resolve(found);
        const off = obs.subscribe((e) => {
          if (e.type === 'event' && e.kind === 'connection-close') {
            off();
            resolve(e);
          }
        });
      });
      assert.match(close.text, /closed by IS1 \(1008 not registered within 100 ms\)$/);
    },
    { registrationTimeoutMs: 100 },
  ));

test('reference clients name themselves by query parameters; a refused registration rejects start()', () =>
  withServer(async (is, obs) => {
    const media = new ReferenceMediaServer({ url: is.url, name: 'Media Server 1', clientName: 'ms-app' });
    await media.start();
    await media.stop();
    assert.equal(obs.messages()[0].from, 'Media Server 1');
    const p = obs.entries.find((e) => e.type === 'participant' && e.end === 'remote');
    assert.deepEqual(p && p.type === 'participant' ? [p.name, p.role, p.namedBy] : [], ['Media Server 1', 'MediaServer', 'query']);

    const nameless = new ReferenceAgentApplication({ url: is.url, name: 'Agent9', clientName: ' ' });
    try {
      await assert.rejects(nameless.start(), (e: unknown) => {
        assert.ok(e instanceof RequestRefusedError);
        assert.equal(e.message, 'RequestRegisterClient (referenceId 1) was refused: EventError 53 invalid client: RequestRegisterClient needs a non-empty ClientName');
        return true;
      });
    } finally {
      await nameless.stop();
    }
  }));

test('garbage from a client is recorded; only what shows a referenceId is answered, and the connection keeps working', () =>
  withServer(async (is, obs) => {
    const c = await rawClient(is.url);
    c.ws.send('this is not json');
    c.ws.send('[1,2,3]');
    c.ws.send(JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestRegisterClien', referenceId: 1, attributes: {} }));
    c.ws.send(Buffer.from([0xff, 0x00, 0x01]), { binary: true });
    c.ws.send(frame('RequestRegisterClient', 2, { ClientName: 'g', ClientType: 'MediaServer' }));
    const refusal = await c.next();
    assert.deepEqual([refusal.message, refusal.referenceId], ['EventError', 1], 'the unknown message carried referenceId 1');
    const first = await c.next();
    assert.equal(first.message, 'EventAck');
    assert.equal(first.referenceId, 2, 'nothing answered the frames without a referenceId');
    const bad = obs.badFrames();
    assert.deepEqual(bad.map((b) => b.violations[0].code), ['NOT_JSON', 'NOT_ENVELOPE', 'NOT_JSON']);
    assert.equal(bad[0].preview, 'this is not json');
    assert.equal(bad[0].from, 'client-1');
    const unknown = obs.messages().find((m) => m.envelope.message === 'RequestRegisterClien')!;
    assert.equal(unknown.violations[0].code, 'UNKNOWN_MESSAGE');
    c.ws.close();
  }));

test('a 2 MiB frame is a bad frame (FRAME_TOO_LARGE), refused by the referenceId it shows, and the connection stays; over the hard limit it is closed with 1009', () =>
  withServer(async (is, obs) => {
    const c = await rawClient(is.url);
    c.ws.send(frame('RequestRegisterClient', 1, { ClientName: 'big', ClientType: 'MediaServer', Extension: { blob: 'x'.repeat(2 * 1024 * 1024) } }));
    c.ws.send(frame('RequestRegisterClient', 2, { ClientName: 'big', ClientType: 'MediaServer' }));
    const refusal = await c.next();
    assert.deepEqual([refusal.message, refusal.referenceId, (refusal.attributes as Record<string, unknown>).ErrorCode], ['EventError', 1, 53]);
    const ack = await c.next();
    assert.equal(ack.referenceId, 2);
    const [bad] = obs.badFrames();
    assert.equal(bad.violations[0].code, 'FRAME_TOO_LARGE');
    assert.ok(bad.size > 2 * 1024 * 1024);
    assert.ok(bad.preview.startsWith('{"protocol":"InteractionManagement"'));

    c.ws.send('y'.repeat(5 * 1024 * 1024));
    assert.equal(await c.closed, 1009);
    const hard = obs.badFrames()[1];
    assert.equal(hard.violations[0].message, 'frame larger than 4194304 bytes, the connection\'s hard limit; the connection was closed (1009)');
    assert.equal(hard.size, 4194305);
  }));

test('login, readiness and logout: EventAck each, EventAgentLogin / EventNotReadyForMedia / EventReadyForMedia / EventAgentLogout to the reporting engine', () =>
  withServer(async (is, obs) => {
    const stat = new ReferenceStatServer({ url: is.url, name: 'Stat' });
    const agent = new ReferenceAgentApplication({ url: is.url, name: 'Agent1' });
    try {
      await stat.start();
      await agent.start();
      await agent.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: { email: 1, chat: 1 } });
      await agent.waitForMessage('EventCurrentAgentStatus');
      await agent.notReady('chat');
      assert.deepEqual(is.state().agents[0].mediaStateList, { email: 1, chat: 0 });
      await agent.cancelNotReady('chat');
      assert.deepEqual(is.state().agents[0].mediaStateList, { email: 1, chat: 1 });
      await assert.rejects(agent.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: ['email'] }), /EventError 43 agent a1 is already logged in on this connection at place p1/);
      await agent.logout();
      await stat.waitFor('EventAgentLogout');
      assert.deepEqual(stat.received(), ['EventAgentLogin', 'EventNotReadyForMedia', 'EventReadyForMedia', 'EventAgentLogout']);
      await assert.rejects(agent.logout(), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 192 && e.description === 'RequestAgentLogout: no agent is logged in on this connection');
      assert.deepEqual(obs.messages().flatMap((m) => m.violations), []);
    } finally {
      await agent.stop();
      await stat.stop();
    }
  }));

test('a reporting engine that connects gets one EventPlaceAgentState per logged-in agent; its status goes on to the agent', () =>
  withServer(async (is, obs) => {
    const agents = [1, 2].map((n) => new ReferenceAgentApplication({ url: is.url, name: `Agent${n}` }));
    // Under the Genesys default rule no email is ever routable: tenant 101 runs one of any type.
    const capacity = settingsWith({ assign: { tenant: { '101': 'Default_One_interaction_of_any_type_only' } } });
    const stat = new ReferenceStatServer({ url: is.url, name: 'Stat', capacity });
    try {
      for (const [n, a] of agents.entries()) {
        await a.start();
        await a.login({ tenantId: 101, placeId: `p${n + 1}`, agentId: `a${n + 1}`, media: ['email'] });
      }
      await agents[1].notReady('email');
      const from = obs.messages().length;
      await stat.start();
      const statuses = await Promise.all(agents.map((a) => a.waitForMessage('EventCurrentAgentStatus')));
      assert.deepEqual(lines(obs, from).slice(0, 6), [
        'Stat → IS1 InteractionManagement:RequestRegisterClient',
        'IS1 → Stat InteractionManagement:EventAck',
        'Stat → IS1 InteractionManagement:RequestStartPlaceAgentReportingAll',
        'IS1 → Stat InteractionManagement:EventAck',
        'IS1 → Stat Reporting:EventPlaceAgentState',
        'IS1 → Stat Reporting:EventPlaceAgentState',
      ]);
      const states = obs.messages().filter((m) => m.canonical === 'EventPlaceAgentState');
      assert.deepEqual(
        states.map((m) => [m.envelope.attributes.AgentId, m.envelope.attributes.PlaceId, m.envelope.attributes.MediaStateList]),
        [['a1', 'p1', { email: 1 }], ['a2', 'p2', { email: 0 }]],
      );
      assert.deepEqual(statuses.map((s) => s.envelope.attributes.MediaStateList), [{ email: 1 }, { email: 0 }]);
      assert.equal(statuses[0].envelope.attributes.DonotDisturb, false);
    } finally {
      await Promise.all([...agents.map((a) => a.stop()), stat.stop()]);
    }
  }));

// Seed 000: Interaction Server "passes the same event" — its table says Reporting — to the agent
// application; reference §1.4 and PSDK clients know it as Interaction Management. Both are accepted.
for (const [configured, expected] of [[undefined, 'Reporting'], ['Reporting', 'Reporting'], ['InteractionManagement', 'InteractionManagement']] as const) {
  test(`the status goes on to the agent application as ${expected}${configured ? ` (agentStatusProtocol: ${configured})` : ' by default'}, breaking no catalog rule`, () =>
    withServer(
      async (is, obs) => {
        const stat = new ReferenceStatServer({ url: is.url, name: 'Stat' });
        const agent = new ReferenceAgentApplication({ url: is.url, name: 'Agent1' });
        const heard = new Promise((resolve) => agent.events.on('status', resolve));
        try {
          await stat.start();
          await agent.start();
          await agent.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: ['email'] });
          await heard; // the reference desktop takes either form
          const relayed = obs.messages().filter((m) => m.canonical === 'EventCurrentAgentStatus').map((m) => `${m.from} → ${m.to} ${m.envelope.protocol}`);
          assert.deepEqual(relayed, ['Stat → IS1 Reporting', `IS1 → Agent1 ${expected}`]);
          assert.deepEqual(obs.messages().flatMap((m) => m.violations), []);
        } finally {
          await agent.stop();
          await stat.stop();
        }
      },
      configured ? { agentStatusProtocol: configured } : {},
    ));
}

test('an agentStatusProtocol that is neither form is refused when the server is created', () => {
  assert.throws(() => new InteractionServer({ agentStatusProtocol: 'Reportng' as 'Reporting' }), { message: 'agentStatusProtocol must be Reporting or InteractionManagement, got "Reportng"' });
});

test('the PSDK spelling RequestStartPlaceAgentStateReportingAll is accepted and recorded as an alias', () =>
  withServer(async (is, obs) => {
    const c = await rawClient(is.url);
    c.ws.send(frame('RequestRegisterClient', 1, { ClientName: 'psdk-stat', ClientType: 'ReportingEngine' }));
    await c.next();
    c.ws.send(frame('RequestStartPlaceAgentStateReportingAll', 2, {}));
    assert.deepEqual(await c.next(), { protocol: 'InteractionManagement', message: 'EventAck', referenceId: 2, attributes: {} });
    const m = obs.messages().find((x) => x.alias !== undefined)!;
    assert.equal(m.canonical, 'RequestStartPlaceAgentReportingAll');
    assert.equal(m.alias, 'RequestStartPlaceAgentStateReportingAll');
    c.ws.close();
  }));

test('RequestSubmit without Queue or with a missing required attribute: EventError (Unsuccessful Submission)', () =>
  withServer(async (is) => {
    const c = await rawClient(is.url);
    c.ws.send(frame('RequestRegisterClient', 1, { ClientName: 'ms', ClientType: 'MediaServer' }));
    await c.next();
    c.ws.send(frame('RequestSubmit', 2, { MediaType: 'email', InteractionType: 'Inbound' }));
    assert.deepEqual((await c.next()).attributes, {
      ErrorCode: 53,
      ErrorDescription: 'RequestSubmit names no Queue; the reference Interaction Server has no media server endpoint configuration to take it from',
    });
    c.ws.send(frame('RequestSubmit', 3, { Queue: 'q', InteractionType: 'Inbound' }));
    const err = await c.next();
    assert.equal(err.referenceId, 3);
    assert.equal((err.attributes as Record<string, unknown>).ErrorCode, 53);
    assert.match(String((err.attributes as Record<string, unknown>).ErrorDescription), /MediaType/);
    c.ws.close();
  }));

test('a media server submitting before any URS connects: the URS learns of the interaction when it connects', async () => {
  const obs = new MemoryObserver();
  const is = new InteractionServer({ observer: obs });
  await is.start();
  const media = new ReferenceMediaServer({ url: is.url });
  const { ReferenceUrs } = await import('../../src/servers/urs/urs.ts');
  const urs = new ReferenceUrs({ url: is.tlibUrl });
  try {
    await media.start();
    const id = await media.submit({ queue: 'q', mediaType: 'chat', interactionType: 'Inbound' });
    assert.match(id, /^[0-9A-F]{16}$/);
    await urs.start();
    const r = await urs.waitForRouteRequest();
    assert.deepEqual([r.interactionId, r.queue, r.mediaType, r.tenantId], [id, 'q', 'chat', 101]);
    await settle();
    assert.equal(urs.routeRequests.length, 1);
    await seen(obs, (m) => m.canonical === 'EventRouteRequest' && m.to === 'URS');
  } finally {
    await Promise.all([media.stop(), urs.stop()]);
    await is.stop();
  }
});
