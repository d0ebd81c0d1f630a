import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TLibraryClient, TServer } from '../../src/servers/index.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';

// The basic call model of reference §2.18 and a route point, on real sockets.

async function setup() {
  const obs = new MemoryObserver();
  const ts = new TServer({ name: 'TS1', observer: obs });
  const { url } = await ts.start();
  const clients: TLibraryClient[] = [];
  const mk = async (name: string, role: 'AgentApplication' | 'URS' | 'IVRServer' = 'AgentApplication') => {
    const c = new TLibraryClient({ url, name, role, peer: { name: 'TS1', role: 'TServer' } });
    await c.start();
    clients.push(c);
    return c;
  };
  return { ts, obs, mk, stop: async () => { for (const c of clients) await c.stop(); await ts.stop(); } };
}

test('A calls B: EventDialing answers A, EventRinging at B, B answers: EventEstablished at both, A releases: EventReleased at both', async () => {
  const { obs, mk, stop } = await setup();
  try {
    const a = await mk('Desk A');
    const b = await mk('Desk B');
    await a.registerAddress('7001');
    await b.registerAddress('7002');
    const dialing = await a.makeCall('7001', '7002');
    assert.equal(dialing.message, 'EventDialing');
    assert.equal(dialing.attributes.ThisDNRole, 'Origination');
    assert.equal(dialing.attributes.OtherDN, '7002');
    const ringing = await b.waitFor('EventRinging', undefined, { timeoutMs: 2000 });
    assert.equal(ringing.envelope.attributes.ConnID, dialing.attributes.ConnID);
    assert.equal(ringing.envelope.attributes.OtherDN, '7001');
    const est = await b.answerCall('7002');
    assert.equal(est.message, 'EventEstablished');
    await a.waitFor('EventEstablished', undefined, { timeoutMs: 2000 });
    const rel = await a.releaseCall('7001');
    assert.equal(rel.message, 'EventReleased');
    await b.waitFor('EventReleased', undefined, { timeoutMs: 2000 });
    assert.equal(obs.messages().filter((m) => m.violations.some((v) => v.severity === 'error')).length, 0);
  } finally {
    await stop();
  }
});

test('a call at a route point: EventRouteRequest to URS, RequestRouteCall, EventRouteUsed, then it rings at an IVR port', async () => {
  const { ts, obs, mk, stop } = await setup();
  try {
    const urs = await mk('URS', 'URS');
    const ivr = await mk('IVR Server', 'IVRServer');
    await urs.registerAddress('5000');
    await ivr.registerAddress('8001');
    const connId = ts.callArrives('5000', '6175550100');
    const rr = await urs.waitFor('EventRouteRequest', undefined, { timeoutMs: 2000 });
    assert.equal(rr.envelope.attributes.ThisDN, '5000');
    assert.equal(rr.envelope.attributes.ThisQueue, '5000');
    assert.equal(rr.envelope.attributes.ConnID, connId);
    const used = await urs.routeCall('5000', '8001');
    assert.equal(used.message, 'EventRouteUsed');
    assert.equal(used.attributes.ThirdPartyDN, '8001');
    const ring = await ivr.waitFor('EventRinging', undefined, { timeoutMs: 2000 });
    assert.equal(ring.envelope.attributes.ConnID, connId);
    assert.equal(ring.envelope.attributes.ANI, '6175550100');
    await ivr.answerCall('8001');
    ts.callerHangsUp('8001');
    await ivr.waitFor('EventReleased', undefined, { timeoutMs: 2000 });
    assert.deepEqual(ts.state().calls, []);
    assert.equal(obs.messages().filter((m) => m.violations.some((v) => v.severity === 'error')).length, 0);
  } finally {
    await stop();
  }
});
