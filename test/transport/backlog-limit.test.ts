import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import { encodeGliFrame } from '../../src/codec/gli-framing.ts';
import { CheckedConnection } from '../../src/transport/checked-connection.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { listenTcpSockets } from '../../src/transport/tcp-server.ts';
import type { CloseInfo } from '../../src/transport/types.ts';

/**
 * The backlog limit of a checked connection over TCP: a peer that sends requests and never reads the
 * answers gets BACKLOG_EXCEEDED recorded against it and its socket dropped, reported as 1008 (TCP
 * carries no close code; the number is the WebSocket one for the same reason). Small limit, so it is
 * quick; the kernel's buffers take their share of answers first.
 */

const LIMIT = 16 * 1024;
const MAX_REQUESTS = 1_000_000;

const request = (ref: number) =>
  encodeGliFrame(Buffer.from(JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestCancelNotReadyForMedia', referenceId: ref, attributes: { MediaTypeName: 'email' } })), 0x03);

function ackingConnection(socket: FrameSocket, observer: MemoryObserver, maxBacklogBytes: number): CheckedConnection {
  const conn = new CheckedConnection({ socket, local: { name: 'S', role: 'InteractionServer' }, remote: { name: 'P', role: 'AgentApplication', namedBy: 'configured' }, defaultRemoteName: () => 'x', path: '/', maxFrameBytes: 1024, observer, maxBacklogBytes });
  conn.onMessage((m) => conn.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: m.envelope.referenceId, attributes: {} }));
  return conn;
}

test('a TCP peer that never reads is dropped over the backlog limit, the violation recorded against it', async (t) => {
  const obs = new MemoryObserver();
  let conn: CheckedConnection | undefined;
  const handle = await listenTcpSockets({ onSocket: (socket) => (conn = ackingConnection(socket, obs, LIMIT)) });
  t.after(() => handle.close());
  const raw = netConnect({ host: '127.0.0.1', port: handle.port });
  raw.on('error', () => undefined);
  await once(raw, 'connect');
  // Never reads: the answers stay in the kernel, then in the server's socket.
  raw.pause();
  // The server's drop reaches the writer as ECONNRESET: an error event, which events.once would reject on.
  const rawClosed = new Promise((r) => raw.once('close', r));
  let sent = 0;
  while (!raw.destroyed && sent < MAX_REQUESTS) {
    if (raw.writableLength < 256 * 1024) for (let i = 0; i < 500; i++) raw.write(request(sent++));
    await new Promise((r) => setImmediate(r));
  }
  assert.notEqual(sent, MAX_REQUESTS, `${sent} requests sent and the socket is still open`);
  await rawClosed;

  const info = await new Promise<CloseInfo>((r) => conn!.onClose(r));
  assert.deepEqual(info, { code: 1008, reason: `backlog over ${LIMIT} bytes`, byLocal: true });
  const entries = obs.entries.filter((e) => e.type === 'message' || e.type === 'bad-frame');
  const at = entries.findIndex((e) => e.type === 'bad-frame');
  assert.ok(at > 0, 'the violation is recorded');
  const bad = entries[at];
  assert.ok(bad.type === 'bad-frame');
  assert.deepEqual([bad.from, bad.to, bad.preview, bad.violations.map((v) => v.code)], ['P', 'S', '', ['BACKLOG_EXCEEDED']]);
  assert.ok(bad.size > LIMIT, `backlog ${bad.size}`);
  assert.ok(entries.slice(at + 1).every((e) => e.from === 'P'), 'nothing is sent to the peer after the violation; what was read from it is still recorded');
  assert.match(obs.events().at(-1)!.text, new RegExp(`^connection c\\d+ closed by S \\(1008 backlog over ${LIMIT} bytes\\)$`));
});

test('the limit is a positive number of bytes', () => {
  const socket = { transport: 'tcp', isOpen: true, peerAddress: '', bufferedAmount: 0, send() {}, onFrame() {}, onBadFraming() {}, onClose() {}, onError() {}, close() {}, terminate() {} } as FrameSocket;
  assert.throws(() => ackingConnection(socket, new MemoryObserver(), 0), { message: 'maxBacklogBytes must be a positive number of bytes (Infinity for no limit), got 0' });
});
