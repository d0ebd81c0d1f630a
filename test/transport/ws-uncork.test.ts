import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSocket } from '../../src/transport/client.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';
import { listenSockets } from '../../src/transport/ws-server.ts';

// A socket's frames wait, corked, for the end of the event-loop turn (ws-socket.ts, uncorkLater). Frames
// sent are recorded as sent, so they must leave even when the socket is dropped before the turn ends.

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
