import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestRefusedError } from '../../src/servers/shared/request-channel.ts';
import { seen, settle } from './servers-fixture.ts';
import { startPartiesCast } from './parties-fixture.ts';

// GenEM Transfer on real sockets: Agent1 handles an interaction (delivered, accepted) and transfers it
// to Agent2, who accepts, rejects or does not answer; or names an agent who cannot be invited.

test('Invitation Issued then Accepted: Agent2 alone handles the interaction, Agent1 leaves it, and its RequestTransfer gets EventAck', async () => {
  const cast = await startPartiesCast({ agent2: 'accept' });
  try {
    const answer = await cast.agent.transfer(cast.id, { agentId: 'a2' });
    assert.equal(answer.message, 'EventAck');
    await seen(cast.obs, (m) => m.canonical === 'EventPartyRemoved' && m.envelope.attributes.AgentId === 'a1');
    assert.deepEqual(cast.flow(), [
      'Agent1 → IS1 InteractionManagement:RequestTransfer',
      'IS1 → Agent2 InteractionManagement:EventInvite',
      'IS1 → Stat Reporting:EventAgentInvited',
      'Agent2 → IS1 InteractionManagement:RequestAccept',
      'IS1 → Agent2 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventPartyAdded',
      'IS1 → Stat Reporting:EventPartyRemoved',
      'IS1 → Agent1 InteractionManagement:EventAck',
    ]);
    const added = cast.obs.messages().slice(cast.from).find((m) => m.canonical === 'EventPartyAdded')!;
    assert.equal(added.envelope.attributes.AgentId, 'a2');
    assert.equal(added.envelope.attributes.InteractionId, cast.id);
    const i = cast.is.state().interactions.find((x) => x.id === cast.id)!;
    assert.deepEqual([i.state, i.agentId, i.parties], ['handled', 'a2', ['a2']]);
    assert.deepEqual(cast.is.state().invitations, []);
    // Every message is valid for the catalog, and each answer pairs with its request.
    assert.deepEqual(cast.obs.messages().slice(cast.from).flatMap((m) => m.violations), []);
  } finally {
    await cast.stop();
  }
});

test('the transfer invitation has its own ticket: not one URS delivered before', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore' });
  try {
    void cast.agent.transfer(cast.id, { agentId: 'a2' }).catch(() => undefined);
    const inv = await cast.agent2.waitForInvite();
    const delivered = (await cast.agent.waitForInvite()).ticketId;
    assert.equal(typeof inv.ticketId, 'number');
    assert.notEqual(inv.ticketId, delivered);
    assert.equal(inv.interactionId, cast.id);
    assert.deepEqual(cast.is.state().invitations, [{ kind: 'transfer', ticketId: inv.ticketId, interactionId: cast.id, inviter: 'a1', invitee: 'a2' }]);
  } finally {
    await cast.stop();
  }
});

test('Invitation Rejected: EventAck to Agent2, EventRejected with its Reason, EventError 233 to Agent1, who keeps the interaction', async () => {
  const cast = await startPartiesCast({ agent2: { action: 'reject', reason: { ReasonDescription: 'Not my skill' } } });
  try {
    await assert.rejects(cast.agent.transfer(cast.id, { agentId: 'a2' }), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 233 && /agent a2 rejected the transfer/.test(e.description));
    await seen(cast.obs, (m) => m.canonical === 'EventRejected');
    await settle();
    assert.deepEqual(cast.flow(), [
      'Agent1 → IS1 InteractionManagement:RequestTransfer',
      'IS1 → Agent2 InteractionManagement:EventInvite',
      'IS1 → Stat Reporting:EventAgentInvited',
      'Agent2 → IS1 InteractionManagement:RequestReject',
      'IS1 → Agent2 InteractionManagement:EventAck',
      'IS1 → Stat Reporting:EventRejected',
      'IS1 → Agent1 InteractionManagement:EventError',
    ]);
    const rejected = cast.obs.messages().find((m) => m.canonical === 'EventRejected')!;
    assert.deepEqual(rejected.envelope.attributes.Reason, { ReasonDescription: 'Not my skill' });
    assert.equal(rejected.envelope.attributes.AgentId, 'a2');
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1']);
  } finally {
    await cast.stop();
  }
});

test('Invitation Times Out: after the delivering timer, EventRevoked to Agent2 and EventError 57 to Agent1', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore', server: { deliveringTimeoutOverrideMs: 150 } });
  try {
    const started = Date.now();
    await assert.rejects(cast.agent.transfer(cast.id, { agentId: 'a2' }), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 57 && /did not answer the transfer invitation within the delivering timer \(150 ms\)/.test(e.description));
    assert.ok(Date.now() - started >= 140, 'the request is answered only when the timer expires');
    const revoked = await cast.agent2.waitForRevoked();
    assert.equal(revoked.interactionId, cast.id);
    assert.deepEqual(cast.flow().slice(3), [
      'IS1 → Agent2 InteractionManagement:EventRevoked',
      'IS1 → Stat Reporting:EventRevoked',
      'IS1 → Agent1 InteractionManagement:EventError',
    ]);
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1']);
  } finally {
    await cast.stop();
  }
});

test('a late accept of a revoked transfer invitation is refused (53), naming the revoke', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore', server: { deliveringTimeoutOverrideMs: 100 } });
  try {
    void cast.agent.transfer(cast.id, { agentId: 'a2' }).catch(() => undefined);
    const inv = await cast.agent2.waitForInvite();
    await cast.agent2.waitForRevoked();
    await assert.rejects(cast.agent2.accept(inv), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 53 && /revoked: agent a2 did not answer/.test(e.description));
    assert.deepEqual(cast.is.state().interactions.find((x) => x.id === cast.id)!.parties, ['a1']);
  } finally {
    await cast.stop();
  }
});

test('Invitation Is Invalid: a transfer to an agent who is not logged in gets EventError 192 at once, and nobody is invited', async () => {
  const cast = await startPartiesCast({ agent2: 'accept' });
  try {
    await assert.rejects(cast.agent.transfer(cast.id, { agentId: 'a3' }), (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 192 && /agent a3 is not logged in/.test(e.description));
    await settle();
    assert.deepEqual(cast.flow(), ['Agent1 → IS1 InteractionManagement:RequestTransfer', 'IS1 → Agent1 InteractionManagement:EventError']);
  } finally {
    await cast.stop();
  }
});

test('refused before any invitation: an agent who does not handle the interaction, an unknown interaction, a second transfer while one is pending', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore' });
  try {
    const refused = (code: number, text: RegExp) => (e: unknown) => e instanceof RequestRefusedError && e.errorCode === code && text.test(e.description);
    await assert.rejects(cast.agent2.transfer(cast.id, { agentId: 'a1' }), refused(53, /agent a2 does not handle interaction/));
    await assert.rejects(cast.agent.transfer('FFFF000000000001', { agentId: 'a2' }), refused(56, /no interaction FFFF000000000001/));
    void cast.agent.transfer(cast.id, { agentId: 'a2' }).catch(() => undefined);
    await cast.agent2.waitForInvite();
    await assert.rejects(cast.agent.conference(cast.id, { agentId: 'a2' }), refused(53, /already has a transfer invitation pending for agent a2/));
  } finally {
    await cast.stop();
  }
});

test('Agent2 disconnecting while invited ends the transfer: EventError 192 to Agent1, no EventRevoked to a closed connection', async () => {
  const cast = await startPartiesCast({ agent2: 'ignore' });
  try {
    const transfer = cast.agent.transfer(cast.id, { agentId: 'a2' });
    transfer.catch(() => undefined);
    await cast.agent2.waitForInvite();
    await cast.agent2.stop();
    await assert.rejects(transfer, (e: unknown) => e instanceof RequestRefusedError && e.errorCode === 192 && /left before answering/.test(e.description));
    assert.equal(cast.flow().filter((l) => l.includes('InteractionManagement:EventRevoked')).length, 0);
    assert.deepEqual(cast.is.state().invitations, []);
  } finally {
    await cast.stop();
  }
});

test('fault transferKeepsAgent1: the accepted transfer never tells the reporting engine that Agent1 left', async () => {
  const cast = await startPartiesCast({ agent2: 'accept', server: { faults: ['transferKeepsAgent1'] } });
  try {
    await cast.agent.transfer(cast.id, { agentId: 'a2' });
    await settle();
    assert.deepEqual(cast.flow().slice(4), ['IS1 → Agent2 InteractionManagement:EventAck', 'IS1 → Stat Reporting:EventPartyAdded', 'IS1 → Agent1 InteractionManagement:EventAck']);
  } finally {
    await cast.stop();
  }
});
