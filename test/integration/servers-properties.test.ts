import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { ReferenceMediaServer } from '../../src/servers/media-server/media-server.ts';
import type { InteractionServerFaults } from '../../src/servers/interaction-server/options.ts';
import { seen, settle, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';
import { expectFailNaming, expectPass, matchRecorded, record } from './model-match.ts';

/**
 * GenEM Change Properties on real sockets: every version of the model, the event_properties_changed
 * registration extension, the refusal of a system property, and the fault that ignores the extension.
 * Phases with a never-window (500 ms) are outlasted.
 */

const NEVER_WINDOW_MS = 550;

async function withUrs(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound', userData: { Subject: 'Order 42' } });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  return id;
}

test('a media server changes properties while an agent handles the interaction: EventAck, EventPropertiesChanged to the agent and the reporting engine', async () => {
  const cast = await startCast({ onInvite: 'accept' });
  let rec;
  try {
    const id = await withUrs(cast);
    await cast.urs.route(id, { agentId: 'a1', placeId: 'p1' });
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.envelope.attributes.InteractionId === id);
    rec = record(cast);
    await cast.media.changeProperties(id, { changed: { Subject: 'Order 42, follow-up' }, added: { Priority: 'high' } });
    const toAgent = await cast.agent.waitForMessage('EventPropertiesChanged');
    assert.deepEqual(toAgent.envelope.attributes, {
      InteractionId: id,
      ChangedProperties: { Subject: 'Order 42, follow-up' },
      AddedProperties: { Priority: 'high' },
      Interaction: { InteractionId: id, InteractionUserData: { Subject: 'Order 42, follow-up', Priority: 'high' } },
    });
    await seen(cast.obs, (m) => m.canonical === 'EventPropertiesChanged' && m.envelope.protocol === 'Reporting');
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('change-properties', 'ms-agent', rec!));
});

test('a media server changes properties while URS processes the interaction: URS hears of it by EventAttachedDataChanged, nobody else', async () => {
  const cast = await startCast();
  const id = await withUrs(cast);
  const rec = record(cast);
  try {
    await cast.media.changeProperties(id, { deleted: ['Subject'], added: { Priority: 'high' } });
    const toUrs = await seen(cast.obs, (m) => m.canonical === 'EventAttachedDataChanged');
    assert.deepEqual(toUrs.envelope.attributes, { InteractionId: id, UserData: { Priority: 'high' } });
    assert.equal(toUrs.envelope.referenceId, undefined);
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('change-properties', 'ms-urs', rec));
});

test('URS changes properties: EventAttachedDataChanged answers it; only a media server registered with event_properties_changed ≠ 0 hears of it', async () => {
  for (const [extension, hears] of [[{ event_properties_changed: 1 }, true], [{ event_properties_changed: '0' }, false], [undefined, false]] as const) {
    const cast = await startCast();
    const listener = new ReferenceMediaServer({ url: cast.is.url, name: 'MS2', ...(extension ? { extension } : {}) });
    let rec;
    try {
      await listener.start();
      const id = await withUrs(cast);
      rec = record(cast);
      const answer = await cast.urs.updateUserData(id, { Category: 'Billing' });
      assert.equal(answer.message, 'EventAttachedDataChanged');
      assert.deepEqual(answer.attributes.UserData, { Subject: 'Order 42', Category: 'Billing' });
      if (hears) await seen(cast.obs, (m) => m.canonical === 'EventPropertiesChanged' && m.to === 'MS2');
      else await settle(NEVER_WINDOW_MS);
      const heard = cast.obs.messages().filter((m) => m.canonical === 'EventPropertiesChanged').map((m) => m.to);
      assert.deepEqual(heard, hears ? ['MS2'] : [], `extension ${JSON.stringify(extension)}`);
    } finally {
      await listener.stop();
      await cast.stop();
    }
    // MS1 (no extension) is the model's media server when nobody listens; MS2 when it does.
    const result = await matchRecorded('change-properties', hears ? 'urs' : 'urs-unsubscribed', rec!);
    expectPass(result);
  }
});

test('an invalid change is refused with EventError 53 naming the property; the interaction is unchanged', async () => {
  const cast = await startCast();
  const id = await withUrs(cast);
  const rec = record(cast);
  try {
    const err = await cast.media.changeProperties(id, { changed: { MediaType: 'chat' } }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof RequestRefusedError && err.errorCode === 53, String(err));
    assert.match(err.description, /MediaType is a system property that may not be changed — of the system properties only ExternalId and ParentId may be/);
    const empty = await cast.media.changeProperties(id, {}).then(() => undefined, (e: unknown) => e);
    assert.ok(empty instanceof RequestRefusedError && /changes nothing/.test(empty.description), String(empty));
    await settle(NEVER_WINDOW_MS);
  } finally {
    await cast.stop();
  }
  expectPass(await matchRecorded('change-properties', 'failure', rec));
});

test('fault propertiesChangedToEveryMediaServer fails the unsubscribed phase at its never-step', async () => {
  const fault: InteractionServerFaults = { propertiesChangedToEveryMediaServer: true };
  const cast = await startCast({ server: { faults: fault } });
  const id = await withUrs(cast);
  const rec = record(cast);
  try {
    await cast.urs.updateUserData(id, { Category: 'Billing' });
    await seen(cast.obs, (m) => m.canonical === 'EventPropertiesChanged');
  } finally {
    await cast.stop();
  }
  expectFailNaming(await matchRecorded('change-properties', 'urs-unsubscribed', rec), /forbidden ixn → ms EventPropertiesChanged \(Interaction Management\)[^]*change-properties\.yaml:\d+/);
});
