import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IvrServer, ReferenceIvr } from '../../src/servers/index.ts';
import type { IvrConfiguration } from '../../src/servers/index.ts';
import { MemoryObserver } from '../../src/transport/index.ts';

const CONFIG: IvrConfiguration = {
  protocolVersion: '4.0',
  serverVersion: 'IVR Server:test',
  tservers: { TS1: { switch: 'SW1', routePoints: ['7000'] } },
  ivrs: { IVR1: { tservers: ['TS1'], ports: { '01': { dn: '5001' }, '02': { dn: '5002' } }, configOptions: { greeting: 'hello', retries: 3 } } },
};

async function setUp(t: { after: (fn: () => Promise<void>) => void }) {
  const observer = new MemoryObserver();
  const server = new IvrServer({ name: 'IVRS1', observer, configuration: CONFIG });
  const { url } = await server.start();
  assert.match(url, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  const ivr = new ReferenceIvr({ url, name: 'IVR1', peer: { name: 'IVRS1', role: 'IVRServer' } });
  await ivr.start();
  t.after(async () => {
    await ivr.stop();
    await server.stop();
  });
  return { observer, server, ivr, url };
}

test('LoginResp: every Result × Status the reference server gives', async (t) => {
  const { server, ivr, observer } = await setUp(t);
  const wrong = await ivr.login({ version: '3.0' });
  assert.deepEqual(wrong.attributes, { CallId: wrong.attributes.CallId, IServerVersion: 'IVR Server:test', Result: 'InvalidProtocolVersion' });
  const nobody = await ivr.login({ clientName: 'NoSuchIvr' });
  assert.equal(nobody.attributes.Result, 'Success');
  assert.equal(nobody.attributes.Status, 'NoSuchClient');
  server.setInitialising(true);
  const early = await ivr.login();
  assert.equal(early.attributes.Status, 'InitInProgress');
  server.setInitialising(false);
  const ok = await ivr.login();
  assert.equal(ok.attributes.Status, 'OK');
  assert.deepEqual(ok.attributes.ConfigOptions, { greeting: 'hello', retries: 3 });
  // The T-Server it uses is not connected: "No Connection" is reported as Unavailable, without a ReqId.
  const server1 = await ivr.received.waitFor((m) => m.canonical === 'MonitorInfo' && m.envelope.attributes.Server !== undefined, 'MonitorInfo Server');
  assert.deepEqual(server1.envelope.attributes.Server, { Name: 'TS1', Status: 'Unavailable', Switch: 'SW1' });
  assert.equal(server1.envelope.referenceId, undefined);
  // Every message was checked against the catalog at the server's end, and is clean.
  const dirty = observer.messages().filter((m) => m.violations.some((v) => v.severity === 'error'));
  assert.deepEqual(dirty.map((m) => [m.canonical, m.violations]), []);
  assert.ok(observer.messages().every((m) => m.raw?.startsWith("<?xml version='1.0' encoding='ISO-8859-1'?>")), 'the raw XML is recorded');
});

test('a call: NewCall, UDataSet, UDataGet, EndCall; an unknown call gets CallError NoSuchCall with the ReqId', async (t) => {
  const { ivr } = await setUp(t);
  await ivr.login();
  const status = await ivr.newCall({ call: 'C1', port: '5001', ani: '555', dnis: '800' });
  assert.deepEqual(status.attributes, { CallId: 'C1', Event: 'Established' });
  const stray = await ivr.newCall({ call: 'C2', port: '9999' });
  assert.deepEqual(stray.attributes, { CallId: 'C2', FailedReq: 'NotAllowed' });
  const set = await ivr.uDataSet('C1', { lang: 'fr' });
  assert.equal(set.message, 'UDataResp');
  assert.deepEqual(set.attributes.UDataEx, { lang: 'fr' });
  await ivr.uDataSet('C1', { account: 42 });
  const got = await ivr.uDataGet('C1', 'account');
  assert.deepEqual(got.attributes.UDataEx, { account: 42 });
  ivr.endCall('C1', 'Normal');
  const gone = await ivr.uDataGet('C1');
  assert.equal(gone.message, 'CallError');
  assert.equal(gone.attributes.FailedReq, 'NoSuchCall');
});

test('a port made unusable: MonitorInfo Port Unavailable then OK, never a ReqId; a call on it is not allowed', async (t) => {
  const { server, ivr } = await setUp(t);
  await ivr.login();
  assert.equal(server.setPortUsable('IVR1', '01', false), undefined);
  const down = await ivr.received.waitFor((m) => m.canonical === 'MonitorInfo' && m.envelope.attributes.Port !== undefined, 'MonitorInfo Port');
  assert.deepEqual(down.envelope.attributes.Port, { PortNum: '01', Status: 'Unavailable' });
  assert.equal(down.envelope.referenceId, undefined);
  const refused = await ivr.agentControl({ port: '01', action: 'Login', agent: 'A1' });
  assert.equal(refused.message, 'CallError');
  assert.equal(refused.attributes.FailedReq, 'NotAllowed');
  const since = ivr.received.length;
  server.setPortUsable('IVR1', '01', true);
  const up = await ivr.received.waitFor((m) => m.canonical === 'MonitorInfo' && m.envelope.attributes.Port !== undefined, 'MonitorInfo Port OK', { since });
  assert.deepEqual(up.envelope.attributes.Port, { PortNum: '01', Status: 'OK' });
  assert.match(server.setPortUsable('IVR1', '99', false) ?? '', /no port 99/);
});

test('agent control with the T-Server down: CallError AgentControl carrying the ReqId', async (t) => {
  const { ivr } = await setUp(t);
  await ivr.login();
  const answer = await ivr.agentControl({ port: '01', action: 'Login', agent: 'A1' });
  assert.equal(answer.message, 'CallError');
  assert.equal(answer.attributes.FailedReq, 'AgentControl');
  assert.equal(typeof answer.referenceId, 'number');
});

test('KeepAlive Req is answered KeepAlive Ack, and noted in the trace', async (t) => {
  const { ivr, observer } = await setUp(t);
  await ivr.keepAlive();
  await ivr.keepAlive();
  assert.equal(ivr.keepAliveAcks, 2);
  assert.equal(observer.events().filter((e) => e.kind === 'info' && /KeepAlive Req/.test(e.text)).length, 2);
});

test('before LoginReq, anything else is CallError NotAllowed', async (t) => {
  const { ivr } = await setUp(t);
  const answer = await ivr.uDataGet('C9');
  assert.equal(answer.attributes.FailedReq, 'NotAllowed');
});

test('an IVR Server under test, behind the recording relay: the XML is read, validated and recorded there, raw included', async (t) => {
  const { startRelay } = await import('../../src/adapters/relay.ts');
  const server = new IvrServer({ name: 'IVRS1', configuration: CONFIG });
  const { url } = await server.start();
  const observer = new MemoryObserver();
  const relay = await startRelay({ server: { name: 'IVRS1', role: 'IVRServer', endpoints: { ivr: url } }, client: { name: 'IVR1', role: 'IVR' }, observer });
  const ivr = new ReferenceIvr({ url: relay.endpoints.ivr, name: 'IVR1' });
  await ivr.start();
  t.after(async () => {
    await ivr.stop();
    await relay.stop();
    await server.stop();
  });
  assert.equal((await ivr.login()).attributes.Status, 'OK');
  await ivr.keepAlive();
  const seen = observer.messages().map((m) => `${m.from}→${m.to} ${m.canonical} ${m.violations.filter((v) => v.severity === 'error').length}`);
  assert.deepEqual(seen.slice(0, 2), ['IVR1→IVRS1 LoginReq 0', 'IVRS1→IVR1 LoginResp 0']);
  assert.ok(observer.messages().every((m) => m.raw?.includes('<GctiMsg>')));
});
