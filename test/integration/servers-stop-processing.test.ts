import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import type { InteractionServerFaults } from '../../src/servers/interaction-server/options.ts';
import { seen, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';
import { expectFailNaming, expectPass, matchRecorded, record } from './model-match.ts';

/**
 * GenEM Stop Processing on real sockets, versions A–D: the reference servers pass each variant of the
 * model, refuse what may not be stopped, and each fault fails the model at the step it breaks.
 */

/** Submitted by MS1, routed by URS1 to a1, accepted: an agent handles it. */
async function handledByAgent(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  await cast.urs.route(id, { agentId: 'a1', placeId: 'p1' });
  await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.envelope.attributes.InteractionId === id);
  return id;
}

/** Submitted by MS1 and offered to URS1: URS processes it. */
async function withUrs(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  return id;
}

const stopped = (cast: DeliverCast, id: string) => seen(cast.obs, (m) => m.canonical === 'EventProcessingStopped' && m.envelope.attributes.InteractionId === id);

async function version(v: 'a' | 'b' | 'c' | 'd', faults: InteractionServerFaults = {}) {
  const cast = await startCast({ onInvite: 'accept', server: { faults } });
  try {
    const id = v === 'a' ? await handledByAgent(cast) : v === 'c' ? await cast.agent.submit({ queue: '', mediaType: 'email', interactionType: 'Outbound' }) : await withUrs(cast);
    const rec = record(cast);
    let answer;
    if (v === 'a' || v === 'b') answer = await cast.media.stopProcessing(id, { ReasonDescription: 'done' });
    else if (v === 'c') answer = await cast.agent.stopProcessing(id);
    else answer = await cast.urs.stopProcessing(id);
    // The server sends the whole version while it handles the request, recording each message as it goes;
    // waiting for the last ones here only makes the test say what it relies on.
    if (v === 'a') await cast.agent.waitForRevoked((r) => r.interactionId === id);
    else if (v === 'b' && !faults.omitAbandonedToUrs) await seen(cast.obs, (m) => m.canonical === 'EventAbandoned' && m.envelope.attributes.InteractionId === id);
    else if (v === 'c') await seen(cast.obs, (m) => m.canonical === 'EventRevoked' && m.envelope.protocol === 'Reporting' && m.envelope.attributes.InteractionId === id);
    if (!faults.omitProcessingStopped) await stopped(cast, id);
    return { cast, id, rec, answer };
  } catch (err) {
    await cast.stop();
    throw err;
  }
}

for (const v of ['a', 'b', 'c', 'd'] as const) {
  test(`version ${v.toUpperCase()}: the reference servers follow the Stop Processing model, and the interaction leaves the server`, async () => {
    const { cast, id, rec, answer } = await version(v);
    try {
      assert.equal(answer.message, v === 'd' ? 'EventRouteUsed' : 'EventAck');
      assert.equal(cast.is.state().interactions.some((i) => i.id === id), false);
      // Stopped once is stopped: the interaction is unknown now (56).
      const again = await cast.media.stopProcessing(id).then(() => undefined, (e: unknown) => e);
      assert.ok(again instanceof RequestRefusedError && again.errorCode === 56, String(again));
    } finally {
      await cast.stop();
    }
    expectPass(await matchRecorded('stop-processing', v, rec));
  });
}

test('an agent may stop only what it handles, and URS only what it processes: EventError naming why', async () => {
  const cast = await startCast({ onInvite: 'accept' });
  try {
    const queued = await withUrs(cast);
    const byAgent = await cast.agent.stopProcessing(queued).then(() => undefined, (e: unknown) => e);
    assert.ok(byAgent instanceof RequestRefusedError && byAgent.errorCode === 53, String(byAgent));
    assert.match(byAgent.description, /is not handled by agent a1 \(with URS, not handled by an agent\)/);
    const handled = await handledByAgent(cast);
    const byUrs = await cast.urs.stopProcessing(handled).then(() => undefined, (e: unknown) => e);
    assert.ok(byUrs instanceof RequestRefusedError && byUrs.errorCode === 53, String(byUrs));
    assert.match(byUrs.description, /is handled by agent a1; URS stops only an interaction it processes/);
  } finally {
    await cast.stop();
  }
});

test('faults omitProcessingStopped and omitAbandonedToUrs fail the model at the step they break', async () => {
  const cases: Array<[keyof InteractionServerFaults, 'a' | 'b', RegExp]> = [
    ['omitProcessingStopped', 'a', /missing ixn → stat EventProcessingStopped \(Reporting\)[^]*stop-processing\.yaml:\d+/],
    ['omitAbandonedToUrs', 'b', /missing ixn → urs EventAbandoned \(T-Library\)[^]*stop-processing\.yaml:\d+/],
  ];
  for (const [fault, v, names] of cases) {
    const { cast, rec } = await version(v, { [fault]: true });
    await cast.stop();
    expectFailNaming(await matchRecorded('stop-processing', v, rec), names);
  }
});
