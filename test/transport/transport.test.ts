import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listen } from '../../src/transport/server.ts';
import { connect } from '../../src/transport/client.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { namingRulesFor } from '../../src/transport/naming.ts';
import type { CloseInfo, InboundMessage, MessageConnection } from '../../src/transport/types.ts';

const register = (name: string, referenceId = 1) => ({
  protocol: 'InteractionManagement',
  message: 'RequestRegisterClient',
  referenceId,
  attributes: { ClientName: name, ClientType: 'AgentApplication' },
});

function nextMessage(conn: MessageConnection): Promise<InboundMessage> {
  return new Promise((resolve) => {
    const off = conn.onMessage((m) => {
      off();
      resolve(m);
    });
  });
}

/** A server that answers every request with EventAck (echoing its referenceId). */
async function ackServer(opts: { observer?: MemoryObserver; onConnection?: (c: MessageConnection) => void } = {}) {
  const conns: MessageConnection[] = [];
  const server = await listen({
    name: 'S',
    role: 'InteractionServer',
    observer: opts.observer,
    // The naming rule of Interaction Management, as the registry gives it for the face's protocols.
    namingFor: () => namingRulesFor(['InteractionManagement']),
    onConnection: (c) => {
      conns.push(c);
      opts.onConnection?.(c);
      c.onMessage((m) => {
        if (m.envelope.message.startsWith('Request')) c.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: m.envelope.referenceId, attributes: {} });
      });
    },
  });
  return { server, conns };
}

test('listen binds 127.0.0.1 on a free port and gives ws:// URLs per path', async () => {
  const server = await listen({ name: 'S', paths: ['/', '/tlib'], onConnection: () => undefined });
  try {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
    assert.equal(server.url, `ws://127.0.0.1:${server.port}/`);
    assert.equal(server.urlFor('tlib'), `ws://127.0.0.1:${server.port}/tlib`);
  } finally {
    await server.close();
  }
});

test('connecting to an unknown path or a closed port fails with a message naming the URL', async () => {
  const server = await listen({ name: 'S', onConnection: () => undefined });
  const url = server.urlFor('/nope');
  await assert.rejects(connect({ url, name: 'c' }), { message: `cannot connect to ${url}: the server answered HTTP 404 instead of a WebSocket upgrade` });
  const port = server.port;
  await server.close();
  await assert.rejects(connect({ url: `ws://127.0.0.1:${port}/`, name: 'c' }), { message: `cannot connect to ws://127.0.0.1:${port}/: connect ECONNREFUSED 127.0.0.1:${port}` });
});

test('a peer is named by ?participant=&role=, else by its RequestRegisterClient ClientName, else client-<n>', async () => {
  const obs = new MemoryObserver();
  const { server } = await ackServer({ observer: obs });
  try {
    const a = await connect({ url: server.url, name: 'Agent One', role: 'AgentApplication' });
    const b = await connect({ url: server.url, name: 'ignored', announce: false });
    const c = await connect({ url: server.url, name: 'ignored too', announce: false });
    a.send(register('desk-a'));
    b.send(register('desk-b'));
    c.send({ protocol: 'InteractionManagement', message: 'RequestAgentLogout', referenceId: 1, attributes: {} });
    await Promise.all([nextMessage(a), nextMessage(b), nextMessage(c)]);
    const named = obs.entries.flatMap((e) => (e.type === 'participant' && e.end === 'remote' ? [`${e.name}/${e.role ?? '-'}/${e.namedBy}`] : []));
    assert.deepEqual(
      obs.entries.flatMap((e) => (e.type === 'participant' && e.end === 'local' ? [`${e.name}/${e.role}/${e.namedBy}`] : [])),
      ['S/InteractionServer/configured', 'S/InteractionServer/configured', 'S/InteractionServer/configured'],
    );
    assert.deepEqual(named, ['Agent One/AgentApplication/query', 'desk-b/AgentApplication/register', 'client-1/-/default']);
    const pairs = obs.messages().map((m) => `${m.from}→${m.to}`).sort();
    assert.deepEqual(pairs, ['Agent One→S', 'S→Agent One', 'S→client-1', 'S→desk-b', 'client-1→S', 'desk-b→S'].sort());
    await Promise.all([a.close(), b.close(), c.close()]);
  } finally {
    await server.close();
  }
});

test('an unknown role in the URL is reported and the peer keeps no role', async () => {
  const obs = new MemoryObserver();
  const { server } = await ackServer({ observer: obs });
  try {
    const a = await connect({ url: `${server.url}?participant=X&role=Robot`, name: 'X', announce: false });
    await a.close();
    const err = obs.events().find((e) => e.kind === 'error')!;
    assert.equal(err.text, 'unknown role "Robot" in the connection URL\'s role parameter; known roles: InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer, ActionsObserver');
  } finally {
    await server.close();
  }
});

test('the observing end records each message once, both directions, with pairing checked across them', async () => {
  const obs = new MemoryObserver();
  const { server } = await ackServer({ observer: obs });
  try {
    const quiet = new MemoryObserver();
    const client = await connect({ url: server.url, name: 'A', role: 'AgentApplication' });
    client.send(register('A', 5));
    await nextMessage(client);
    assert.deepEqual(
      obs.messages().map((m) => [m.from, m.to, m.canonical, m.envelope.referenceId, m.violations.length]),
      [
        ['A', 'S', 'RequestRegisterClient', 5, 0],
        ['S', 'A', 'EventAck', 5, 0],
      ],
    );
    assert.equal(quiet.entries.length, 0);
    await client.close();
  } finally {
    await server.close();
  }
});

test('a client can be the recording end: its requests pair with the answers it reads', async () => {
  const { server } = await ackServer();
  const obs = new MemoryObserver();
  try {
    const client = await connect({ url: server.url, name: 'A', role: 'AgentApplication', peer: { name: 'IS9', role: 'InteractionServer' }, observer: obs });
    client.send(register('A', 1));
    const ack = await nextMessage(client);
    assert.deepEqual(ack.violations, []);
    assert.deepEqual(obs.messages().map((m) => `${m.from}→${m.to} ${m.canonical}`), ['A→IS9 RequestRegisterClient', 'IS9→A EventAck']);
    await client.close();
  } finally {
    await server.close();
  }
});

test('outbound messages are validated: a server\'s own unpaired answer or missing attribute shows in the record', async () => {
  const obs = new MemoryObserver();
  const server = await listen({
    name: 'S',
    role: 'InteractionServer',
    observer: obs,
    onConnection: (c) => {
      const r1 = c.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: 42, attributes: {} });
      const r2 = c.send({ protocol: 'InteractionManagement', message: 'EventInvite', attributes: { Interaction: { InteractionId: 'I' } } });
      assert.deepEqual([r1.sent, r2.sent], [true, true]);
      assert.deepEqual(r2.violations.map((v) => v.code), ['MISSING_ATTRIBUTE']);
    },
  });
  try {
    const client = await connect({ url: server.url, name: 'A', role: 'AgentApplication' });
    await nextMessage(client); // also proves messages sent before onMessage was attached are delivered
    const [ack, invite] = obs.messages();
    assert.deepEqual(ack.violations.map((v) => v.code), ['UNMATCHED_RESPONSE']);
    assert.equal(invite.violations[0].message.includes('TicketId'), true);
    await client.close();
  } finally {
    await server.close();
  }
});

test('a peer that disconnects is a close event, not an exception; send afterwards is not sent and not recorded', async () => {
  const obs = new MemoryObserver();
  let serverSide: MessageConnection | undefined;
  const closed = new Promise<CloseInfo>((resolve) => {
    void ackServer({ observer: obs, onConnection: (c) => ((serverSide = c), c.onClose(resolve)) }).then(({ server }) => (holder.server = server));
  });
  const holder: { server?: Awaited<ReturnType<typeof listen>> } = {};
  while (!holder.server) await new Promise((r) => setTimeout(r, 5));
  try {
    const client = await connect({ url: holder.server.url, name: 'A' });
    await client.close(1000, 'bye');
    await client.close(); // idempotent
    const info = await closed;
    assert.deepEqual(info, { code: 1000, reason: 'bye', byLocal: false });
    assert.equal(serverSide!.isOpen, false);
    const before = obs.entries.length;
    assert.deepEqual(serverSide!.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: 1, attributes: {} }), { sent: false, violations: [] });
    assert.equal(obs.entries.length, before);
    assert.equal(obs.events().at(-1)!.text, `connection ${serverSide!.id} closed by A (1000 bye)`);
    const late = await new Promise<CloseInfo>((r) => serverSide!.onClose(r));
    assert.equal(late.code, 1000, 'a close handler added after the close still runs');
  } finally {
    await holder.server.close();
  }
});

test('a handler that throws is reported as an error event and the connection carries on', async () => {
  const obs = new MemoryObserver();
  const { server } = await ackServer({
    observer: obs,
    onConnection: (c) => c.onMessage(() => {
      throw new Error('boom');
    }),
  });
  try {
    const client = await connect({ url: server.url, name: 'A' });
    client.send(register('A', 1));
    await nextMessage(client);
    client.send(register('A', 2));
    assert.equal((await nextMessage(client)).envelope.referenceId, 2);
    const errors = obs.events().filter((e) => e.kind === 'error').map((e) => e.text);
    assert.deepEqual(errors, ['a handler on S threw: boom', 'a handler on S threw: boom']);
    await client.close();
  } finally {
    await server.close();
  }
});

test('server close() closes every connection with 1001 and resolves; it is idempotent', async () => {
  const { server } = await ackServer();
  const clients = await Promise.all([1, 2, 3].map((n) => connect({ url: server.url, name: `c${n}` })));
  const codes = clients.map((c) => new Promise<number>((r) => c.onClose((i) => r(i.code))));
  await Promise.all([server.close(), server.close()]);
  assert.deepEqual(await Promise.all(codes), [1001, 1001, 1001]);
  assert.equal(server.connections().length, 0);
});
