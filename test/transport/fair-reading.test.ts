import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckedConnection } from '../../src/transport/checked-connection.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';

/**
 * A connection reads at most a turn's worth of frames (256) before it stops reading until the next
 * event-loop turn, so one peer flooding cannot keep the others waiting while the kernel still holds
 * its data. Driven by a scripted socket: what is checked is when reading stops and resumes, not timing.
 */

const request = (ref: number) => JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestCancelNotReadyForMedia', referenceId: ref, attributes: { MediaTypeName: 'email' } });
const turn = () => new Promise((r) => setImmediate(r));

/** A socket whose frames the test delivers by hand, recording every setReading call. */
function scriptedSocket() {
  let deliver: (f: string) => void = () => undefined;
  const reading: boolean[] = [];
  const socket: FrameSocket = {
    transport: 'ws',
    isOpen: true,
    peerAddress: '127.0.0.1:1',
    bufferedAmount: 0,
    send: () => undefined,
    onFrame: (h) => (deliver = h),
    onBadFraming: () => undefined,
    onClose: () => undefined,
    onError: () => undefined,
    close: () => undefined,
    terminate: () => undefined,
    setReading: (on) => reading.push(on),
  };
  return { socket, reading, deliver: (f: string) => deliver(f) };
}

function connection(socket: FrameSocket): { conn: CheckedConnection; received: number[] } {
  const conn = new CheckedConnection({ socket, local: { name: 'IS1', role: 'InteractionServer' }, remote: { name: 'Agent1', role: 'AgentApplication', namedBy: 'query' }, defaultRemoteName: () => 'x', path: '/', maxFrameBytes: 1024 });
  const received: number[] = [];
  conn.onMessage((m) => received.push(m.envelope.referenceId!));
  return { conn, received };
}

test('past 256 frames in one turn a connection stops reading, still handles the frames in hand, and reads again next turn', async () => {
  const s = scriptedSocket();
  const { received } = connection(s.socket);
  await turn();
  for (let i = 1; i <= 300; i++) s.deliver(request(i));
  assert.deepEqual(s.reading, [false], 'reading stopped once, at the cap');
  await turn();
  assert.equal(received.length, 300, 'the frames already read are all delivered, in order');
  assert.deepEqual(received.slice(-2), [299, 300]);
  assert.deepEqual(s.reading, [false, true], 'reading resumed in the next turn');

  // The count starts over each turn.
  for (let i = 301; i <= 556; i++) s.deliver(request(i));
  assert.deepEqual(s.reading, [false, true, false]);
  await turn();
  assert.deepEqual(s.reading, [false, true, false, true]);
});

test('a peer sending fewer than 256 frames a turn is never paused, however many it sends in all', async () => {
  const s = scriptedSocket();
  const { received } = connection(s.socket);
  await turn();
  for (let t = 0; t < 20; t++) {
    for (let i = 0; i < 100; i++) s.deliver(request(t * 100 + i));
    await turn();
  }
  assert.equal(received.length, 2000);
  assert.deepEqual(s.reading, []);
});

test('a connection that stops reading for its backlog is not resumed by the next turn', async () => {
  const s = scriptedSocket();
  const { conn } = connection(s.socket);
  await turn();
  for (let i = 1; i <= 256; i++) s.deliver(request(i));
  // The answer that tips the backlog over: the socket says it holds more than the limit.
  (s.socket as { bufferedAmount: number }).bufferedAmount = 9 * 1024 * 1024;
  conn.send({ protocol: 'InteractionManagement', message: 'EventAck', referenceId: 1, attributes: {} });
  await turn();
  assert.deepEqual(s.reading, [false, false], 'paused at the cap, then for the backlog; never resumed');
  assert.equal(conn.isOpen, false);
});
