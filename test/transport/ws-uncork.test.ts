import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSocket } from '../../src/transport/client.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';
import { listenSockets } from '../../src/transport/ws-server.ts';

// A socket's frames wait, corked: those a frame handler sent until the end of the event-loop turn, any
// other until the next microtask, which takes every held frame with it (ws-socket.ts, `corked`). Frames
// sent are recorded as sent, so they must leave even when the socket is dropped before the turn ends.

/** Whether the socket's frames are still held (its TCP socket corked). */
const held = (s: FrameSocket) => ((s as unknown as { ws: { _socket: { writableCorked: number } } }).ws._socket.writableCorked > 0);
const turnEnd = () => new Promise((r) => setImmediate(r));

async function pair(onServerSocket: (s: FrameSocket) => void) {
  const server = await listenSockets({ hardLimitBytes: 1 << 20, onSocket: onServerSocket });
  const client = await openSocket(server.url);
  return { server, client };
}

test('frames sent in one turn reach the peer in order, even from several read callbacks of that turn', async () => {
  let serverSide: FrameSocket | undefined;
  const { server, client } = await pair((s) => {
    serverSide = s;
    s.onFrame((f) => s.send(`echo ${String(f)}`));
  });
  try {
    const got: string[] = [];
    const all = new Promise<void>((resolve) => client.onFrame((f) => got.push(String(f)) === 50 && resolve()));
    for (let i = 0; i < 50; i++) client.send(`m${i}`);
    await all;
    assert.deepEqual(got, Array.from({ length: 50 }, (_, i) => `echo m${i}`));
    assert.ok(serverSide);
  } finally {
    client.terminate();
    await server.close();
  }
});

test('a socket terminated in the turn it sent in still sends those frames first', async () => {
  const { server, client } = await pair((s) =>
    s.onFrame(() => {
      s.send('one');
      s.send('two');
      s.terminate();
    }),
  );
  try {
    const got: string[] = [];
    const closed = new Promise<void>((resolve) => client.onClose(() => resolve()));
    client.onFrame((f) => got.push(String(f)));
    client.send('go');
    await closed;
    assert.deepEqual(got, ['one', 'two']);
  } finally {
    await server.close();
  }
});

test('a frame sent outside a frame handler leaves by the next microtask; one a handler sent waits for the turn to end, unless another is sent outside meanwhile', async () => {
  let serverSide!: FrameSocket;
  let handled!: () => void;
  const { server, client } = await pair((s) => {
    serverSide = s;
    s.onFrame((f) => {
      s.send(`echo ${String(f)}`);
      handled();
    });
  });
  try {
    const got: string[] = [];
    client.onFrame((f) => got.push(String(f)));
    const sentBy = (text: string) => new Promise<void>((resolve) => ((handled = resolve), client.send(text)));
    while (serverSide === undefined) await turnEnd();

    serverSide.send('outside');
    assert.equal(held(serverSide), true);
    await Promise.resolve();
    assert.equal(held(serverSide), false, 'written by the microtask after the send');

    await sentBy('one');
    assert.equal(held(serverSide), true, 'a handler\'s answer is held past the microtasks of its read');
    await turnEnd();
    assert.equal(held(serverSide), false, 'and written when the turn ends');

    await sentBy('two');
    assert.equal(held(serverSide), true);
    serverSide.send('after');
    await Promise.resolve();
    assert.equal(held(serverSide), false, 'a send outside a handler takes the held frames with it');

    while (got.length < 4) await turnEnd();
    assert.deepEqual(got, ['outside', 'echo one', 'echo two', 'after']);
  } finally {
    client.terminate();
    await server.close();
  }
});
