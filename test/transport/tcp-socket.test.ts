import { test as nodeTest } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { encodeGliFrame } from '../../src/codec/gli-framing.ts';
import { connect, openSocket } from '../../src/transport/client.ts';
import { CheckedConnection } from '../../src/transport/checked-connection.ts';
import type { BadFraming, ControlFrame, FrameSocket } from '../../src/transport/frame-socket.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { listenTcpSockets } from '../../src/transport/tcp-server.ts';
import type { TcpListenOptions } from '../../src/transport/tcp-server.ts';
import { TcpFrameSocket } from '../../src/transport/tcp-socket.ts';

/**
 * A safety net, not an assertion: a test awaiting an event that never comes fails instead of hanging the
 * run. Cleanup is registered with t.after, which runs on a timeout too (a finally block would not), so a
 * failed test leaves no listener holding the process open.
 */
const test = (name: string, fn: (t: TestContext) => Promise<void>) => nodeTest(name, { timeout: 10_000 }, fn);

/** A listener whose accepted sockets come out of a queue, in order. */
async function listener(opts: Partial<TcpListenOptions> = {}) {
  const accepted: FrameSocket[] = [];
  const waiting: ((s: FrameSocket) => void)[] = [];
  const handle = await listenTcpSockets({
    ...opts,
    onSocket: (s, url) => {
      opts.onSocket?.(s, url);
      const w = waiting.shift();
      if (w) w(s);
      else accepted.push(s);
    },
  });
  const next = () => (accepted.length > 0 ? Promise.resolve(accepted.shift()!) : new Promise<FrameSocket>((r) => waiting.push(r)));
  return { handle, next };
}

function echo(s: FrameSocket): void {
  s.onFrame((f) => s.send(f));
  s.onControlFrame?.((f) => {
    // A server's answer to a keep-alive: KeepAlive Req (0) → KeepAlive Ack (1), same payload.
    if (f.type === 0x00) s.sendControlFrame?.({ type: 0x01, payload: f.payload });
  });
  s.onClose(() => undefined);
}

async function rawClient(port: number): Promise<Socket> {
  const s = netConnect({ host: '127.0.0.1', port });
  await once(s, 'connect');
  // A server that drops the connection with bytes unread resets it; that must not crash the test.
  s.on('error', () => undefined);
  return s;
}

/** The next n frames a frame socket delivers. */
function frames(s: FrameSocket, n: number): Promise<Buffer[]> {
  const got: Buffer[] = [];
  return new Promise((resolve) =>
    s.onFrame((f) => {
      got.push(Buffer.isBuffer(f) ? f : Buffer.from(f));
      if (got.length === n) resolve(got);
    }),
  );
}

function closed(s: FrameSocket): Promise<[number, string]> {
  return new Promise((resolve) => s.onClose((code, reason) => resolve([code, reason])));
}

function badFraming(s: FrameSocket): Promise<BadFraming> {
  return new Promise((resolve) => s.onBadFraming(resolve));
}

test('listenTcpSockets binds 127.0.0.1 on a free port, names itself tcp://127.0.0.1:<port>, and hands over sockets with the peer address', async (t) => {
  const { handle, next } = await listener();
  t.after(() => handle.close());
  assert.equal(handle.host, '127.0.0.1');
  assert.ok(handle.port > 0);
  assert.equal(handle.url, `tcp://127.0.0.1:${handle.port}`);
  const raw = await rawClient(handle.port);
  const s = await next();
  assert.equal(s.transport, 'tcp');
  assert.equal(s.isOpen, true);
  assert.equal(s.peerAddress, `127.0.0.1:${raw.localPort}`);
  raw.destroy();
});

test('frames go both ways byte for byte over openSocket("tcp://…"), binary and empty payloads included', async (t) => {
  const { handle } = await listener({ onSocket: echo });
  t.after(() => handle.close());
  const s = await openSocket(handle.url);
  assert.equal(s.transport, 'tcp');
  const got = frames(s, 3);
  const binary = Buffer.from([0x00, 0x03, 0xff, 0xe9, 0x0a, 0x00, 0x80]);
  s.send(binary);
  s.send('');
  s.send("<?xml version='1.0' encoding='ISO-8859-1'?><GctiMsg/>");
  assert.deepEqual(await got, [binary, Buffer.alloc(0), Buffer.from("<?xml version='1.0' encoding='ISO-8859-1'?><GctiMsg/>")]);
  s.close();
  assert.deepEqual(await closed(s), [0, '']);
});

test('on the wire each frame is the GLI header and the payload: a raw peer gets back exactly the bytes it sent', async (t) => {
  const { handle } = await listener({ onSocket: echo });
  t.after(() => handle.close());
  const raw = await rawClient(handle.port);
  const wire = Buffer.concat([encodeGliFrame(Buffer.from('<a/>')), encodeGliFrame(Buffer.from([0xff, 0x00]))]);
  const back: Buffer[] = [];
  let n = 0;
  const done = new Promise<void>((r) =>
    raw.on('data', (c: Buffer) => {
      back.push(c);
      if ((n += c.length) >= wire.length) r();
    }),
  );
  // Split inside the first header: the server's deframer must join it.
  raw.write(wire.subarray(0, 3));
  raw.write(wire.subarray(3));
  await done;
  assert.equal(Buffer.concat(back).toString('hex'), wire.toString('hex'));
  raw.destroy();
});

test('frames that arrive before onFrame is set are kept and delivered in order, then the close', async (t) => {
  const { handle } = await listener({
    onSocket: (s) => {
      s.onClose(() => undefined);
      s.send('one');
      s.send('two');
      s.send('three');
      s.close();
    },
  });
  t.after(() => handle.close());
  const raw = netConnect({ host: '127.0.0.1', port: handle.port });
  const s = new TcpFrameSocket(raw, 'test', 1024);
  // 'end' comes after every 'data': by then the socket has read all three frames with no handler set.
  await once(raw, 'end');
  const seen: string[] = [];
  const all = new Promise<void>((resolve) => {
    s.onFrame((f) => seen.push(`frame ${f.toString()}`));
    s.onClose((code) => {
      seen.push(`close ${code}`);
      resolve();
    });
  });
  await all;
  assert.deepEqual(seen, ['frame one', 'frame two', 'frame three', 'close 0']);
});

test('keep-alives reach onControlFrame, not onFrame, so a server can answer KeepAlive Req with KeepAlive Ack', async (t) => {
  const serverFrames: string[] = [];
  const serverControls: number[] = [];
  const { handle } = await listener({
    onSocket: (s) => {
      s.onFrame((f) => {
        serverFrames.push(f.toString());
        s.send(f);
      });
      s.onControlFrame?.((f) => {
        serverControls.push(f.type);
        if (f.type === 0x00) s.sendControlFrame?.({ type: 0x01, payload: f.payload });
      });
      s.onClose(() => undefined);
    },
  });
  t.after(() => handle.close());
  const s = await openSocket(handle.url);
  const ack = new Promise<ControlFrame>((r) => s.onControlFrame?.(r));
  // onFrame opens delivery on a TCP frame socket, control frames included.
  const echoed = frames(s, 1);
  s.sendControlFrame?.({ type: 0x00, payload: Buffer.from('ping') });
  const a = await ack;
  assert.deepEqual([a.type, a.payload.toString()], [0x01, 'ping']);
  s.send('<data/>');
  assert.deepEqual((await echoed).map(String), ['<data/>']);
  assert.deepEqual(serverFrames, ['<data/>']);
  assert.deepEqual(serverControls, [0x00]);
  s.close();
  await closed(s);
});

test('a bad header closes the connection from this end (1002), and the checked connection records the violation', async (t) => {
  const obs = new MemoryObserver();
  let conn: CheckedConnection | undefined;
  const { handle } = await listener({
    onSocket: (socket) => {
      conn = new CheckedConnection({ socket, local: { name: 'S' }, remote: { name: 'P', namedBy: 'configured' }, defaultRemoteName: () => 'x', path: '/', maxFrameBytes: 1024, observer: obs });
    },
  });
  t.after(() => handle.close());
  const raw = await rawClient(handle.port);
  const rawClosed = once(raw, 'close');
  raw.write("<?xml version='1.0'?><GctiMsg/>");
  await rawClosed;
  const info = await new Promise((r) => conn!.onClose(r));
  assert.deepEqual(info, { code: 1002, reason: 'GLI header byte 0 (cNull) is 0x3c, expected 0x00', byLocal: true });
  const bad = obs.entries.filter((e) => e.type === 'bad-frame');
  assert.equal(bad.length, 1);
  assert.deepEqual(
    bad.map((e) => e.type === 'bad-frame' && [e.from, e.to, e.violations.map((v) => v.code), e.preview]),
    [['P', 'S', ['BAD_FRAMING', 'BAD_FRAMING', 'BAD_FRAMING', 'BAD_FRAMING'], "3c 3f 78 6d 6c 20 version='1.0'?><GctiMsg/>"]],
  );
  assert.match(obs.events().at(-1)!.text, /^connection c\d+ closed by S \(1002 GLI header byte 0 \(cNull\) is 0x3c, expected 0x00\)$/);
});

test('a frame declaring more than the limit is refused on its header (1009, FRAME_TOO_LARGE): its payload is never sent nor awaited', async (t) => {
  const { handle, next } = await listener({ maxFrameBytes: 1024 });
  t.after(() => handle.close());
  const raw = await rawClient(handle.port);
  const s = await next();
  const bad = badFraming(s);
  const done = closed(s);
  s.onFrame(() => assert.fail('no frame is delivered'));
  const rawClosed = once(raw, 'close');
  // Only the header, declaring 65533 payload bytes: the refusal cannot depend on them arriving.
  raw.write(Buffer.from([0x00, 0x03, 0xff, 0xff, 0x02, 0x00]));
  const b = await bad;
  assert.equal(b.fatal, true);
  assert.equal(b.size, 65539);
  assert.deepEqual(b.violations.map((v) => [v.code, v.expected, v.actual]), [['FRAME_TOO_LARGE', 'a payload of at most 1024 bytes', '65533 bytes']]);
  assert.deepEqual(await done, [1009, "a GLI frame declares a 65533-byte payload (length field 65535), over this connection's 1024-byte limit; it was not read and the connection was closed"]);
  await rawClosed;
});

test('a peer that closes mid-frame leaves one truncated-frame problem, not fatal, and a normal close (0)', async (t) => {
  const { handle, next } = await listener();
  t.after(() => handle.close());
  const raw = await rawClient(handle.port);
  const s = await next();
  const bad = badFraming(s);
  const done = closed(s);
  s.onFrame(() => undefined);
  raw.end(encodeGliFrame(Buffer.from('<GctiMsg/>')).subarray(0, 9));
  const b = await bad;
  assert.equal(b.fatal, false);
  assert.deepEqual(b.violations.map((v) => v.message), ["the connection closed mid-frame: 9 of the frame's 16 bytes arrived (its header declares a 10-byte payload)"]);
  assert.deepEqual(await done, [0, '']);
});

test('close codes: an orderly close is 0 on both ends with the local reason; a reset is 1006 with the error; terminate() is 1006', async (t) => {
  const { handle, next } = await listener();
  t.after(() => handle.close());
  const client = await openSocket(handle.url);
  const server = await next();
  server.onFrame(() => undefined);
  const serverClosed = closed(server);
  client.onFrame(() => undefined);
  const clientClosed = closed(client);
  client.close(1000, 'done here');
  assert.equal(client.isOpen, false, 'a closing socket is no longer open');
  assert.deepEqual(await clientClosed, [0, 'done here']);
  assert.deepEqual(await serverClosed, [0, '']);

  const raw = await rawClient(handle.port);
  const reset = await next();
  reset.onFrame(() => undefined);
  const errors: string[] = [];
  reset.onError((e) => errors.push(e.code ?? e.message));
  const resetClosed = closed(reset);
  raw.resetAndDestroy();
  assert.deepEqual(await resetClosed, [1006, 'ECONNRESET']);
  assert.deepEqual(errors, ['ECONNRESET']);

  const dropped = await openSocket(handle.url);
  const peer = await next();
  peer.onFrame(() => undefined);
  const peerClosed = closed(peer);
  dropped.onFrame(() => undefined);
  const droppedClosed = closed(dropped);
  dropped.terminate();
  assert.deepEqual(await droppedClosed, [1006, '']);
  assert.equal((await peerClosed)[0], 0, 'the far end of a terminate() sees the connection end');
});

test('openSocket("tcp://…") refuses with a message naming the URL', async (t) => {
  const { handle } = await listener();
  const port = handle.port;
  await handle.close();
  await assert.rejects(openSocket(`tcp://127.0.0.1:${port}`), { message: `cannot connect to tcp://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}` });
  await assert.rejects(openSocket('tcp://127.0.0.1'), { message: 'cannot connect to tcp://127.0.0.1: a tcp:// endpoint needs a port (tcp://host:port)' });
  await assert.rejects(openSocket('tcp://127.0.0.1:4000/ivr'), {
    message: 'cannot connect to tcp://127.0.0.1:4000/ivr: a tcp:// endpoint has no path (tcp://host:port); only WebSocket endpoints select a face by path',
  });
  await assert.rejects(openSocket('http://127.0.0.1:4000/'), { message: 'cannot connect to http://127.0.0.1:4000/: expected a ws://, wss:// or tcp:// endpoint, not http://' });
});

test('the listener\'s close() destroys sockets still open, resolves, and accepts nothing more', async (t) => {
  const { handle, next } = await listener();
  t.after(() => handle.close());
  const client = await openSocket(handle.url);
  (await next()).onFrame(() => undefined);
  client.onFrame(() => undefined);
  const clientClosed = closed(client);
  await handle.close();
  await clientClosed;
  await assert.rejects(openSocket(handle.url), /ECONNREFUSED/);
  await handle.close(); // idempotent: resolves again
});

test('connect() over tcp:// gives a checked connection: a JSON envelope goes out and back through GLI frames', async (t) => {
  const { handle } = await listener({ onSocket: echo });
  t.after(() => handle.close());
  const obs = new MemoryObserver();
  const c = await connect({ url: handle.url, name: 'A', role: 'AgentApplication', observer: obs });
  assert.equal(c.path, '/');
  assert.equal(c.remote.name, `127.0.0.1:${handle.port}`);
  const back = new Promise((r) => c.onMessage(r));
  c.send({ protocol: 'InteractionManagement', message: 'RequestAgentLogout', referenceId: 1, attributes: {} });
  await back;
  assert.deepEqual(obs.messages().map((m) => `${m.from}→${m.to} ${m.canonical}`), [
    `A→127.0.0.1:${handle.port} RequestAgentLogout`,
    `127.0.0.1:${handle.port}→A RequestAgentLogout`,
  ]);
  await c.close();
});

test('sendControlFrame refuses XML data, which must go through send() to be checked and recorded', async (t) => {
  const { handle } = await listener({ onSocket: echo });
  t.after(() => handle.close());
  const s = await openSocket(handle.url);
  s.onFrame(() => undefined);
  assert.throws(() => s.sendControlFrame?.({ type: 0x03, payload: Buffer.from('<a/>') }), {
    name: 'RangeError',
    message: 'sendControlFrame cannot send XML data (type 0x03): send it with send(), which the checked connection records',
  });
  s.close();
  await closed(s);
});
