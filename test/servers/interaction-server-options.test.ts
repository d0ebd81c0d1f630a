import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { InteractionStore } from '../../src/servers/interaction-server/interactions.ts';

test('interaction ids are 16 upper-case hex digits, deterministic per instance: prefix then counter', () => {
  const a = new InteractionStore('0001');
  const b = new InteractionStore('0001');
  const ids = [a.nextId(), a.nextId(), a.nextId()];
  assert.deepEqual(ids, ['0001000000000001', '0001000000000002', '0001000000000003']);
  assert.equal(b.nextId(), ids[0], 'a new instance starts over: traces are reproducible');
  const c = new InteractionStore('00A2');
  for (let i = 0; i < 9; i++) c.nextId();
  assert.equal(c.nextId(), '00A200000000000A');
});

test('bad options are refused when the server is created, with the value that was wrong', () => {
  assert.throws(() => new InteractionServer({ interactionIdPrefix: 'xyz' }), { message: 'interactionIdPrefix must be four upper-case hex digits, got "xyz"' });
  assert.throws(() => new InteractionServer({ deliveringTimeoutMs: 0 }), { message: 'deliveringTimeoutMs must be a positive number of ms, got 0' });
  assert.throws(() => new InteractionServer({ faults: { omitTicketID: true } as never }), /^Error: unknown Interaction Server fault "omitTicketID"/);
});

test('a server that was never started stops cleanly; a stopped server does not start again', async () => {
  const is = new InteractionServer();
  await is.stop();
  await assert.rejects(is.start(), { message: 'IS1 was stopped; create a new InteractionServer' });
  assert.throws(() => is.url, { message: 'IS1 is not started' });
});

test('start() is idempotent and listens on 127.0.0.1 with both faces on one port', async () => {
  const is = new InteractionServer({ name: 'IS7' });
  try {
    const [a, b] = await Promise.all([is.start(), is.start()]);
    assert.deepEqual(a, b);
    assert.match(a.url, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(a.tlibUrl, `ws://127.0.0.1:${a.port}/tlib`);
  } finally {
    await is.stop();
    await is.stop();
  }
});
