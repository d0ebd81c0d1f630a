import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgentBook } from '../../src/servers/stat-server/agent-book.ts';
import { applyReportingEvent, STATE_EVENTS } from '../../src/servers/stat-server/reporting-events.ts';
import { formatVector, ONE_OF_ANY_TYPE_RULE, vectorFor } from '../../src/servers/stat-server/capacity-rule.ts';

// The Reporting events that change an agent's state, applied by name — including those the reference
// Interaction Server does not send yet (media added/removed, ready/not ready, do-not-disturb).

const login = (book: AgentBook, server = 'IS1', agent = 'a1', media: Record<string, number> = { email: 1, chat: 1 }) =>
  applyReportingEvent(book, server, 'EventAgentLogin', { AgentId: agent, PlaceId: `p-${agent}`, TenantId: 101, MediaList: media });

test('every state change the brief lists is handled by name', () => {
  for (const name of ['EventAgentLogin', 'EventAgentLogout', 'EventReadyForMedia', 'EventNotReadyForMedia', 'EventMediaAdded', 'EventMediaRemoved', 'EventDoNotDisturbOn', 'EventDoNotDisturbOff', 'EventAgentInvited', 'EventPartyAdded', 'EventPartyRemoved', 'EventRevoked', 'EventRejected', 'EventPlaceAgentState']) {
    assert.ok(STATE_EVENTS[name], name);
  }
  assert.deepEqual(applyReportingEvent(new AgentBook(), 'IS1', 'EventPlacedInQueue', { InteractionId: 'x' }), { changed: [] });
});

test('readiness, media added and removed, do-not-disturb: each changes the state once; the same event again changes nothing', () => {
  const book = new AgentBook();
  assert.deepEqual(login(book).changed, ['a1']);
  const ev = (name: string, a: Record<string, unknown> = {}) => applyReportingEvent(book, 'IS1', name, { AgentId: 'a1', PlaceId: 'p-a1', ...a }).changed;
  assert.deepEqual(ev('EventNotReadyForMedia', { MediaType: 'chat' }), ['a1']);
  assert.deepEqual(ev('EventNotReadyForMedia', { MediaType: 'chat' }), []);
  assert.equal(book.get('IS1', 'a1')!.media.get('chat'), false);
  assert.deepEqual(ev('EventReadyForMedia', { MediaTypeName: 'chat' }), ['a1'], 'the request\'s spelling MediaTypeName is taken too');
  assert.deepEqual(ev('EventMediaAdded', { MediaType: 'voice' }), ['a1']);
  assert.deepEqual(ev('EventMediaAdded', { MediaType: 'voice' }), []);
  assert.deepEqual(ev('EventMediaRemoved', { MediaType: 'email' }), ['a1']);
  assert.deepEqual([...book.get('IS1', 'a1')!.media.keys()].sort(), ['chat', 'voice']);
  assert.deepEqual(ev('EventDoNotDisturbOn'), ['a1']);
  assert.deepEqual(ev('EventDoNotDisturbOn'), []);
  assert.equal(book.get('IS1', 'a1')!.dnd, true);
  assert.deepEqual(ev('EventDoNotDisturbOff'), ['a1']);
});

test('invited, party added, party removed, rejected, revoked, processing stopped: the interactions the agent holds', () => {
  const book = new AgentBook();
  login(book);
  const ev = (name: string, id: string, a: Record<string, unknown> = {}) => applyReportingEvent(book, 'IS1', name, { InteractionId: id, AgentId: 'a1', PlaceId: 'p-a1', MediaType: 'email', ...a }).changed;
  assert.deepEqual(ev('EventAgentInvited', 'i1'), ['a1']);
  assert.deepEqual(ev('EventPartyAdded', 'i1'), [], 'accepted: it was counted from the invitation on');
  assert.deepEqual(ev('EventAgentInvited', 'i2'), ['a1']);
  assert.deepEqual(ev('EventRejected', 'i2'), ['a1']);
  assert.deepEqual(ev('EventAgentInvited', 'i3', { MediaType: 'chat' }), ['a1']);
  assert.deepEqual(ev('EventRevoked', 'i3'), ['a1']);
  assert.deepEqual(Object.fromEntries(book.counts('a1', false)), { email: 1 });
  assert.deepEqual(applyReportingEvent(book, 'IS1', 'EventProcessingStopped', { InteractionId: 'i1' }).changed, ['a1']);
  assert.deepEqual(Object.fromEntries(book.counts('a1', false)), {});
  // A strategy leaving (EventPartyRemoved without an agent) is no agent's state.
  assert.deepEqual(applyReportingEvent(book, 'IS1', 'EventPartyRemoved', { InteractionId: 'i1', RouterId: 'URS' }).changed, []);
});

test('an event about an agent the Stat Server was never told of changes nothing and says so; a snapshot entry for one is taken', () => {
  const book = new AgentBook();
  const r = applyReportingEvent(book, 'IS1', 'EventAgentInvited', { InteractionId: 'i1', AgentId: 'ghost', PlaceId: 'p' });
  assert.deepEqual(r.changed, []);
  assert.match(r.note!, /EventAgentInvited from IS1 for agent ghost, who is not logged in there as far as the Stat Server knows: ignored/);
  assert.match(applyReportingEvent(book, 'IS1', 'EventAgentLogout', { AgentId: 'ghost', PlaceId: 'p' }).note!, /EventAgentLogout from IS1 for agent ghost/);
  // EventPlaceAgentState is how the Stat Server learns of agents: any agent in it is taken.
  assert.deepEqual(applyReportingEvent(book, 'IS1', 'EventPlaceAgentState', { AgentId: 'new', PlaceId: 'p9', MediaStateList: { voice: 1 } }).changed, ['new']);
  assert.match(applyReportingEvent(book, 'IS1', 'EventPlaceAgentState', { PlaceId: 'p9', MediaStateList: {} }).note!, /without AgentId and PlaceId/);
});

test('a snapshot entry replaces what that server said before; the interactions in it count, with or without their media', () => {
  const book = new AgentBook();
  login(book);
  applyReportingEvent(book, 'IS1', 'EventAgentInvited', { InteractionId: 'old', AgentId: 'a1', PlaceId: 'p-a1', MediaType: 'chat' });
  applyReportingEvent(book, 'IS1', 'EventPlaceAgentState', { AgentId: 'a1', PlaceId: 'p-a1', MediaStateList: { email: 1 }, Interactions: [{ InteractionId: 'e1', MediaType: 'email' }, 'bare'] });
  assert.deepEqual(Object.fromEntries(book.counts('a1', false)), { email: 1, unknown: 1 });
  assert.equal(book.size, 1);
});

test('one agent on two servers: one capacity, each interaction once; a logout on one server keeps the other part', () => {
  const book = new AgentBook();
  login(book, 'IS1', 'a1', { chat: 1 });
  login(book, 'IS2', 'a1', { email: 1 });
  for (const server of ['IS1', 'IS2']) applyReportingEvent(book, server, 'EventPartyAdded', { InteractionId: 'same', AgentId: 'a1', PlaceId: 'p-a1', MediaType: 'chat' });
  assert.deepEqual(Object.fromEntries(book.counts('a1', false)), { chat: 1 });
  assert.deepEqual([book.size, book.logins], [1, 2]);
  const out = applyReportingEvent(book, 'IS1', 'EventAgentLogout', { AgentId: 'a1', PlaceId: 'p-a1' });
  assert.deepEqual([out.changed, out.loggedOut, book.logins], [['a1'], 'a1', 1]);
});

test('capacity-treat-acw-as-interaction: a not-ready whose reason is after-call work counts as an interaction of its media, only when asked', () => {
  const book = new AgentBook();
  login(book);
  applyReportingEvent(book, 'IS1', 'EventNotReadyForMedia', { AgentId: 'a1', PlaceId: 'p-a1', MediaType: 'email', Reason: { ReasonSystemName: 'AfterCallWork' } });
  assert.deepEqual(Object.fromEntries(book.counts('a1', false)), {});
  assert.deepEqual(Object.fromEntries(book.counts('a1', true)), { email: 1 });
  // The rule sees the ACW: no chat either, under one interaction of any type.
  assert.equal(formatVector(vectorFor(ONE_OF_ANY_TYPE_RULE, 'chat', true, book.counts('a1', true), false)), '[R 0 0 0]');
  assert.equal(formatVector(vectorFor(ONE_OF_ANY_TYPE_RULE, 'chat', true, book.counts('a1', false), false)), '[R 0 1 1]');
  applyReportingEvent(book, 'IS1', 'EventReadyForMedia', { AgentId: 'a1', PlaceId: 'p-a1', MediaType: 'email' });
  assert.deepEqual(Object.fromEntries(book.counts('a1', true)), {});
});
