import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { lines, seen, settle, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';

const TARGET = { agentId: 'a1', placeId: 'p1' };

async function submitAndOffer(cast: DeliverCast): Promise<string> {
  const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound', userData: { Subject: 'hello' } });
  await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
  return id;
}

test('accept: invite, then EventAck, EventRouteUsed and EventPartyAdded, and the timer never fires', async () => {
  const cast = await startCast({ onInvite: 'accept', server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await submitAndOffer(cast);
    const from = cast.obs.messages().length;
    const outcome = await cast.urs.route(id, TARGET);
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded');
    await settle(300); // past the delivering timeout: a timer left running would revoke now
    assert.deepEqual(lines(cast.obs, from), [
      'URS1 → IS1 TLibrary:RequestRouteCall',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Stat Reporting:EventAgentInvited',
      'IS1 → Agent1 InteractionManagement:EventInvite',
      'Agent1 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPartyAdded',
    ]);
    const msgs = cast.obs.messages().slice(from);
    const [route, removed, invited, invite, accept, ack, used, added] = msgs;
    assert.equal(removed.envelope.attributes.InteractionId, id);
    assert.equal(removed.envelope.attributes.RouterId, 'URS1');
    assert.deepEqual([invited.envelope.attributes.AgentId, invited.envelope.attributes.PlaceId], ['a1', 'p1']);
    const inv = invite.envelope.attributes as { TicketId: number; Interaction: Record<string, unknown> };
    assert.equal(typeof inv.TicketId, 'number');
    assert.deepEqual(inv.Interaction, {
      InteractionId: id,
      InteractionMediatype: 'email',
      InteractionType: 'Inbound',
      InteractionQueue: 'inbound',
      InteractionUserData: { Subject: 'hello' },
    });
    assert.deepEqual(accept.envelope.attributes, { InteractionId: id, TicketId: inv.TicketId });
    assert.equal(ack.envelope.referenceId, accept.envelope.referenceId);
    assert.equal(used.envelope.referenceId, route.envelope.referenceId);
    assert.deepEqual(used.envelope.attributes, { InteractionId: id, AgentId: 'a1', PlaceId: 'p1' });
    assert.equal(added.envelope.attributes.AgentId, 'a1');
    assert.equal(typeof added.envelope.attributes.EventTime, 'string');
    assert.equal(added.envelope.attributes.TenantId, 101);
    assert.deepEqual(msgs.flatMap((m) => m.violations), [], 'the reference cast breaks no catalog rule');
    assert.equal(outcome.result, 'used');
    assert.equal(outcome.failure, undefined);
    assert.deepEqual(cast.is.state().interactions, [{ id, state: 'handled', queue: 'inbound', mediaType: 'email', agentId: 'a1', parties: ['a1'] }]);
  } finally {
    await cast.stop();
  }
});

test('reject: EventAck, EventRejected to the reporting engine, EventRouteUsed; the interaction stays with URS', async () => {
  const cast = await startCast({ onInvite: 'reject', server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await submitAndOffer(cast);
    const from = cast.obs.messages().length;
    const outcome = await cast.urs.route(id, TARGET);
    await settle(300);
    assert.deepEqual(lines(cast.obs, from), [
      'URS1 → IS1 TLibrary:RequestRouteCall',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Stat Reporting:EventAgentInvited',
      'IS1 → Agent1 InteractionManagement:EventInvite',
      'Agent1 → IS1 InteractionManagement:RequestReject',
      'IS1 → Agent1 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventRejected',
      'IS1 → URS1 TLibrary:EventRouteUsed',
    ]);
    const rejected = cast.obs.messages().find((m) => m.canonical === 'EventRejected')!;
    assert.deepEqual([rejected.envelope.attributes.InteractionId, rejected.envelope.attributes.AgentId, rejected.envelope.attributes.PlaceId], [id, 'a1', 'p1']);
    assert.equal(outcome.result, 'used');
    assert.equal(outcome.failure, 'Rejected');
    assert.equal((await cast.agent.waitForAnswer()).outcome, 'acked');
    assert.equal(cast.is.state().interactions[0].state, 'queued');
  } finally {
    await cast.stop();
  }
});

test('timeout: when the delivering timer (a 150 ms run override) expires the agent gets EventRevoked and the interaction goes back to its queue', async () => {
  const cast = await startCast({ onInvite: 'ignore', server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await submitAndOffer(cast);
    const from = cast.obs.messages().length;
    // Timed from before the route request, which the timer can only follow: timed from the agent's receipt
    // of the invite instead, a loaded machine that reads the invite late makes the timer look early.
    const routedAt = performance.now();
    const routed = cast.urs.route(id, TARGET);
    await cast.agent.waitForInvite();
    const revoked = await cast.agent.waitForRevoked();
    const waited = performance.now() - routedAt;
    const outcome = await routed;
    await seen(cast.obs, (m) => m.canonical === 'EventPlacedInQueue' && cast.obs.messages().indexOf(m) >= from);
    assert.deepEqual(lines(cast.obs, from), [
      'URS1 → IS1 TLibrary:RequestRouteCall',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Stat Reporting:EventAgentInvited',
      'IS1 → Agent1 InteractionManagement:EventInvite',
      'IS1 → Agent1 InteractionManagement:EventRevoked',
      'IS1 → Stat Reporting:EventRevoked',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPlacedInQueue',
    ]);
    assert.ok(waited >= 140, `EventRevoked came ${waited.toFixed(0)} ms after the route request, before the 150 ms delivering timeout`);
    assert.equal(revoked.interactionId, id);
    const placed = cast.obs.messages().slice(from).find((m) => m.canonical === 'EventPlacedInQueue')!;
    assert.equal(placed.envelope.attributes.Queue, 'inbound');
    assert.equal(outcome.failure, 'Timeout');
    assert.equal(cast.is.state().interactions[0].state, 'queued');
    // Back in the queue, the interaction is not offered again on its own (URS decides): no new EventRouteRequest.
    assert.equal(cast.urs.routeRequests.length, 1);
    assert.deepEqual(cast.obs.messages().flatMap((m) => m.violations), []);
  } finally {
    await cast.stop();
  }
});

test('a revoked interaction can be routed again and delivered', async () => {
  const cast = await startCast({ onInvite: 'ignore', server: { deliveringTimeoutOverrideMs: 100 } });
  try {
    const id = await submitAndOffer(cast);
    assert.equal((await cast.urs.route(id, TARGET)).failure, 'Timeout');
    cast.agent.setInvitePolicy('accept');
    const second = await cast.urs.route(id, TARGET);
    assert.equal(second.result, 'used');
    assert.equal(second.failure, undefined);
    const invites = cast.agent.invitations.items;
    assert.equal(invites.length, 2);
    assert.notEqual(invites[0].ticketId, invites[1].ticketId, 'each delivery has a new TicketId');
  } finally {
    await cast.stop();
  }
});

test('an agent application that disconnects mid-delivery: invitation revoked without IM EventRevoked, agent logged out', async () => {
  const cast = await startCast({ onInvite: 'ignore' });
  try {
    const id = await submitAndOffer(cast);
    const routed = cast.urs.route(id, TARGET);
    await cast.agent.waitForInvite();
    const from = cast.obs.messages().length;
    await cast.agent.stop();
    const outcome = await routed;
    await seen(cast.obs, (m) => m.canonical === 'EventAgentLogout');
    assert.deepEqual(lines(cast.obs, from), [
      'IS1 → Stat Reporting:EventRevoked',
      'IS1 → URS1 TLibrary:EventRouteUsed',
      'IS1 → Stat Reporting:EventPlacedInQueue',
      'IS1 → Stat Reporting:EventAgentLogout',
    ]);
    assert.equal(outcome.failure, 'AgentLeft');
    assert.deepEqual(cast.is.state().agents, []);
    // The server carries on: another desktop logs the agent in and the interaction is delivered to it.
    const again = new ReferenceAgentApplication({ url: cast.is.url, name: 'Agent1b', onInvite: 'accept' });
    try {
      await again.start();
      await again.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: ['email'] });
      assert.equal((await cast.urs.route(id, TARGET)).result, 'used');
    } finally {
      await again.stop();
    }
  } finally {
    await cast.stop();
  }
});

test('an agent application that disconnects while idle: only EventAgentLogout', async () => {
  const cast = await startCast();
  try {
    const from = cast.obs.messages().length;
    await cast.agent.stop();
    await seen(cast.obs, (m) => m.canonical === 'EventAgentLogout');
    await settle();
    assert.deepEqual(lines(cast.obs, from), ['IS1 → Stat Reporting:EventAgentLogout']);
  } finally {
    await cast.stop();
  }
});

test('a URS that disconnects mid-delivery: the delivery completes without its EventRouteUsed', async () => {
  const cast = await startCast({ onInvite: { action: 'accept', delayMs: 50 } });
  try {
    const id = await submitAndOffer(cast);
    void cast.urs.route(id, TARGET);
    await cast.agent.waitForInvite();
    await cast.urs.stop();
    const answer = await cast.agent.waitForAnswer();
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded');
    assert.equal(answer.outcome, 'acked');
    assert.equal(cast.obs.messages().filter((m) => m.canonical === 'EventRouteUsed').length, 0);
  } finally {
    await cast.stop();
  }
});

test('RequestRouteCall for an unknown interaction or agent: T-Library EventError with the request\'s referenceId', async () => {
  const cast = await startCast();
  try {
    const unknownIxn = await cast.urs.route('FFFF000000000009', TARGET);
    assert.equal(unknownIxn.result, 'error');
    assert.equal(unknownIxn.answer?.protocol, 'TLibrary');
    assert.equal(unknownIxn.answer?.referenceId, unknownIxn.referenceId);
    assert.deepEqual(unknownIxn.answer?.attributes, { ErrorCode: 56, ErrorMessage: 'no interaction FFFF000000000009 on IS1', InteractionId: 'FFFF000000000009' });

    const id = await submitAndOffer(cast);
    const unknownAgent = await cast.urs.route(id, { agentId: 'nobody', placeId: 'p9' });
    assert.equal(unknownAgent.answer?.attributes.ErrorCode, 192);
    assert.equal(unknownAgent.answer?.attributes.ErrorMessage, 'agent nobody is not logged in on IS1');

    const wrongPlace = await cast.urs.route(id, { agentId: 'a1', placeId: 'p2' });
    assert.equal(wrongPlace.answer?.attributes.ErrorMessage, 'agent a1 is logged in at place p1, not p2');
    assert.deepEqual(cast.obs.messages().flatMap((m) => m.violations), []);
  } finally {
    await cast.stop();
  }
});

test('RequestRouteCall for an interaction already being delivered is refused', async () => {
  const cast = await startCast({ onInvite: 'ignore' });
  try {
    const id = await submitAndOffer(cast);
    void cast.urs.route(id, TARGET);
    await cast.agent.waitForInvite();
    const twice = await cast.urs.route(id, TARGET);
    assert.equal(twice.answer?.attributes.ErrorMessage, `interaction ${id} is being delivered to agent a1; only a queued interaction can be routed`);
  } finally {
    await cast.stop();
  }
});

test('RequestAccept with a wrong TicketId: IM EventError to the agent, the invitation stays pending', async () => {
  const cast = await startCast({ onInvite: 'ignore' });
  try {
    const id = await submitAndOffer(cast);
    const routed = cast.urs.route(id, TARGET);
    const inv = await cast.agent.waitForInvite();
    await assert.rejects(cast.agent.accept({ ...inv, ticketId: 999 }), (err: unknown) => {
      assert.ok(err instanceof RequestRefusedError);
      assert.equal(err.errorCode, 53);
      assert.equal(err.description, 'RequestAccept: no invitation with TicketId 999 is pending for this agent');
      return true;
    });
    await assert.rejects(cast.agent.accept({ ...inv, interactionId: 'X' }), /RequestAccept: TicketId \d+ invites to interaction 0001000000000001, not X/);
    await cast.agent.accept(inv);
    assert.equal((await routed).result, 'used');
  } finally {
    await cast.stop();
  }
});

test("reject with a Reason: the agent's Reason reaches the reporting engine in EventRejected", async () => {
  const reason = { ReasonDescription: 'Busy with another customer', Reason: 12 };
  const cast = await startCast({ onInvite: { action: 'reject', reason }, server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await submitAndOffer(cast);
    await cast.urs.route(id, TARGET);
    const rejected = await seen(cast.obs, (m) => m.canonical === 'EventRejected');
    const request = cast.obs.messages().find((m) => m.canonical === 'RequestReject')!;
    assert.deepEqual(request.envelope.attributes.Reason, reason, 'the reference desktop sends the Reason it was given');
    assert.deepEqual(rejected.envelope.attributes.Reason, reason);
    assert.deepEqual([...request.violations, ...rejected.violations], []);
  } finally {
    await cast.stop();
  }
});

test('an answer that comes after the delivering timer revoked the invitation gets EventError 53, saying the invitation was revoked', async () => {
  const cast = await startCast({ onInvite: { action: 'accept', delayMs: 300 }, server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const id = await submitAndOffer(cast);
    void cast.urs.route(id, TARGET);
    await cast.agent.waitForRevoked();
    const answer = await cast.agent.waitForAnswer();
    assert.equal(answer.outcome, 'refused');
    const error = cast.obs.messages().find((m) => m.canonical === 'EventError' && m.to === 'Agent1')!;
    const accept = cast.obs.messages().find((m) => m.canonical === 'RequestAccept')!;
    assert.equal(error.envelope.referenceId, accept.envelope.referenceId);
    assert.deepEqual(error.envelope.attributes, {
      ErrorCode: 53,
      ErrorDescription: `RequestAccept: no invitation with TicketId ${String(accept.envelope.attributes.TicketId)} is pending for this agent: it was revoked when its delivering timer (150 ms) expired, and interaction ${id} went back to its queue`,
    });
    assert.deepEqual(cast.obs.messages().flatMap((m) => m.violations), []);
    assert.equal(cast.is.state().interactions[0].state, 'queued', 'the late answer changes nothing');
  } finally {
    await cast.stop();
  }
});
