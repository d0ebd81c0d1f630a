import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { lines, seen, settle, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';
import type { InvitePolicy } from '../../src/servers/agent-application/invite-policy.ts';
import type { InteractionServerFaults } from '../../src/servers/interaction-server/options.ts';

const TARGET = { agentId: 'a1', placeId: 'p1' };

/** Runs one delivery with a fault switched on; returns the cast (running) and the lines from RequestRouteCall on. */
async function deliverWith(faults: InteractionServerFaults, onInvite: InvitePolicy, until: (cast: DeliverCast) => Promise<unknown>): Promise<{ cast: DeliverCast; flow: string[] }> {
  const cast = await startCast({ onInvite, server: { faults, deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
    await cast.urs.waitForRouteRequest();
    const from = cast.obs.messages().length;
    void cast.urs.route(id, TARGET);
    await until(cast);
    return { cast, flow: lines(cast.obs, from) };
  } catch (err) {
    await cast.stop();
    throw err;
  }
}

test('fault omitAgentInvited: no EventAgentInvited reaches the reporting engine', async () => {
  const { cast, flow } = await deliverWith({ omitAgentInvited: true }, 'accept', (c) => seen(c.obs, (m) => m.canonical === 'EventPartyAdded'));
  try {
    assert.deepEqual(flow, [
      'URS1 → IS1 TLibrary:RequestRouteCall',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Agent1 InteractionManagement:EventInvite',
      'Agent1 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPartyAdded',
    ]);
  } finally {
    await cast.stop();
  }
});

test('fault routeUsedBeforeAccept: EventRouteUsed right after EventInvite, and not again on accept', async () => {
  const { cast, flow } = await deliverWith({ routeUsedBeforeAccept: true }, { action: 'accept', delayMs: 20 }, (c) => seen(c.obs, (m) => m.canonical === 'EventPartyAdded'));
  try {
    assert.deepEqual(flow.slice(3, 5), ['IS1 → Agent1 InteractionManagement:EventInvite', 'IS1 → URS1 TLibrary:EventRouteUsed']);
    assert.equal(flow.filter((l) => l.endsWith('EventRouteUsed')).length, 1);
    assert.deepEqual(flow.slice(5), [
      'Agent1 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventPartyAdded',
    ]);
  } finally {
    await cast.stop();
  }
});

test('fault omitTicketId: EventInvite without TicketId, which the catalog flags', async () => {
  const { cast } = await deliverWith({ omitTicketId: true }, 'ignore', (c) => c.agent.waitForInvite());
  try {
    const invite = cast.obs.messages().find((m) => m.canonical === 'EventInvite')!;
    assert.equal('TicketId' in invite.envelope.attributes, false);
    assert.deepEqual(invite.violations.map((v) => [v.code, v.attribute]), [['MISSING_ATTRIBUTE', 'TicketId']]);
  } finally {
    await cast.stop();
  }
});

test('fault keepTimerAfterAccept: a late EventRevoked follows the accepted delivery', async () => {
  const { cast, flow } = await deliverWith({ keepTimerAfterAccept: true }, 'accept', (c) => c.agent.waitForRevoked());
  try {
    assert.deepEqual(flow.slice(4, 9), [
      'Agent1 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPartyAdded',
      'IS1 → Agent1 InteractionManagement:EventRevoked',
    ]);
    assert.equal((await cast.agent.waitForAnswer()).outcome, 'acked');
  } finally {
    await cast.stop();
  }
});

test('fault keepTimerAfterAcceptReportingOnly: when the forgotten timer fires, only the reporting engine hears it', async () => {
  const { cast, flow } = await deliverWith({ keepTimerAfterAcceptReportingOnly: true }, 'accept', (c) =>
    seen(c.obs, (m) => m.canonical === 'EventPlacedInQueue' && c.obs.messages().filter((x) => x.canonical === 'EventPlacedInQueue').length === 2),
  );
  try {
    await settle();
    assert.deepEqual(flow.slice(4), [
      'Agent1 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPartyAdded',
      'IS1 → Stat Reporting:EventRevoked',
      'IS1 → Stat Reporting:EventPlacedInQueue',
    ]);
  } finally {
    await cast.stop();
  }
});

test('fault rejectedToAgent: EventRejected goes to the agent application, not the reporting engine', async () => {
  const { cast, flow } = await deliverWith({ rejectedToAgent: true }, 'reject', (c) => seen(c.obs, (m) => m.canonical === 'EventRouteUsed'));
  try {
    await settle();
    assert.ok(flow.includes('IS1 → Agent1 Reporting:EventRejected'), flow.join('\n'));
    assert.equal(flow.filter((l) => l.startsWith('IS1 → Stat') && l.endsWith('EventRejected')).length, 0);
    const misdirected = cast.obs.messages().find((m) => m.canonical === 'EventRejected')!;
    assert.deepEqual(misdirected.violations.map((v) => v.code), ['WRONG_DIRECTION']);
  } finally {
    await cast.stop();
  }
});

test('faults are named: an unknown fault is refused when the server is created', () => {
  assert.throws(() => new InteractionServer({ faults: ['omitTicketID' as 'omitTicketId'] }), {
    message: 'unknown Interaction Server fault "omitTicketID"; known faults: omitAgentInvited, routeUsedBeforeAccept, omitTicketId, keepTimerAfterAccept, keepTimerAfterAcceptReportingOnly, rejectedToAgent, ackLateAnswer, transferKeepsAgent1, conferenceTellsReportingOnly, lastLeaveNotReported, omitPlacedInQueue, omitWorkbinContentChanged, handlingTimerNotReset, ackCancelNotSubscribed',
  });
  assert.doesNotThrow(() => new InteractionServer({ faults: ['omitTicketId', 'rejectedToAgent'] }));
});
