import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { rawClient, envelopeFrame } from '../servers/raw-client.ts';

// A client that pipelines requests and never reads the answers grows the server's send buffer until
// it holds every answer: with enough of them the harness runs out of memory. The connection's backlog
// limit stops it: the violation is recorded against the flooder, its connection is closed (1008), and
// the server goes on serving everyone else. The limit is small here so that the test is quick; the
// kernel's own socket buffers still take a few MB of answers before anything is queued in the process.

const LIMIT = 64 * 1024;
/** If the limit never trips, the test fails after this many requests rather than flooding on. */
const MAX_REQUESTS = 1_000_000;

const register = (name: string) => envelopeFrame('InteractionManagement', 'RequestRegisterClient', 1, { ClientName: name, ClientType: 'AgentApplication' });
const login = (agent: string, place: string) => envelopeFrame('InteractionManagement', 'RequestAgentLogin', 2, { TenantId: 101, PlaceId: place, AgentId: agent, MediaList: { email: 1 } });
const cancelNotReady = (ref: number) => envelopeFrame('InteractionManagement', 'RequestCancelNotReadyForMedia', ref, { MediaTypeName: 'email' });

test('a client that never reads its answers gets BACKLOG_EXCEEDED and its connection closed; the server keeps serving another', async () => {
  const obs = new MemoryObserver();
  const is = new InteractionServer({ observer: obs, registrationTimeoutMs: 0, maxBacklogBytes: LIMIT });
  const { url } = await is.start();
  try {
    const steady = await rawClient(`${url}?participant=Agent2&role=AgentApplication`);
    steady.send(register('Agent2'));
    await steady.next('the EventAck of Agent2 registering');
    steady.send(login('a2', 'p2'));
    await steady.next('the EventAck of Agent2 logging in');

    const flooder = await rawClient(`${url}?participant=Agent1&role=AgentApplication`);
    flooder.send(register('Agent1'));
    await flooder.next('the EventAck of Agent1 registering');
    flooder.send(login('a1', 'p1'));
    await flooder.next('the EventAck of Agent1 logging in');
    // From here it never reads: answers fill its receive buffer, the server's send buffer, then the server's own queue.
    flooder.ws.pause();
    let sent = 0;
    while (flooder.ws.readyState === WebSocket.OPEN && sent < MAX_REQUESTS) {
      // As fast as the server takes them, no faster: what the flooder's own socket queues is the test's memory.
      if (flooder.ws.bufferedAmount < 256 * 1024) for (let i = 0; i < 500; i++) flooder.ws.send(cancelNotReady(10 + sent++));
      // Lets the server read and answer what was sent, as it would from another process.
      await new Promise((r) => setImmediate(r));
    }
    assert.notEqual(sent, MAX_REQUESTS, `the flooder sent ${sent} requests and its connection is still open`);

    const [bad] = obs.badFrames();
    assert.ok(bad, 'the violation is recorded');
    assert.equal(bad.from, 'Agent1', 'against the flooder');
    assert.equal(bad.to, 'IS1');
    assert.equal(bad.violations.length, 1);
    const v = bad.violations[0];
    assert.equal(v.code, 'BACKLOG_EXCEEDED');
    assert.equal(v.severity, 'error');
    assert.equal(v.expected, `at most ${LIMIT} bytes waiting to be sent to Agent1`);
    assert.match(v.actual!, /^\d+ bytes waiting$/);
    assert.ok(Number(v.actual!.split(' ')[0]) > LIMIT && bad.size === Number(v.actual!.split(' ')[0]), `${v.actual}, size ${bad.size}`);
    assert.match(v.message, new RegExp(`^Agent1 left \\d+ bytes unread on ${bad.connection}, over the connection's backlog limit of ${LIMIT} bytes; the connection was closed \\(1008\\)$`));
    assert.ok(v.hint);

    // The server dropped the flooder (after the close grace: it is not reading the close frame either).
    const close = await new Promise<Record<string, unknown>>((resolve) => {
      const find = () => obs.events().find((e) => e.kind === 'connection-close' && e.connection === bad.connection);
      const found = find();
      if (found) return resolve(found.data!);
      const off = obs.subscribe(() => {
        const e = find();
        if (!e) return;
        off();
        resolve(e.data!);
      });
    });
    assert.deepEqual(close, { code: 1008, reason: `backlog over ${LIMIT} bytes`, byLocal: true });

    // What the server read from the flooder is all recorded, and nothing was sent to it after the violation.
    const onFlooder = obs.entries.filter((e) => (e.type === 'message' || e.type === 'bad-frame') && e.connection === bad.connection);
    const at = onFlooder.findIndex((e) => e.type === 'bad-frame');
    assert.ok(onFlooder.slice(at + 1).every((e) => e.type === 'message' && e.from === 'Agent1'), 'only requests already read follow the violation');
    const requests = onFlooder.filter((e) => e.type === 'message' && e.from === 'Agent1').length;
    const answers = onFlooder.filter((e) => e.type === 'message' && e.to === 'Agent1').length;
    assert.equal(answers, onFlooder.slice(0, at).filter((e) => e.type === 'message' && e.from === 'Agent1').length, 'every request read before the violation was answered');
    assert.ok(requests <= sent + 2, `${requests} requests recorded, ${sent} + 2 sent`);

    // The other client is still served, and the flooder's agent was logged out with its connection.
    steady.send(cancelNotReady(7));
    assert.deepEqual(await steady.next('the answer to Agent2 after the flood'), { protocol: 'InteractionManagement', message: 'EventAck', referenceId: 7, attributes: {} });
    assert.deepEqual(is.state().agents.map((a) => a.agentId), ['a2']);
    steady.ws.close();
    flooder.ws.terminate();
  } finally {
    await is.stop();
  }
});
