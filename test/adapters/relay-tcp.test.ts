import { test as nodeTest } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import { startRelay } from '../../src/adapters/relay.ts';
import { encodeGliFrame } from '../../src/codec/gli-framing.ts';
import { connect, listen, listenTcpSockets, MemoryObserver, openSocket } from '../../src/transport/index.ts';
import type { ControlFrame, FrameSocket, WireEntry } from '../../src/transport/index.ts';

/**
 * A safety net, not an assertion: a test awaiting an event that never comes fails instead of hanging the
 * run. Cleanup is registered with t.after, which runs on a timeout too (a finally block would not), so a
 * failed test leaves no listener holding the process open.
 */
const test = (name: string, fn: (t: TestContext) => Promise<void>) => nodeTest(name, { timeout: 10_000 }, fn);

/** A tiny IVR-Server stand-in: echoes every frame, answers KeepAlive Req with KeepAlive Ack, and keeps what it was sent. */
async function tcpEcho() {
  const received: Buffer[] = [];
  const handle = await listenTcpSockets({
    onSocket: (s) => {
      s.onFrame((f) => {
        received.push(Buffer.from(f));
        s.send(f);
      });
      s.onControlFrame?.((f) => {
        if (f.type === 0x00) s.sendControlFrame?.({ type: 0x01, payload: f.payload });
      });
      s.onClose(() => undefined);
    },
  });
  return { handle, received };
}

/** Sends one frame and waits for its echo, so the record's order is the sending order. */
function roundTrip(s: FrameSocket, queue: ((f: Buffer) => void)[], frame: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    queue.push(resolve);
    s.send(frame);
  });
}

function wireView(e: WireEntry): string | undefined {
  if (e.type === 'message') return `${e.from}→${e.to} message ${e.canonical}`;
  if (e.type === 'bad-frame') return `${e.from}→${e.to} bad-frame ${e.size} ${e.violations.map((v) => v.code).join(',')}`;
  return undefined;
}

test('a relay to a tcp:// server listens on tcp://, passes frames both ways byte for byte, and records each once on the client side', async (t) => {
  const server = await tcpEcho();
  const obs = new MemoryObserver();
  const relay = await startRelay({ server: { name: 'IVRS', role: 'IVRServer', endpoints: { ivr: server.handle.url } }, client: { name: 'IVR1', role: 'IVR' }, observer: obs });
  t.after(async () => {
    await relay.stop();
    await server.handle.close();
  });
  assert.match(relay.endpoints.ivr, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  assert.notEqual(relay.endpoints.ivr, server.handle.url);

  const client = await openSocket(relay.endpoints.ivr);
  const waiting: ((f: Buffer) => void)[] = [];
  client.onFrame((f) => waiting.shift()!(Buffer.from(f)));
  client.onClose(() => undefined);

  // ISO-8859-1 XML (é is one byte 0xe9, not UTF-8), a JSON envelope, and bytes that are neither.
  const sent = [
    Buffer.from("<?xml version='1.0' encoding='ISO-8859-1'?><GctiMsg><CallId>é</CallId><LoginReq ClientName='IVR1'/></GctiMsg>", 'latin1'),
    Buffer.from('{"protocol":"InteractionManagement","message":"RequestAgentLogout","referenceId":1,"attributes":{}}'),
    Buffer.from([0x00, 0xff, 0x03, 0x00, 0x02, 0x00, 0x80]),
  ];
  const back: Buffer[] = [];
  for (const f of sent) back.push(await roundTrip(client, waiting, f));
  assert.deepEqual(server.received, sent, 'the server got exactly what the client sent');
  assert.deepEqual(back, sent, 'the client got exactly what the server sent');

  // Keep-alives pass through both ways, unrecorded.
  const ack = new Promise<ControlFrame>((r) => client.onControlFrame?.(r));
  client.sendControlFrame?.({ type: 0x00, payload: Buffer.alloc(0) });
  assert.equal((await ack).type, 0x01);

  // Once per frame per direction, on the client-facing connection, which stands for the server, with the
  // IVR XML codec: the XML is a message (the echo of a LoginReq is one the wrong way round); JSON and
  // garbage are NOT_XML bad frames — honest, and still relayed.
  assert.deepEqual(obs.entries.map(wireView).filter((v) => v !== undefined), [
    'IVR1→IVRS message LoginReq',
    'IVRS→IVR1 message LoginReq',
    `IVR1→IVRS bad-frame ${sent[1].length} NOT_XML`,
    `IVRS→IVR1 bad-frame ${sent[1].length} NOT_XML`,
    `IVR1→IVRS bad-frame ${sent[2].length} NOT_XML`,
    `IVRS→IVR1 bad-frame ${sent[2].length} NOT_XML`,
  ]);
  const login = obs.messages()[0];
  assert.equal(login.envelope.attributes.CallId, 'é', 'read as ISO-8859-1');
  assert.equal(login.raw, sent[0].toString('latin1'), 'the raw XML is kept');
  const remote = obs.entries.filter((e) => e.type === 'participant' && e.end === 'remote');
  assert.deepEqual(remote.map((e) => e.type === 'participant' && `${e.name}/${e.role}/${e.namedBy}`), ['IVR1/IVR/configured']);

  const clientGone = new Promise<number>((r) => client.onClose((code) => r(code)));
  await relay.stop();
  assert.equal(await clientGone, 0, 'stopping the relay ends the client\'s connection');
});

test('through a tcp:// relay the bytes on the wire match, GLI headers included', async (t) => {
  const server = await tcpEcho();
  const relay = await startRelay({ server: { name: 'IVRS', role: 'IVRServer', endpoints: { ivr: server.handle.url } }, observer: new MemoryObserver() });
  t.after(async () => {
    await relay.stop();
    await server.handle.close();
  });
  const port = Number(new URL(relay.endpoints.ivr).port);
  const raw = netConnect({ host: '127.0.0.1', port });
  raw.on('error', () => undefined);
  await once(raw, 'connect');
  const wire = Buffer.concat([encodeGliFrame(Buffer.from('<a/>')), encodeGliFrame(Buffer.alloc(0), 0x00), encodeGliFrame(Buffer.from([0xe9, 0x00]))]);
  // Echoed frames plus the ack the server answers the keep-alive with, in the server's order.
  const expected = Buffer.concat([encodeGliFrame(Buffer.from('<a/>')), encodeGliFrame(Buffer.alloc(0), 0x01), encodeGliFrame(Buffer.from([0xe9, 0x00]))]);
  const got: Buffer[] = [];
  let n = 0;
  const all = new Promise<void>((r) =>
    raw.on('data', (c: Buffer) => {
      got.push(c);
      if ((n += c.length) >= expected.length) r();
    }),
  );
  raw.write(wire);
  await all;
  assert.equal(Buffer.concat(got).toString('hex'), expected.toString('hex'));
  raw.destroy();
});

test('without a configured client, a tcp:// peer is named by its first message\'s rule, else client-<n>', async (t) => {
  const server = await tcpEcho();
  const obs = new MemoryObserver();
  const relay = await startRelay({ server: { name: 'IVRS', role: 'IVRServer', endpoints: { ivr: server.handle.url } }, observer: obs });
  t.after(async () => {
    await relay.stop();
    await server.handle.close();
  });
  const client = await openSocket(relay.endpoints.ivr);
  const echoed = new Promise((r) => client.onFrame(r));
  client.onClose(() => undefined);
  client.send('<GctiMsg/>');
  await echoed;
  const remote = obs.entries.filter((e) => e.type === 'participant' && e.end === 'remote');
  assert.deepEqual(remote.map((e) => e.type === 'participant' && `${e.name}/${e.namedBy}`), ['client-1/default']);
  client.close();
});

test('a relay to a ws:// server still listens on ws:// with the same path, and the client\'s announcement names it', async (t) => {
  const ws = await listen({
    name: 'IS',
    role: 'InteractionServer',
    onConnection: (c) => c.onMessage((m) => c.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: m.envelope.referenceId, attributes: {} })),
  });
  const obs = new MemoryObserver();
  const relay = await startRelay({ server: { name: 'IS', role: 'InteractionServer', endpoints: { im: ws.url } }, client: { name: 'ignored', role: 'AgentApplication' }, observer: obs });
  t.after(async () => {
    await relay.stop();
    await ws.close();
  });
  assert.match(relay.endpoints.im, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
  const c = await connect({ url: relay.endpoints.im, name: 'Agent1', role: 'AgentApplication' });
  const ack = new Promise((r) => c.onMessage(r));
  c.send({ protocol: 'InteractionManagement', message: 'RequestAgentLogout', referenceId: 3, attributes: {} });
  await ack;
  assert.deepEqual(obs.entries.map(wireView).filter((v) => v !== undefined), ['Agent1→IS message RequestAgentLogout', 'IS→Agent1 message EventAck']);
  await c.close();
});
