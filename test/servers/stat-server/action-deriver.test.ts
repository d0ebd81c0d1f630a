import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ActionDeriver } from '../../../src/servers/stat-server/action-deriver.ts';
import type { MediaChannelAction } from '../../../src/servers/stat-server/action-deriver.ts';

// The deriver over Reporting events as the reference Interaction Server sends them (attribute names and
// order as in src/servers/interaction-server/). Times are the events' own EventTime: T(n) is second n.

const T = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();

function feed(d: ActionDeriver, n: number, message: string, attributes: Record<string, unknown>): MediaChannelAction[] {
  return d.consume({ server: 'IS1', message, attributes: { ...attributes, EventTime: T(n) }, receivedAt: T(n) });
}

const agent1 = { AgentId: 'Agent1', PlaceId: 'Place1', TenantId: 101 };
const ixn = { InteractionId: 'I1', MediaType: 'email', TenantId: 101 };

function names(out: MediaChannelAction[]): string[] {
  return out.map((a) => `${a.action}:${a.phase}`);
}

function loggedIn(media: Record<string, number> = { email: 1 }): ActionDeriver {
  const d = new ActionDeriver();
  feed(d, 0, 'EventAgentLogin', { ...agent1, MediaList: media });
  return d;
}

test('login starts Active, Available and Routable per media; not ready starts Blocked and NotRoutable', () => {
  const d = new ActionDeriver();
  assert.deepEqual(names(feed(d, 0, 'EventAgentLogin', { ...agent1, MediaList: { email: 1, chat: 0 } })).sort(), [
    'Active:started', 'Active:started', 'Available:started', 'Blocked:started', 'NotRoutable:started', 'Routable:started',
  ]);
  const out = feed(d, 5, 'EventNotReadyForMedia', { ...agent1, MediaType: 'email' });
  assert.deepEqual(names(out), ['Available:ended', 'Blocked:started', 'Routable:ended', 'NotRoutable:started']);
  const avail = out.find((a) => a.action === 'Available')!;
  assert.equal(avail.startTime, T(0));
  assert.equal(avail.endTime, T(5));
  assert.deepEqual(avail.attributes.MediaTypeID, 'email');
  assert.deepEqual(names(feed(d, 6, 'EventAgentLogout', agent1)).filter((n) => n.startsWith('Active')), ['Active:ended', 'Active:ended']);
});

test('media added and removed start and end Active [DOC §5.3]; do-not-disturb ends Available', () => {
  const d = loggedIn();
  assert.deepEqual(names(feed(d, 1, 'EventMediaAdded', { ...agent1, MediaType: 'chat' })), ['Active:started', 'Available:started', 'Routable:started']);
  assert.deepEqual(names(feed(d, 2, 'EventDoNotDisturbOn', agent1)), ['DoNotDisturb:started', 'Available:ended', 'Routable:ended', 'NotRoutable:started', 'Available:ended', 'Routable:ended', 'NotRoutable:started']);
  assert.deepEqual(names(feed(d, 3, 'EventMediaRemoved', { ...agent1, MediaType: 'chat' })), ['NotRoutable:ended', 'Active:ended']);
  const off = feed(d, 4, 'EventDoNotDisturbOff', agent1);
  assert.equal(off[0]!.action, 'DoNotDisturb');
  assert.equal(off[0]!.startTime, T(2));
});

test('deliver, accept, stop: Delivering, Accepted from the invite to the accept, Handling until the stop, StoppedInbound', () => {
  const d = loggedIn();
  feed(d, 1, 'EventInteractionSubmitted', { ...ixn, InteractionType: 'Inbound', MediaServerId: 'MS' });
  assert.deepEqual(names(feed(d, 2, 'EventAgentInvited', { ...ixn, ...agent1, RouterId: 'URS' })), ['Delivering:started', 'DeliveringStarted:occurred', 'Routable:ended', 'NotRoutable:started']);
  const accepted = feed(d, 3, 'EventPartyAdded', { ...ixn, ...agent1 });
  assert.deepEqual(names(accepted), ['Delivering:ended', 'Accepted:recorded', 'Handling:started', 'HandlingInbound:started', 'HandlingStarted:occurred', 'HandlingInboundStarted:occurred']);
  const acc = accepted[1]!;
  assert.deepEqual([acc.startTime, acc.endTime, acc.attributes.InteractionID, acc.attributes.MediaTypeID], [T(2), T(3), 'I1', 'email']);
  feed(d, 4, 'EventPartyRemoved', { ...ixn, ...agent1 });
  const stopped = feed(d, 4, 'EventProcessingStopped', { ...ixn, MediaServerId: 'MS' });
  assert.deepEqual(names(stopped), ['StoppedInbound:recorded']);
  assert.deepEqual([stopped[0]!.startTime, stopped[0]!.endTime], [T(3), T(4)]);
});

test('reject, revoke, and a stop while offered each close Delivering with their own retrospective action', () => {
  for (const [msg, action] of [['EventRejected', 'Rejected'], ['EventRevoked', 'Revoked']] as const) {
    const d = loggedIn();
    feed(d, 2, 'EventAgentInvited', { ...ixn, ...agent1 });
    assert.deepEqual(names(feed(d, 3, msg, { ...ixn, ...agent1 })).slice(0, 2), ['Delivering:ended', `${action}:recorded`]);
  }
  const d = loggedIn();
  feed(d, 2, 'EventAgentInvited', { ...ixn, ...agent1 });
  assert.deepEqual(feed(d, 3, 'EventPartyRemoved', { ...ixn, ...agent1 }), [], 'the invited agent never handled it');
  const out = feed(d, 3, 'EventProcessingStopped', { ...ixn, MediaServerId: 'MS' });
  assert.deepEqual(names(out).slice(0, 2), ['Delivering:ended', 'InteractionAbandonedDuringOffering:recorded']);
  assert.deepEqual(feed(d, 3, 'EventRevoked', { ...ixn, ...agent1 }), [], 'no Revoked after the abandonment');
});

test('transfer, conference, coaching and intrusion name both sides', () => {
  const agent2 = { AgentId: 'Agent2', PlaceId: 'Place2', TenantId: 101 };
  const run = (invite: Record<string, unknown>) => {
    const d = loggedIn();
    feed(d, 0, 'EventAgentLogin', { ...agent2, MediaList: { email: 1 } });
    feed(d, 1, 'EventPartyAdded', { ...ixn, ...agent1 });
    const inv = feed(d, 2, 'EventAgentInvited', { ...ixn, ...agent2, ...invite });
    return [...inv, ...feed(d, 3, 'EventPartyAdded', { ...ixn, ...agent2, ...invite })].filter((a) => a.kind !== 'durable-interaction' && a.kind !== 'durable-non-interaction').map((a) => `${a.action}@${a.attributes.AgentID}`);
  };
  assert.deepEqual(run({ Operation: 'Transfer', InviterAgentId: 'Agent1' }).slice(1, 4), ['Accepted@Agent2', 'TransferTaken@Agent2', 'TransferMade@Agent1']);
  assert.deepEqual(run({ Operation: 'Conference', InviterAgentId: 'Agent1' }).slice(2, 4), ['ConferenceJoined@Agent2', 'ConferenceMade@Agent1']);
  assert.deepEqual(run({ Operation: 'Conference', VisibilityMode: 'Coach', InviterAgentId: 'Agent1' }), ['DeliveringStarted@Agent2', 'CoachingRequested@Agent1', 'Accepted@Agent2', 'CoachingByRequestInitiated@Agent2', 'BeingCoached@Agent1']);
  const intrude = (visibility: string) => {
    const d = loggedIn();
    feed(d, 1, 'EventPartyAdded', { ...ixn, ...agent1 });
    return feed(d, 2, 'EventPartyAdded', { ...ixn, AgentId: 'Sup', PlaceId: 'PlaceS', Operation: 'Intrusion', VisibilityMode: visibility }).map((a) => `${a.action}@${a.attributes.AgentID}`);
  };
  assert.deepEqual(intrude('Monitor'), ['MonitoringInitiated@Sup', 'BeingMonitored@Agent1']);
  assert.deepEqual(intrude('Coach'), ['CoachingByIntrusionInitiated@Sup', 'BeingCoached@Agent1']);
  assert.deepEqual(intrude('Conference').slice(0, 2), ['ConferenceJoinedByIntrusion@Sup', 'Handling@Sup']);
});

test('an agent starts outbound and internal interactions, responds to one it handles, and pulls one', () => {
  const d = loggedIn();
  const out = feed(d, 1, 'EventInteractionSubmitted', { ...ixn, ...agent1, InteractionType: 'Outbound' });
  assert.deepEqual(names(out), ['StartedOutbound:occurred']);
  assert.ok(names(feed(d, 1, 'EventPartyAdded', { ...ixn, ...agent1 })).includes('HandlingOutbound:started'));
  const reply = feed(d, 2, 'EventInteractionSubmitted', { InteractionId: 'I2', MediaType: 'email', ...agent1, InteractionType: 'Outbound', ParentInteractionId: 'I1' });
  assert.deepEqual(names(reply), ['StartedOutbound:occurred', 'InteractionResponded:occurred']);
  assert.equal(reply[1]!.attributes.ParentInteractionID, 'I1');
  assert.deepEqual(names(feed(d, 3, 'EventInteractionSubmitted', { InteractionId: 'I3', MediaType: 'email', ...agent1, InteractionType: 'Internal' })), ['StartedInternal:occurred']);
  const pulled = feed(d, 4, 'EventTakenFromQueue', { InteractionId: 'I4', MediaType: 'email', ...agent1, TargetAgentId: 'Agent1', TargetPlaceId: 'Place1', Queue: 'Q' });
  assert.deepEqual(names(pulled), ['Pulled:occurred']);
  assert.equal(pulled[0]!.attributes.TargetAgentID, 'Agent1');
});

test('nothing in, nothing out: a deriver fed no Reporting events (restricted cluster mode) derives no action', () => {
  assert.deepEqual(new ActionDeriver().inProgress(), []);
});

test('given the Stat Server\'s capacity rule, Routable follows it, not the deriver\'s own guess', () => {
  let emailRoutable = false;
  const d = new ActionDeriver({ routable: (_agent, media) => media === 'email' && emailRoutable });
  assert.deepEqual(names(feed(d, 0, 'EventAgentLogin', { ...agent1, MediaList: { email: 1 } })).filter((n) => n.includes('Routable')), ['NotRoutable:started']);
  emailRoutable = true;
  // Re-judged on the next event about the agent.
  assert.deepEqual(names(feed(d, 1, 'EventReadyForMedia', { ...agent1, MediaType: 'email' })), ['NotRoutable:ended', 'Routable:started']);
});
