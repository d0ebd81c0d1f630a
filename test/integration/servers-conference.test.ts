import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { seen, settle } from './servers-fixture.ts';
import { startPartiesCast } from './parties-fixture.ts';
import type { PartiesCast } from './parties-fixture.ts';

// GenEM Conference on real sockets: Agent1 handles an interaction (delivered, accepted), brings Agent2
// in, and the agents leave — successfully or not; the last one to leave sends it back to its queue.

async function conferenced(cast: PartiesCast): Promise<void> {
  const answer = await cast.agent.conference(cast.id, { agentId: 'a2', placeId: 'p2' });
  assert.equal(answer.message, 'EventAck');
  await seen(cast.obs, (m) => m.to === 'Agent2' && m.canonical === 'EventPartyAdded');
}

test('Invitation Accepted: every party hears EventPartyAdded for Agent2 over Interaction Management, the reporting engine over Reporting; Agent1 stays', async () => {
  const cast = await startPartiesCast({ agent2: 'accept' });
  try {
    await conferenced(cast);
    await settle();
    assert.deepEqual(cast.flow(), [
      'Agent1 → IS1 InteractionManagement:RequestConference',
      'IS1 → Agent2 InteractionManagement:EventInvite',
      'IS1 → Stat Reporting:EventAgentInvited',
      'Agent2 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent2 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventPartyAdded',
      'IS1 → Agent1 InteractionManagement:EventPartyAdded',
      'IS1 → Agent2 InteractionManagement:EventPartyAdded',
      'IS1 → Agent1 InteractionManagement:EventAck',
    ]);
    const toAgent1 = cast.obs.messages().slice(cast.from).find((m) => m.to === 'Agent1' && m.canonical === 'EventPartyAdded')!;
    assert.deepEqual(toAgent1.envelope.attributes, { Interaction: { InteractionId: cast.id }, AgentId: 'a2', PlaceId: 'p2' });
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1', 'a2']);
    assert.deepEqual(cast.obs.messages().slice(cast.from).flatMap((m) => m.violations), []);
  } finally {
    await cast.stop();
  }
});

test('Invitation Rejected: EventError 233 to Agent1, EventRejected to the reporting engine, and the parties unchanged', async () => {
  const cast = await startPartiesCast({ agent2: 'reject' });
  try {
    await assert.rejects(cast.agent.conference(cast.id, { agentId: 'a2' }), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 233 && /rejected the conference/.test(e.description));
    await seen(cast.obs, (m) => m.canonical === 'EventRejected');
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1']);
  } finally {
    await cast.stop();
  }
});

test('Agent Leaves Conference: EventAck, Reporting EventPartyRemoved, and Interaction Management EventPartyRemoved to the party that remains', async () => {
  const cast = await startPartiesCast({ agent2: 'accept' });
  try {
    await conferenced(cast);
    const from = cast.obs.messages().length;
    await cast.agent2.leave(cast.id, { ReasonDescription: 'done' });
    await seen(cast.obs, (m) => m.to === 'Agent1' && m.canonical === 'EventPartyRemoved');
    await settle();
    assert.deepEqual(cast.obs.messages().slice(from).map((m) => `${m.from} → ${m.to} ${m.envelope.protocol}:${m.canonical}`), [
      'Agent2 → IS1 InteractionManagement:RequestLeaveInteraction',
      'IS1 → Agent2 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Agent1 InteractionManagement:EventPartyRemoved',
    ]);
    const removed = cast.obs.messages().slice(from).find((m) => m.to === 'Stat')!;
    assert.equal(removed.envelope.attributes.AgentId, 'a2');
    assert.deepEqual(removed.envelope.attributes.Reason, { ReasonDescription: 'done' });
    const i = cast.is.state().interactions.find((x) => x.id === cast.id)!;
    assert.deepEqual([i.state, i.parties], ['handled', ['a1']]);
  } finally {
    await cast.stop();
  }
});

test('the last party leaves: the interaction goes back to the queue it came from, the reporting engine hears EventPlacedInQueue, URS is offered it again', async () => {
  const cast = await startPartiesCast({ agent2: 'accept' });
  try {
    await conferenced(cast);
    await cast.agent2.leave(cast.id);
    const from = cast.obs.messages().length;
    await cast.agent.leave(cast.id);
    const placed = await seen(cast.obs, (m) => m.canonical === 'EventPlacedInQueue' && cast.obs.messages().indexOf(m) >= from);
    assert.equal(placed.envelope.attributes.Queue, 'inbound');
    await seen(cast.obs, (m) => m.canonical === 'EventRouteRequest' && m.envelope.attributes.InteractionId === cast.id && cast.obs.messages().indexOf(m) >= from);
    const i = cast.is.state().interactions.find((x) => x.id === cast.id)!;
    assert.deepEqual([i.state, i.parties, i.agentId], ['queued', [], undefined]);
    // Back in the queue, it can be delivered again.
    const again = await cast.urs.route(cast.id, { agentId: 'a2', placeId: 'p2' });
    assert.equal(again.result, 'used');
  } finally {
    await cast.stop();
  }
});

test('leaving unsuccessfully: an agent who is not a party gets EventError 53 naming the parties, and nobody else hears anything', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore' });
  try {
    await assert.rejects(cast.agent2.leave(cast.id), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 53 && /agent a2 is not a party to interaction \w+ \(its parties: a1\)/.test(e.description));
    await assert.rejects(cast.agent2.leave('FFFF000000000001'), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 56);
    await settle();
    assert.deepEqual(cast.flow(), [
      'Agent2 → IS1 InteractionManagement:RequestLeaveInteraction',
      'IS1 → Agent2 InteractionManagement:EventError',
      'Agent2 → IS1 InteractionManagement:RequestLeaveInteraction',
      'IS1 → Agent2 InteractionManagement:EventError',
    ]);
  } finally {
    await cast.stop();
  }
});

test('fault conferenceTellsReportingOnly: Agent2 joins, but no party hears EventPartyAdded over Interaction Management', async () => {
  const cast = await startPartiesCast({ agent2: 'accept', server: { faults: ['conferenceTellsReportingOnly'] } });
  try {
    await cast.agent.conference(cast.id, { agentId: 'a2' });
    await settle();
    assert.deepEqual(cast.flow().slice(4), ['IS1 → Agent2 InteractionManagement:EventAck', 'IS1 → Stat Reporting:EventPartyAdded', 'IS1 → Agent1 InteractionManagement:EventAck']);
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1', 'a2']);
  } finally {
    await cast.stop();
  }
});

test("leaving while one's own conference invitation is open is refused (53): Agent1's request is still to be answered", async () => {
  const cast = await startPartiesCast({ agent2: 'ignore' });
  try {
    const conference = cast.agent.conference(cast.id, { agentId: 'a2' });
    conference.catch(() => undefined);
    await cast.agent2.waitForInvite();
    await assert.rejects(cast.agent.leave(cast.id), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 53 && /asked to conference interaction \w+ to agent a2, who has not answered yet/.test(e.description));
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1']);
  } finally {
    await cast.stop();
  }
});

test('fault lastLeaveNotReported: the last party leaves, the interaction is queued again, and the reporting engine hears only EventPartyRemoved', async () => {
  const cast = await startPartiesCast({ server: { faults: ['lastLeaveNotReported'] } });
  try {
    await cast.agent.leave(cast.id);
    await seen(cast.obs, (m) => m.canonical === 'EventRouteRequest' && cast.obs.messages().indexOf(m) >= cast.from);
    assert.deepEqual(cast.flow(), [
      'Agent1 → IS1 InteractionManagement:RequestLeaveInteraction',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → URS1 TLibrary:EventRouteRequest',
    ]);
    assert.equal(cast.is.state().interactions.find((x) => x.id === cast.id)!.state, 'queued');
  } finally {
    await cast.stop();
  }
});
