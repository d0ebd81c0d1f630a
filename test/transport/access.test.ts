import { test as nodeTest } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, MIN_TOKEN_CHARS } from '../../src/transport/access.ts';
import type { Refusal } from '../../src/transport/access.ts';
import { openSocket } from '../../src/transport/client.ts';
import type { FrameSocket } from '../../src/transport/frame-socket.ts';
import type { RequestTarget } from '../../src/transport/request-target.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import { listen } from '../../src/transport/server.ts';
import { listenTcpSockets } from '../../src/transport/tcp-server.ts';
import { listenSockets } from '../../src/transport/ws-server.ts';
import type { MessageConnection } from '../../src/transport/types.ts';

// Off loopback only with a token (README, "Access token"). Every case on loopback addresses only: the
// enforcement path is the one a loopback listener takes when it is given a token; the rule that any
// other address needs one is checked before anything binds.

const test = (name: string, fn: (t: TestContext) => Promise<void>) => nodeTest(name, { timeout: 10_000 }, fn);

const TOKEN = 'a-shared-token-0123456789';
const WRONG = 'someone-elses-secret-98765';

test('loopback is 127.0.0.0/8, ::1 and localhost, however written; anything else is not', async () => {
  for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '127.1']) assert.ok(isLoopbackHost(h), h);
  for (const h of ['0.0.0.0', '::', '10.1.2.3', '192.168.0.7', '::ffff:10.0.0.1', 'example.com', '128.0.0.1', '', 'not a host']) assert.ok(!isLoopbackHost(h), h);
});

test('anywhere but loopback without a token, or with a short one, nothing is bound: the listeners refuse before they listen', async () => {
  // 0.0.0.0 would bind fine, 192.0.2.1 (TEST-NET) would fail with EADDRNOTAVAIL: the message shows neither got that far.
  for (const host of ['0.0.0.0', '192.0.2.1', '::']) {
    await assert.rejects(listenSockets({ host, hardLimitBytes: 1024, onSocket: () => undefined }), new RegExp(`cannot listen on ${host.replace(/[.:]/g, '\\$&')}: ${host.replace(/[.:]/g, '\\$&')} is not a loopback address: listening there needs an access token`));
    await assert.rejects(listenTcpSockets({ host, onSocket: () => undefined }), /is not a loopback address: listening there needs an access token/);
  }
  await assert.rejects(listenSockets({ token: 'short', hardLimitBytes: 1024, onSocket: () => undefined }), new RegExp(`an access token must be at least ${MIN_TOKEN_CHARS} characters long \\(it is 5\\)`));
});

/** A checked server with a token on loopback; what it refuses goes to its observer, as to a trace. */
async function tokenServer(t: TestContext) {
  const observer = new MemoryObserver();
  const accepted: MessageConnection[] = [];
  const server = await listen({ name: 'IS1', token: TOKEN, observer, onConnection: (c) => accepted.push(c) });
  t.after(() => server.close());
  return { server, observer, accepted };
}

test('a WebSocket listener with a token: its URL carries it; a client presenting it is served, and the token goes no further', async (t) => {
  const { server, accepted } = await tokenServer(t);
  assert.equal(server.url, `ws://127.0.0.1:${server.port}/?token=${TOKEN}`);
  const socket = await openSocket(`${server.url}&participant=Agent1&role=AgentApplication`);
  t.after(() => socket.terminate());
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(accepted.length, 1);
  assert.equal(accepted[0].remote.name, 'Agent1', 'the announcement is read as ever');
});

test('a WebSocket client without the token gets 401 before any upgrade, one with a wrong token 403; each refusal is recorded, without what it presented', async (t) => {
  const { server, observer, accepted } = await tokenServer(t);
  const bare = `ws://127.0.0.1:${server.port}/tlib?participant=Intruder`;
  await assert.rejects(openSocket(bare), /cannot connect to .*: the server refused it \(HTTP 401\): it needs an access token, given as \?token= on the URL/);
  await assert.rejects(openSocket(`${bare}&token=${WRONG}`), (err: Error) => {
    assert.match(err.message, /the server refused it \(HTTP 403\): the access token is wrong/);
    assert.ok(!err.message.includes(WRONG), 'the client’s own error does not repeat the token either');
    return true;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(accepted.length, 0);
  const events = observer.events();
  assert.deepEqual(events.map((e) => [e.kind, e.participant, e.text.replace(/:\d+/g, ':PORT')]), [
    ['error', 'Intruder', 'IS1: refused a connection of "Intruder" from 127.0.0.1:PORT to /tlib: it presented no access token'],
    ['error', 'Intruder', 'IS1: refused a connection of "Intruder" from 127.0.0.1:PORT to /tlib: it presented a wrong access token'],
  ]);
  assert.deepEqual(events.map((e) => (e.data?.refused as Refusal).presented), ['none', 'wrong']);
  assert.ok(!JSON.stringify(events).includes(WRONG));
});

test('without a token, a loopback listener takes anyone, and a ?token= a client sends anyway is taken out of what it hands on', async (t) => {
  let url: RequestTarget | undefined;
  let accepted: FrameSocket | undefined;
  const h = await listenSockets({
    hardLimitBytes: 1024,
    onSocket: (s, u) => {
      url = u;
      accepted = s;
    },
  });
  // Sockets first, then the listener (which waits for its clients to be gone).
  t.after(async () => {
    accepted?.terminate();
    await h.close();
  });
  assert.equal(h.url, `ws://127.0.0.1:${h.port}/`);
  const s = await openSocket(`${h.url}?token=${WRONG}&participant=x`);
  s.terminate();
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual([...url!.searchParams], [['participant', 'x']]);
});

/** A TCP listener with a token; refusals and what admitted sockets send collected (handlers set as a socket is handed over, as the listener requires). */
async function tokenTcp(t: TestContext, tokenFrameTimeoutMs = 2000) {
  const refusals: Refusal[] = [];
  const admitted: FrameSocket[] = [];
  const received: string[] = [];
  const h = await listenTcpSockets({
    token: TOKEN,
    tokenFrameTimeoutMs,
    onRefused: (r) => refusals.push(r),
    onSocket: (s) => {
      admitted.push(s);
      s.onFrame((f) => received.push(f.toString()));
    },
  });
  t.after(() => h.close());
  return { h, refusals, admitted, received };
}

function closed(s: FrameSocket): Promise<void> {
  return new Promise((resolve) => s.onClose(() => resolve()));
}

test('TCP: flowcert’s client sends the token as its first frame; the listener takes it and hands on the rest, in order', async (t) => {
  const { h, admitted, refusals, received } = await tokenTcp(t);
  assert.equal(h.url, `tcp://127.0.0.1:${h.port}?token=${TOKEN}`);
  const client = await openSocket(h.url);
  t.after(() => client.terminate());
  client.send('<first/>');
  client.send('<second/>');
  while (received.length < 2) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(received, ['<first/>', '<second/>']);
  assert.equal(admitted.length, 1);
  assert.deepEqual(refusals, []);
});

test('TCP: a first frame that is not the token, a wrong token, or none in time: an Error Ack saying why, the connection closed, the refusal reported; one that leaves first is reported too', async (t) => {
  const { h, admitted, refusals } = await tokenTcp(t, 150);
  const bare = `tcp://127.0.0.1:${h.port}`;
  const errorAck = (s: FrameSocket) => new Promise<string>((resolve) => s.onControlFrame?.((f) => resolve(`${f.type}: ${f.payload.toString()}`)));

  const plain = await openSocket(bare);
  const plainAck = errorAck(plain);
  plain.onFrame(() => undefined);
  plain.send('<RequestRegisterClient/>');
  assert.equal(await plainAck, '2: flowcert: this endpoint needs an access token: send {"token":"<token>"} as the first frame (README, "Access token")');
  await closed(plain);

  const wrong = await openSocket(`${bare}?token=${WRONG}`);
  const wrongAck = errorAck(wrong);
  wrong.onFrame(() => undefined);
  assert.equal(await wrongAck, '2: flowcert: wrong access token');
  await closed(wrong);

  const silent = await openSocket(bare);
  const silentAck = errorAck(silent);
  silent.onFrame(() => undefined);
  assert.match(await silentAck, /^2: flowcert: this endpoint needs an access token/);
  await closed(silent);

  const quitter = await openSocket(bare);
  quitter.onFrame(() => undefined);
  const gone = closed(quitter);
  quitter.close();
  await gone;
  while (refusals.length < 4) await new Promise((r) => setTimeout(r, 5));

  assert.equal(admitted.length, 0);
  assert.deepEqual(refusals.map((r) => [r.presented, r.text.replace(/:\d+/g, ':PORT')]), [
    ['none', 'refused a connection of 127.0.0.1:PORT to 127.0.0.1:PORT: it presented no access token'],
    ['wrong', 'refused a connection of 127.0.0.1:PORT to 127.0.0.1:PORT: it presented a wrong access token'],
    ['none', 'refused a connection of 127.0.0.1:PORT to 127.0.0.1:PORT: it sent no token frame within 150 ms'],
    ['none', 'refused a connection of 127.0.0.1:PORT to 127.0.0.1:PORT: it presented no access token before it closed the connection'],
  ]);
  assert.ok(!JSON.stringify(refusals).includes(WRONG));
});
