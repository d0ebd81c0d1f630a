import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lines, seen, settle, startCast } from './servers-fixture.ts';
import type { InvitePolicy } from '../../src/servers/agent-application/invite-policy.ts';

// The reference Interaction Server acting out a profile (a run's --profile), on real sockets: under
// genem-table it does what GenEM's tables list; under a profile it has no behaviour for, as by default.

const TARGET = { agentId: 'a1', placeId: 'p1' };

async function deliver(profile: string | undefined, onInvite: InvitePolicy, until: string): Promise<string[]> {
  const cast = await startCast({ onInvite, server: { deliveringTimeoutOverrideMs: 150, ...(profile ? { profile } : {}) } });
  try {
    const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
    await cast.urs.waitForRouteRequest();
    const from = cast.obs.messages().length;
    void cast.urs.route(id, TARGET).catch(() => undefined);
    await seen(cast.obs, (m) => m.canonical === until && m.to !== 'URS1');
    await settle(250);
    return lines(cast.obs, from);
  } finally {
    await cast.stop();
  }
}

test('genem-table: EventRouteUsed as the invitation goes out, once; the accept brings only what its table lists and the ack', async () => {
  const flow = await deliver('genem-table', { action: 'accept', delayMs: 20 }, 'EventPartyAdded');
  assert.deepEqual(flow, [
    'URS1 → IS1 TLibrary:RequestRouteCall',
    'IS1 → Stat Reporting:EventPartyRemoved',
    'IS1 → Stat Reporting:EventAgentInvited',
    'IS1 → Agent1 InteractionManagement:EventInvite',
    'IS1 → URS1 TLibrary:EventRouteUsed',
    'Agent1 → IS1 InteractionManagement:RequestAccept',
    'IS1 → Agent1 InteractionManagement:EventAck',
    'IS1 → Stat Reporting:EventPartyAdded',
  ]);
});

test('genem-table: on the timer\'s expiry only the table\'s EventRevoked, to the agent', async () => {
  const flow = await deliver('genem-table', 'ignore', 'EventRevoked');
  assert.deepEqual(flow.slice(3), ['IS1 → Agent1 InteractionManagement:EventInvite', 'IS1 → URS1 TLibrary:EventRouteUsed', 'IS1 → Agent1 InteractionManagement:EventRevoked']);
});

test('a profile the server has no behaviour for, like none: the prose reading', async () => {
  const [none, other] = [await deliver(undefined, 'ignore', 'EventRevoked'), await deliver('some-other-reading', 'ignore', 'EventRevoked')];
  assert.deepEqual(other, none);
  assert.deepEqual(none.slice(3), [
    'IS1 → Agent1 InteractionManagement:EventInvite',
    'IS1 → Agent1 InteractionManagement:EventRevoked',
    'IS1 → Stat Reporting:EventRevoked',
    'IS1 → URS1 TLibrary:EventRouteUsed',
    'IS1 → Stat Reporting:EventPlacedInQueue',
  ]);
});
