import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '../../src/codec/envelope.ts';
import type { CloseInfo, InboundMessage, MessageConnection, SendResult } from '../../src/transport/types.ts';
import { NoAnswerError, RequestChannel, RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { WaitableLog } from '../../src/servers/shared/waiters.ts';
import { Emitter } from '../../src/servers/shared/emitter.ts';
import { decide } from '../../src/servers/agent-application/invite-policy.ts';
import type { Invitation } from '../../src/servers/agent-application/invite-policy.ts';

/** A connection without a socket: records what is sent, lets the test deliver answers and close it. */
class FakeConnection implements MessageConnection {
  readonly id = 'c0';
  readonly local = { name: 'Agent1' };
  readonly remote = { name: 'IS1' };
  readonly path = '/';
  isOpen = true;
  sent: Envelope[] = [];
  private onMsg: ((m: InboundMessage) => void)[] = [];
  private onCl: ((c: CloseInfo) => void)[] = [];
  send(e: Envelope): SendResult {
    if (!this.isOpen) return { sent: false, violations: [] };
    this.sent.push(e);
    return { sent: true, violations: [] };
  }
  onMessage(h: (m: InboundMessage) => void) {
    this.onMsg.push(h);
    return () => undefined;
  }
  onBadFrame() {
    return () => undefined;
  }
  onClose(h: (c: CloseInfo) => void) {
    this.onCl.push(h);
    return () => undefined;
  }
  deliver(message: string, referenceId: number, attributes: Record<string, unknown> = {}, protocol = 'InteractionManagement') {
    for (const h of this.onMsg) h({ envelope: { protocol, message, referenceId, attributes }, canonical: message, violations: [] });
  }
  async close() {
    this.isOpen = false;
    for (const h of this.onCl) h({ code: 1006, reason: '', byLocal: false });
  }
}

test('requests carry increasing referenceIds and resolve on the answer that echoes them', async () => {
  const conn = new FakeConnection();
  const ch = new RequestChannel(conn, 1000);
  const a = ch.request('InteractionManagement', 'RequestAgentLogout', {});
  const b = ch.request('InteractionManagement', 'RequestAgentLogout', {});
  assert.deepEqual(conn.sent.map((e) => e.referenceId), [1, 2]);
  conn.deliver('EventAck', 2, { x: 2 });
  conn.deliver('EventAck', 1, { x: 1 });
  assert.deepEqual([(await a).attributes, (await b).attributes], [{ x: 1 }, { x: 2 }]);
  assert.equal(ch.waiting, 0);
});

test('a request from the other end that happens to carry the same referenceId answers nothing of ours', async () => {
  const conn = new FakeConnection();
  const ch = new RequestChannel(conn, 1000);
  const p = ch.request('InteractionManagement', 'RequestSubmit', {});
  conn.deliver('Request3rdServer', 1, { Service: 'email', Method: 'Autoresponse' }, 'ESP');
  assert.equal(ch.waiting, 1, 'the ESP request is not the answer to RequestSubmit 1');
  conn.deliver('EventAck', 1, { InteractionId: 'X' });
  assert.deepEqual((await p).attributes, { InteractionId: 'X' });
});

test('EventError rejects with RequestRefusedError carrying the code and description', async () => {
  const conn = new FakeConnection();
  const ch = new RequestChannel(conn, 1000);
  const p = ch.request('InteractionManagement', 'RequestAgentLogin', {});
  conn.deliver('EventError', 1, { ErrorCode: 41, ErrorDescription: 'client is not registered' });
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RequestRefusedError);
    assert.equal(e.message, 'RequestAgentLogin (referenceId 1) was refused: EventError 41 client is not registered');
    assert.equal(e.errorCode, 41);
    return true;
  });
});

test('a request nobody answers ends in NoAnswerError after the timeout, or when the connection closes', async () => {
  const conn = new FakeConnection();
  const ch = new RequestChannel(conn, 20);
  await assert.rejects(ch.request('InteractionManagement', 'RequestAccept', {}), {
    name: 'Error',
    message: 'Agent1: RequestAccept (referenceId 1): no answer from IS1 within 20 ms',
  });
  const pending = ch.request('InteractionManagement', 'RequestReject', {}, { timeoutMs: 0 });
  await conn.close();
  await assert.rejects(pending, (e: unknown) => e instanceof NoAnswerError && e.message === 'Agent1: RequestReject (referenceId 2): no answer: the connection to IS1 closed (1006)');
  await assert.rejects(ch.request('InteractionManagement', 'RequestReject', {}), { message: 'Agent1: RequestReject not sent: the connection to IS1 closed (1006)' });
});

test('WaitableLog finds past items, waits for new ones, and ends waits with a clear error', async () => {
  const log = new WaitableLog<number>('Agent1');
  log.push(1);
  assert.equal(await log.waitFor((n) => n === 1, 'one'), 1);
  const two = log.waitFor((n) => n === 2, 'two');
  log.push(2);
  assert.equal(await two, 2);
  assert.equal(await log.waitFor((n) => n > 0, 'positive', { since: 1 }), 2);
  await assert.rejects(log.waitFor((n) => n === 3, 'EventInvite', { timeoutMs: 10 }), { message: 'Agent1: no EventInvite within 10 ms' });
  const four = log.waitFor((n) => n === 4, 'EventRevoked');
  log.close('Agent1 stopped');
  await assert.rejects(four, { message: 'Agent1: no EventRevoked: Agent1 stopped' });
  await assert.rejects(log.waitFor(() => false, 'EventAck'), { message: 'Agent1: no EventAck: Agent1 stopped' });
});

test('a keyed WaitableLog finds an item by key (from since), and waits for one not yet there', async () => {
  const log = new WaitableLog<{ id: string; n: number }>('URS', (x) => x.id);
  log.push({ id: 'a', n: 1 });
  log.push({ id: 'b', n: 2 });
  log.push({ id: 'a', n: 3 });
  assert.equal((await log.waitForKey('a', 'a')).n, 1);
  assert.equal((await log.waitForKey('a', 'a', { since: 1 })).n, 3);
  const c = log.waitForKey('c', 'EventRouteRequest for c');
  log.push({ id: 'd', n: 4 });
  log.push({ id: 'c', n: 5 });
  assert.equal((await c).n, 5);
  await assert.rejects(log.waitForKey('e', 'EventRouteRequest for e', { timeoutMs: 10 }), { message: 'URS: no EventRouteRequest for e within 10 ms' });
  assert.throws(() => new WaitableLog<number>('X').waitForKey('k', 'k'), /waitForKey on a log without keys/);
});

test('a WaitableLog that keeps the last n forgets older items in batches, its indices and keys staying absolute', async () => {
  const log = new WaitableLog<{ id: string; n: number }>('URS', (x) => x.id, 3);
  for (let n = 0; n < 5; n++) log.push({ id: n % 2 ? 'odd' : 'even', n });
  // Up to twice `keep` are held: nothing forgotten yet.
  assert.deepEqual(log.items.map((x) => x.n), [0, 1, 2, 3, 4]);
  log.push({ id: 'odd', n: 5 });
  assert.deepEqual(log.items.map((x) => x.n), [3, 4, 5]);
  assert.equal(log.length, 6);
  // `since` counts every item ever pushed; what was forgotten is not seen.
  assert.equal((await log.waitFor(() => true, 'any', { since: 4 })).n, 4);
  assert.equal((await log.waitFor((x) => x.id === 'even', 'even')).n, 4);
  assert.equal((await log.waitForKey('odd', 'odd')).n, 3);
  assert.equal((await log.waitForKey('odd', 'odd', { since: 4 })).n, 5);
  await assert.rejects(log.waitFor((x) => x.n === 0, 'item 0', { timeoutMs: 10 }), /no item 0 within 10 ms/);
  // A long run stays bounded, the key index too.
  for (let n = 6; n < 10_000; n++) log.push({ id: `k${n}`, n });
  assert.ok(log.items.length < 6, `kept ${log.items.length}`);
  assert.equal((await log.waitForKey('k9999', 'k9999')).n, 9999);
  await assert.rejects(log.waitForKey('k6', 'k6', { timeoutMs: 10 }), /no k6 within 10 ms/);
  assert.throws(() => new WaitableLog<number>('X', undefined, 0), /keeps at least 1 item/);
});

test('invite policies: fixed, with delay, or decided per invitation', () => {
  const inv = (n: number): Invitation => ({ ticketId: n, interactionId: `I${n}`, interaction: {}, receivedAt: 0 });
  assert.deepEqual(decide('reject', inv(1)), { action: 'reject', delayMs: 0 });
  assert.deepEqual(decide({ action: 'accept', delayMs: 30 }, inv(1)), { action: 'accept', delayMs: 30 });
  const alternate = (i: Invitation) => (i.ticketId! % 2 === 1 ? 'accept' : { action: 'ignore' as const });
  assert.deepEqual([decide(alternate, inv(1)).action, decide(alternate, inv(2)).action], ['accept', 'ignore']);
});

test('an emitter listener that throws does not stop the others; its error is returned', () => {
  const e = new Emitter<{ x: number }>();
  const seen: number[] = [];
  e.on('x', () => {
    throw new Error('bad listener');
  });
  const off = e.on('x', (n) => seen.push(n));
  const errors = e.emit('x', 1);
  off();
  e.emit('x', 2);
  assert.deepEqual(seen, [1]);
  assert.equal((errors[0] as Error).message, 'bad listener');
});
