import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bindings } from '../../src/adapters/binding.ts';
import { explain } from '../../src/flow/explain.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { Session } from '../../src/session/session.ts';
import { openSocket } from '../../src/transport/client.ts';

// A reference server told to require a token (as it must be off loopback; here on loopback, where the
// same check runs): every client the harness starts carries it, through the URLs it is given; a client
// without it is refused, and the scenario's trace says so. A remote server that asks for one gets it
// from its URL in the binding, through the recording relay.

const TOKEN = 'the-is1-token-5a6b7c8d';
const bindings = (participants: Bindings['participants']): Bindings => ({ dir: '.', env: {}, participants, roles: {}, secrets: [TOKEN] });

async function deliverAccept(session: Session): Promise<void> {
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  for (const [name, role] of [['Stat Server', 'StatServer'], ['URS', 'URS'], ['E-mail Server', 'MediaServer'], ["Agent1's desktop", 'AgentApplication']] as const) await session.start({ name, role, reach: ['IS1'] });
  await session.stimulate("Agent1's desktop", { kind: 'accept' });
  await session.stimulate("Agent1's desktop", { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
  await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
  const check = await checkFlow(session, { model: await sharedModels.get('deliver-interaction-to-agent'), variant: 'accept' });
  assert.equal(check.result.verdict, 'pass', explain(check.result));
}

test('a reference Interaction Server with a token: the harness’s clients carry it and the flow passes; a client without it is refused and recorded', async () => {
  // 1 s, not 150 ms: the server and the desktop share the test's event loop (see the test below).
  const session = Session.create({ name: 'token', traceFile: null, timers: { delivering: 1000 }, bindings: bindings({ IS1: { kind: 'reference', token: TOKEN } }) });
  try {
    await deliverAccept(session);
    const im = session.participant('IS1')!.endpoints.im;
    assert.ok(im.includes(`token=${TOKEN}`), 'the endpoint it offers carries the token');
    await assert.rejects(openSocket(im.replace(`token=${TOKEN}`, 'participant=Intruder')), /HTTP 401/);
    await new Promise((r) => setTimeout(r, 20));
    const trace = session.snapshot();
    const refused = trace.entries.filter((e) => e.type === 'note' && e.kind === 'error' && /refused a connection/.test(e.text));
    assert.equal(refused.length, 1);
    assert.match(refused[0].type === 'note' ? refused[0].text : '', /^IS1: refused a connection of "Intruder" from 127\.0\.0\.1:\d+ to \/: it presented no access token$/);
    assert.ok(!JSON.stringify(trace).includes(TOKEN), 'the trace never holds the token (the endpoints noted say [secret])');
    assert.ok(trace.entries.some((e) => e.type === 'note' && e.text.includes('?token=[secret]')));
  } finally {
    await session.dispose();
  }
});

test('a remote Interaction Server asking for a token gets the one in its URL, through the recording relay', async () => {
  // 1 s, not 150 ms: this server runs in the test's own process, and after a stall Node runs a due timer
  // before it reads the socket holding the accept (the raced-answer rule cannot see that at a relay).
  const ext = new InteractionServer({ name: 'IS1', deliveringTimeoutOverrideMs: 1000, token: TOKEN });
  const a = await ext.start();
  assert.ok(a.url.endsWith(`/?token=${TOKEN}`) && a.tlibUrl.endsWith(`/tlib?token=${TOKEN}`));
  const session = Session.create({ name: 'remote token', traceFile: null, timers: { delivering: 1000 }, bindings: bindings({ IS1: { kind: 'remote', endpoints: { im: a.url, tlib: a.tlibUrl } } }) });
  try {
    await deliverAccept(session);
    assert.ok(!JSON.stringify(session.snapshot()).includes(TOKEN));
  } finally {
    await session.dispose();
    await ext.stop();
  }
});
