import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StartContext } from '../../src/adapters/adapter.ts';
import { referenceAdapter } from '../../src/adapters/reference/index.ts';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';

// The reference T-Server and its T-Library clients as adapters: an agent's desktop or URS told to
// reach a T-Server plays a T-Library client; the T-Server's stimuli reach the clients over real sockets.

function context(recorder: TraceRecorder, reach: StartContext['reach'] = []): StartContext {
  return { reach, observer: traceObserver(recorder), recorder, timers: {}, attach: () => undefined, fail: () => undefined };
}

test('a desktop reaching a T-Server is a T-Library client: it registers, logs in, and hears the link go down and come back', async () => {
  const recorder = new TraceRecorder();
  const ts = referenceAdapter('TS1', 'TServer');
  const desk = referenceAdapter('Desk', 'AgentApplication');
  try {
    const endpoints = await ts.start(context(recorder));
    assert.match(endpoints.tlib, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
    await desk.start(context(recorder, [{ name: 'TS1', role: 'TServer', endpoints, record: false }]));
    assert.deepEqual(await desk.stimulate({ kind: 'register-dn', dn: '8001' }), { status: 'done', data: { answer: 'EventRegistered' } });
    assert.deepEqual(await desk.stimulate({ kind: 'agent-login', dn: '8001', agent: '1001' }), { status: 'done', data: { answer: 'EventAgentLogin' } });
    assert.deepEqual(await desk.stimulate({ kind: 'agent-login', dn: '8001', agent: '1002' }), { status: 'done', data: { answer: 'EventError', errorCode: 43 } });
    assert.deepEqual(await ts.stimulate({ kind: 'link-down' }), { status: 'done' });
    assert.equal((await ts.stimulate({ kind: 'link-down' })).status, 'failed', 'a link already down cannot go down');
    assert.deepEqual(await ts.stimulate({ kind: 'link-up' }), { status: 'done' });
    const connId = await ts.stimulate({ kind: 'call-arrives', dn: '8001', ani: '555' });
    assert.equal(connId.status, 'done');
    assert.deepEqual(await desk.stimulate({ kind: 'answer-call', dn: '8001' }), { status: 'done', data: { answer: 'EventEstablished' } });
    assert.equal((await ts.stimulate({ kind: 'configure-after-login', state: 'Busy' })).status, 'failed');
    assert.equal((await ts.stimulate({ kind: 'route', interaction: 'i', agent: 'a', place: 'p' })).status, 'unsupported');
    const heard = recorder.snapshot().entries.filter((e) => e.type === 'message' && e.to === 'Desk').map((e) => (e.type === 'message' ? e.message : ''));
    assert.deepEqual(heard.filter((m) => m.startsWith('EventLink')), ['EventLinkDisconnected', 'EventLinkConnected']);
    assert.deepEqual(await ts.stimulate({ kind: 'disconnect' }), { status: 'done' });
  } finally {
    await desk.stop();
    await ts.stop();
  }
});

test('a desktop told to reach a T-Server and an Interaction Server at once refuses to start, saying why', async () => {
  const desk = referenceAdapter('Desk', 'AgentApplication');
  const recorder = new TraceRecorder();
  await assert.rejects(
    desk.start(context(recorder, [{ name: 'TS1', role: 'TServer', endpoints: { tlib: 'ws://127.0.0.1:1/' }, record: false }, { name: 'IS1', role: 'InteractionServer', endpoints: { im: 'ws://127.0.0.1:1/' }, record: false }])),
    /either to T-Servers or to Interaction Servers, not both/,
  );
  await desk.stop();
});
