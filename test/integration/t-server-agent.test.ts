import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Envelope } from '../../src/codec/envelope.ts';
import { RequestRefusedError, TLibraryClient, TServer } from '../../src/servers/index.ts';
import type { TServerConfig } from '../../src/servers/index.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';

// The reference T-Server on a real socket, with reference T-Library clients: agent state with the
// requester's ReferenceID and unsolicited copies, errors with tliberr.h codes, the query, the link.

async function setup(config?: TServerConfig) {
  const obs = new MemoryObserver();
  const ts = new TServer({ name: 'TS1', observer: obs, ...(config ? { config } : {}) });
  const { url } = await ts.start();
  const mk = async (name: string) => {
    const c = new TLibraryClient({ url, name, role: 'AgentApplication', peer: { name: 'TS1', role: 'TServer' } });
    await c.start();
    return c;
  };
  const a = await mk('Desk A');
  const b = await mk('Desk B');
  const stop = async () => {
    await a.stop();
    await b.stop();
    await ts.stop();
  };
  return { ts, obs, a, b, stop };
}

/** The messages the server sent to `to`, by name, with their referenceId. */
function sentTo(obs: MemoryObserver, to: string): { message: string; referenceId?: number; attributes: Envelope['attributes'] }[] {
  return obs.messages().filter((m) => m.to === to).map((m) => ({ message: m.canonical, ...(m.envelope.referenceId !== undefined ? { referenceId: m.envelope.referenceId } : {}), attributes: m.envelope.attributes }));
}

async function refused(p: Promise<unknown>): Promise<RequestRefusedError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RequestRefusedError) return err;
    throw err;
  }
  assert.fail('the request was not refused');
}

test('login answers the requester with its ReferenceID, copies the other registered client without one, then NotReady as configured', async () => {
  const { obs, a, b, stop } = await setup();
  try {
    await a.registerAddress('7001');
    await b.registerAddress('7001');
    const login = await a.agentLogin('7001', { agentId: '1001', queue: '9000' });
    assert.equal(login.message, 'EventAgentLogin');
    assert.deepEqual(login.attributes, { ThisDN: '7001', AgentID: '1001', ThisQueue: '9000' });
    await b.waitFor('EventAgentNotReady', undefined, { timeoutMs: 2000 });
    await a.waitFor('EventAgentNotReady', undefined, { timeoutMs: 2000 });
    const toA = sentTo(obs, 'Desk A').filter((m) => m.message.startsWith('EventAgent'));
    const toB = sentTo(obs, 'Desk B').filter((m) => m.message.startsWith('EventAgent'));
    assert.deepEqual(toA.map((m) => [m.message, m.referenceId]), [['EventAgentLogin', 2], ['EventAgentNotReady', undefined]]);
    assert.deepEqual(toB.map((m) => [m.message, m.referenceId]), [['EventAgentLogin', undefined], ['EventAgentNotReady', undefined]]);
    const ready = await b.agentReady('7001');
    assert.equal(ready.message, 'EventAgentReady');
    await a.waitFor('EventAgentReady', (m) => m.envelope.referenceId === undefined, { timeoutMs: 2000 });
    assert.equal((await a.agentLogout('7001')).message, 'EventAgentLogout');
    assert.equal(obs.messages().filter((m) => m.violations.some((v) => v.severity === 'error')).length, 0, 'no catalog violation on the wire');
  } finally {
    await stop();
  }
});

test('a switch configured Ready puts the agent Ready after login', async () => {
  const { ts, a, stop } = await setup();
  try {
    ts.setAfterLogin('Ready');
    await a.registerAddress('7002');
    await a.agentLogin('7002', { agentId: '1002' });
    await a.waitFor('EventAgentReady', undefined, { timeoutMs: 2000 });
    assert.equal(ts.state().agents['7002'].status, 'Ready');
  } finally {
    await stop();
  }
});

test('refusals carry ReferenceID, ErrorCode and ErrorMessage with tliberr.h codes', async () => {
  const { a, stop } = await setup();
  try {
    assert.equal((await refused(a.registerAddress('9999'))).errorCode, 59, 'unknown DN: TERR_NOT_CONFIGURED');
    assert.equal((await refused(a.agentLogin('7001', { agentId: '1001' }))).errorCode, 41, 'DN not registered: TERR_NOT_REGISTERED');
    await a.registerAddress('7001');
    assert.equal((await refused(a.agentReady('7001'))).errorCode, 187, 'ready while logged out: TERR_ACD_LOGOFF');
    assert.equal((await refused(a.agentLogin('7001', { agentId: '4711' }))).errorCode, 192, 'unknown agent: TERR_AGENT_ID_INV');
    await a.agentLogin('7001', { agentId: '1001' });
    const again = await refused(a.agentLogin('7001', { agentId: '1001' }));
    assert.equal(again.errorCode, 43, 'already logged in: TERR_IN_SAME_STATE');
    assert.equal(again.answer.attributes.ThisDN, '7001');
    assert.equal(typeof again.answer.attributes.ErrorMessage, 'string');
    assert.equal(again.answer.referenceId, again.referenceId);
    assert.equal((await refused(a.unregisterAddress('7002'))).errorCode, 41);
  } finally {
    await stop();
  }
});

test('the agent-state query answers LoggedOut, NotReady, and Unknown (a DN of unknown state, the link down)', async () => {
  const { ts, a, stop } = await setup();
  try {
    await a.registerAddress('7001');
    assert.equal((await a.queryAgentState('7001')).attributes.InfoStatus, 'LoggedOut');
    assert.equal((await a.queryAgentState('7009')).attributes.InfoStatus, 'Unknown');
    await a.agentLogin('7001', { agentId: '1001' });
    const q = await a.queryAgentState('7001');
    assert.deepEqual(q.attributes, { ThisDN: '7001', InfoType: 'AgentStatus', InfoStatus: 'NotReady', AgentID: '1001' });
    ts.linkDown();
    assert.equal((await a.queryAgentState('7001')).attributes.InfoStatus, 'Unknown');
  } finally {
    await stop();
  }
});

test('link down and up reach every client that registered a DN, and requests meanwhile get TERR_NO_SWITCH', async () => {
  const { ts, obs, a, b, stop } = await setup();
  try {
    await a.registerAddress('7001');
    assert.equal(ts.linkDown(), true);
    assert.equal(ts.linkDown(), false, 'already down');
    const down = await a.waitFor('EventLinkDisconnected', undefined, { timeoutMs: 2000 });
    assert.equal(down.envelope.attributes.ErrorCode, 109);
    assert.equal((await refused(a.agentLogin('7001', { agentId: '1001' }))).errorCode, 54);
    ts.linkUp();
    await a.waitFor('EventLinkConnected', undefined, { timeoutMs: 2000 });
    await a.agentLogin('7001', { agentId: '1001' });
    assert.equal(sentTo(obs, 'Desk B').filter((m) => m.message.startsWith('EventLink')).length, 0, 'a client with no DN registered hears no link event');
    void b;
  } finally {
    await stop();
  }
});

test('an agent acting on the phone set reaches every registered client with no ReferenceID; a DN configured later works like the others', async () => {
  const { ts, obs, a, b, stop } = await setup();
  try {
    ts.configureDn('8003', 'VoiceTreatmentPort');
    await a.registerAddress('8003');
    await b.registerAddress('8003');
    ts.agentAtSet('8003', 'login', '1003');
    ts.agentAtSet('8003', 'ready');
    await b.waitFor('EventAgentReady', undefined, { timeoutMs: 2000 });
    await a.waitFor('EventAgentReady', undefined, { timeoutMs: 2000 });
    for (const who of ['Desk A', 'Desk B']) {
      assert.deepEqual(sentTo(obs, who).filter((m) => m.message.startsWith('EventAgent')).map((m) => [m.message, m.referenceId, m.attributes.AgentID]), [
        ['EventAgentLogin', undefined, '1003'],
        ['EventAgentNotReady', undefined, '1003'],
        ['EventAgentReady', undefined, '1003'],
      ]);
    }
    assert.throws(() => ts.agentAtSet('8003', 'login', '1001'), /already logged in/);
    assert.throws(() => ts.configureDn('8004', 'Phone' as never), /not a DN type/);
  } finally {
    await stop();
  }
});
