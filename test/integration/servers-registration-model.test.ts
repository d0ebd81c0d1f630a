import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from '../../src/flow/explain.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { awaitDisconnect } from '../../src/session/disconnect-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { Session } from '../../src/session/session.ts';
import { InconclusiveError } from '../../src/session/scenario-error.ts';

// GenEM Registration on real sockets, through a session: the reference Interaction Server against
// scenarios/registration.yaml, a client that connects and does not register, and fault ackInvalidClient.

const DESKTOP = "Agent1's desktop";

async function unregistered(opts: { faults?: string[]; registrationMs?: number } = {}): Promise<Session> {
  const session = Session.create({ name: 'registration', traceFile: null, ...(opts.faults ? { faults: { IS1: opts.faults } } : {}) });
  if (opts.registrationMs !== undefined) session.setTimer('registration', opts.registrationMs);
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'], registers: false });
  return session;
}

async function check(session: Session, variant: string) {
  const model = await sharedModels.get('registration');
  return (await checkFlow(session, { model, variant })).result;
}

test('a client that registers passes Successful Registration', async () => {
  const session = await unregistered();
  try {
    const done = await session.stimulate(DESKTOP, { kind: 'register' });
    assert.deepEqual(done, { answer: 'EventAck' });
    const r = await check(session, 'success');
    assert.equal(r.verdict, 'pass', explain(r));
  } finally {
    await session.dispose();
  }
});

test('an invalid client gets EventError (variant a); a request before registering gets EventError (b); both in turn (c)', async () => {
  const session = await unregistered();
  try {
    // The register stimulus is done whatever the answer: the flow check judges it.
    assert.deepEqual(await session.stimulate(DESKTOP, { kind: 'register', clientName: ' ' }), { answer: 'EventError' });
    assert.deepEqual(await session.stimulate(DESKTOP, { kind: 'request', message: 'RequestAgentLogin', attributes: { TenantId: 101, PlaceId: 'Place1' } }), { answer: 'EventError' });
    for (const variant of ['invalid-client', 'unregistered-request', 'invalid-then-request']) {
      const r = await check(session, variant);
      assert.equal(r.verdict, 'pass', `${variant}: ${explain(r)}`);
    }
    // A registered client's success is not what happened here.
    const r = await check(session, 'success');
    assert.equal(r.verdict, 'fail', explain(r));
  } finally {
    await session.dispose();
  }
});

test('an unknown ClientType is refused too; the catalog violation it carries is the model step\'s premise, not a divergence', async () => {
  const session = await unregistered();
  try {
    assert.deepEqual(await session.stimulate(DESKTOP, { kind: 'register', clientType: 'Robot' }), { answer: 'EventError' });
    const r = await check(session, 'invalid-client');
    assert.equal(r.verdict, 'pass', explain(r));
    const sent = session.snapshot().entries.find((e) => e.type === 'message' && e.message === 'RequestRegisterClient');
    assert.deepEqual(sent?.type === 'message' ? sent.violations.map((v) => v.code) : [], ['NOT_IN_ENUM']);
  } finally {
    await session.dispose();
  }
});

test('fault ackInvalidClient: the invalid-client variant fails at the EventError that never came', async () => {
  const session = await unregistered({ faults: ['ackInvalidClient'] });
  try {
    assert.deepEqual(await session.stimulate(DESKTOP, { kind: 'register', clientName: ' ' }), { answer: 'EventAck' });
    const model = await sharedModels.get('registration');
    const r = (await checkFlow(session, { model, variant: 'invalid-client', timeoutMs: 300 })).result;
    assert.equal(r.verdict, 'fail');
    const text = explain(r);
    assert.match(text, /missing ixn → client EventError \(Interaction Management\)/);
    assert.match(text, /model step invalid-client\.2 at scenarios\/registration\.yaml:\d+:\d+/);
  } finally {
    await session.dispose();
  }
});

test('a client that never registers is disconnected when the registration timer expires; a registered one is not', async () => {
  const session = await unregistered({ registrationMs: 200 });
  try {
    await session.start({ name: 'Agent2', role: 'AgentApplication', reach: ['IS1'] });
    const v = await awaitDisconnect(session, { server: 'IS1', client: DESKTOP, timer: 'registration', timerMs: 200 });
    assert.equal(v.verdict, 'pass', v.text);
    const kept = await awaitDisconnect(session, { server: 'IS1', client: 'Agent2', timer: 'registration', timerMs: 200 });
    assert.equal(kept.verdict, 'fail');
    assert.match(kept.text, /^the connection of Agent2 to IS1 \(c\d+\) was still open \d+ ms after it opened: IS1 must close it when the registration timer \(200 ms\) expires/);
  } finally {
    await session.dispose();
  }
});

test('fault keepUnregistered: the client that never registers stays connected, and the disconnect check says so', async () => {
  const session = await unregistered({ faults: ['keepUnregistered'], registrationMs: 200 });
  try {
    const v = await awaitDisconnect(session, { server: 'IS1', client: DESKTOP, timer: 'registration', timerMs: 200 });
    assert.equal(v.verdict, 'fail');
    assert.match(v.text, new RegExp(`^the connection of ${DESKTOP} to IS1 \\(c\\d+\\) was still open \\d+ ms after it opened: IS1 must close it when the registration timer \\(200 ms\\) expires, ±100 ms$`));
  } finally {
    await session.dispose();
  }
});

test('only a reference agent application connects without registering: anyone else makes the scenario inconc', async () => {
  const session = Session.create({ name: 'registration', traceFile: null });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await assert.rejects(session.start({ name: 'MS', role: 'MediaServer', reach: ['IS1'], registers: false }), (e: unknown) => {
      assert.ok(e instanceof InconclusiveError);
      assert.match((e as Error).message, /only a reference agent application can connect without registering/);
      return true;
    });
  } finally {
    await session.dispose();
  }
});
