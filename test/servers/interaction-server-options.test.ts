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
  assert.throws(() => new InteractionServer({ deliveringTimeoutOverrideMs: 0 }), { message: 'deliveringTimeoutOverrideMs must be a positive number of ms, got 0' });
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

// [DOC IxnLimits] (reference §1.9): delivering-timeout is 1–86400 s, default 30 s. Configuration stays
// inside that; a run override for fast runs need not, and says what it is.
test('the delivering timeout takes only what the option documents: 1–86,400 s, in whole seconds', () => {
  const refused = (ms: number, why: string) =>
    assert.throws(() => new InteractionServer({ deliveringTimeoutMs: ms }), {
      message: `deliveringTimeoutMs: ${ms} ms ${why}: delivering-timeout is a whole number of seconds, 1–86,400 (default 30) [DOC IxnLimits]. For a faster test run, give it as a run override instead (deliveringTimeoutOverrideMs; flowcert run --timer delivering=${ms})`,
    });
  refused(200, 'is outside the documented range');
  refused(0, 'is outside the documented range');
  refused(86_401_000, 'is outside the documented range');
  refused(1_500, 'is not a whole number of seconds');
  for (const ms of [1_000, 30_000, 86_400_000]) assert.doesNotThrow(() => new InteractionServer({ deliveringTimeoutMs: ms }), `${ms} ms`);
});

test('a run override of the delivering timer may be shorter than the option allows (test/integration shows it is the one that runs)', () => {
  assert.doesNotThrow(() => new InteractionServer({ deliveringTimeoutMs: 30_000, deliveringTimeoutOverrideMs: 200 }));
  assert.doesNotThrow(() => new InteractionServer({ deliveringTimeoutOverrideMs: 1 }));
  assert.throws(() => new InteractionServer({ deliveringTimeoutOverrideMs: Number.NaN }), { message: 'deliveringTimeoutOverrideMs must be a positive number of ms, got NaN' });
});
