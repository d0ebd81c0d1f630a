import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import type { Trace } from '../../src/trace/types.ts';
import { seen, settle, startCast } from './servers-fixture.ts';
import { startPartiesCast } from './parties-fixture.ts';
import { model, record } from './model-match.ts';

// The readings of GenEM beyond Deliver's, on real sockets: under each profile the reference Interaction
// Server acts the reading out, its trace passes the model under that profile, and where the readings
// differ the other reading's trace fails there (or, where one reading only loosens the other, passes both).

/** Long enough that the invitation's timer cannot expire before Agent2's immediate answer on a loaded machine. */
const DELIVERING_MS = 1000;
/** The accepted invitation's never-steps run to the timer + 500 ms: the trace must outlast them. */
const WINDOW_MS = DELIVERING_MS + 500 + 100;

type Reading = 'genem-prose' | 'genem-table';

async function checked(file: string, variant: string, trace: Trace, profile: Reading): Promise<MatchResult> {
  return matchTrace(await model(file), trace, { variant, profile, timers: { delivering: DELIVERING_MS } });
}

function verdict(result: MatchResult, expected: 'pass' | 'fail', names?: RegExp): void {
  assert.equal(result.verdict, expected, explain(result));
  if (names) assert.match(explain(result), names);
}

/** Agent1 hands an interaction to Agent2 (transfer or conference), Agent2 accepts; the trace from the request on. */
async function joined(kind: 'transfer' | 'conference', profile: Reading): Promise<{ trace: Trace; toAgent1: string[] }> {
  const cast = await startPartiesCast({ agent2: 'accept', server: { profile, deliveringTimeoutOverrideMs: DELIVERING_MS } });
  try {
    const rec = record(cast);
    void cast.agent[kind](cast.id, { agentId: 'a2', placeId: 'p2' }).catch(() => undefined);
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.to === 'Stat' && m.envelope.attributes.AgentId === 'a2');
    await settle(WINDOW_MS);
    const toAgent1 = cast.flow().filter((l) => l.startsWith('IS1 → Agent1'));
    return { trace: rec.close(), toAgent1 };
  } finally {
    await cast.stop();
  }
}

for (const kind of ['transfer', 'conference'] as const) {
  test(`${kind}, Invitation Accepted: genem-table's Agent1 hears no EventAck, which only genem-prose requires`, async () => {
    const prose = await joined(kind, 'genem-prose');
    const table = await joined(kind, 'genem-table');
    assert.ok(prose.toAgent1.includes('IS1 → Agent1 InteractionManagement:EventAck'), prose.toAgent1.join('\n'));
    assert.ok(!table.toAgent1.includes('IS1 → Agent1 InteractionManagement:EventAck'), table.toAgent1.join('\n'));
    verdict(await checked(kind, 'accept', prose.trace, 'genem-prose'), 'pass');
    verdict(await checked(kind, 'accept', table.trace, 'genem-table'), 'pass');
    // genem-table only loosens: the prose server's answer is allowed there; its absence fails the prose reading.
    verdict(await checked(kind, 'accept', prose.trace, 'genem-table'), 'pass');
    verdict(await checked(kind, 'accept', table.trace, 'genem-prose'), 'fail', /ixn → agent1 EventAck/);
  });
}

test('transfer, Invitation Times Out: under genem-table only the table\'s EventRevoked and EventError; both readings allow the Reporting EventRevoked', async () => {
  const run = async (profile: Reading) => {
    const cast = await startPartiesCast({ agent2: 'ignore', server: { profile, deliveringTimeoutOverrideMs: DELIVERING_MS } });
    try {
      const rec = record(cast);
      void cast.agent.transfer(cast.id, { agentId: 'a2' }).catch(() => undefined);
      await seen(cast.obs, (m) => m.canonical === 'EventError' && m.to === 'Agent1', DELIVERING_MS + 5000);
      await settle(200);
      return { trace: rec.close(), flow: cast.flow() };
    } finally {
      await cast.stop();
    }
  };
  const prose = await run('genem-prose');
  const table = await run('genem-table');
  assert.ok(prose.flow.includes('IS1 → Stat Reporting:EventRevoked'), prose.flow.join('\n'));
  assert.deepEqual(table.flow.slice(3), ['IS1 → Agent2 InteractionManagement:EventRevoked', 'IS1 → Agent1 InteractionManagement:EventError']);
  for (const trace of [prose.trace, table.trace]) for (const p of ['genem-prose', 'genem-table'] as const) verdict(await checked('transfer', 'timeout', trace, p), 'pass');
});

test('change properties while an agent processes: genem-table tells the reporting engine nothing, which fails genem-prose', async () => {
  const run = async (profile: Reading) => {
    const cast = await startCast({ onInvite: 'accept', server: { profile } });
    try {
      const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
      await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
      await cast.urs.route(id, { agentId: 'a1', placeId: 'p1' });
      await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.envelope.attributes.InteractionId === id);
      const rec = record(cast);
      const from = cast.obs.messages().length;
      await cast.media.changeProperties(id, { changed: { Subject: 'Order 42' } });
      await cast.agent.waitForMessage('EventPropertiesChanged');
      await settle(200);
      const reported = cast.obs.messages().slice(from).some((m) => m.canonical === 'EventPropertiesChanged' && m.envelope.protocol === 'Reporting');
      return { trace: rec.close(), reported };
    } finally {
      await cast.stop();
    }
  };
  const prose = await run('genem-prose');
  const table = await run('genem-table');
  assert.deepEqual([prose.reported, table.reported], [true, false]);
  verdict(await checked('change-properties', 'ms-agent', prose.trace, 'genem-prose'), 'pass');
  verdict(await checked('change-properties', 'ms-agent', table.trace, 'genem-table'), 'pass');
  verdict(await checked('change-properties', 'ms-agent', prose.trace, 'genem-table'), 'pass');
  verdict(await checked('change-properties', 'ms-agent', table.trace, 'genem-prose'), 'fail', /ixn → stat EventPropertiesChanged/);
});

test('stop processing, version C: genem-table revokes the agent\'s interaction over Interaction Management; each reading fails the other', async () => {
  const run = async (profile: Reading) => {
    const cast = await startCast({ onInvite: 'accept', server: { profile } });
    try {
      const id = await cast.agent.submit({ queue: '', mediaType: 'email', interactionType: 'Outbound' });
      const rec = record(cast);
      const from = cast.obs.messages().length;
      const answer = await cast.agent.stopProcessing(id);
      assert.equal(answer.message, 'EventAck');
      await seen(cast.obs, (m) => m.canonical === 'EventProcessingStopped' && m.envelope.attributes.InteractionId === id);
      await seen(cast.obs, (m) => m.canonical === 'EventRevoked' && m.envelope.protocol === (profile === 'genem-table' ? 'InteractionManagement' : 'Reporting'));
      await settle(200);
      const revoked = cast.obs.messages().slice(from).filter((m) => m.canonical === 'EventRevoked').map((m) => `${m.to} ${m.envelope.protocol}`);
      return { trace: rec.close(), revoked };
    } finally {
      await cast.stop();
    }
  };
  const prose = await run('genem-prose');
  const table = await run('genem-table');
  assert.deepEqual(prose.revoked, ['Stat Reporting']);
  assert.deepEqual(table.revoked, ['Agent1 InteractionManagement']);
  verdict(await checked('stop-processing', 'c', prose.trace, 'genem-prose'), 'pass');
  verdict(await checked('stop-processing', 'c', table.trace, 'genem-table'), 'pass');
  verdict(await checked('stop-processing', 'c', prose.trace, 'genem-table'), 'fail', /ixn → agent EventRevoked/);
  verdict(await checked('stop-processing', 'c', table.trace, 'genem-prose'), 'fail', /EventRevoked/);
});
