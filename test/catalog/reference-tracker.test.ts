import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import { ReferenceTracker } from '../../src/catalog/reference-tracker.ts';
import type { MessageDef } from '../../src/catalog/types.ts';

const def = (protocol: string, name: string): MessageDef => {
  const r = defaultCatalog.get(protocol, name);
  assert.ok(r, `${protocol}:${name}`);
  return r.def;
};
const accept = def('InteractionManagement', 'RequestAccept');
const login = def('InteractionManagement', 'RequestAgentLogin');
const ack = def('InteractionManagement', 'EventAck');
const imError = def('InteractionManagement', 'EventError');
const invite = def('InteractionManagement', 'EventInvite');
const routeCall = def('TLibrary', 'RequestRouteCall');
const routeUsed = def('TLibrary', 'EventRouteUsed');

const codes = (vs: { code: string }[]) => vs.map((v) => v.code);

test('a response echoing a pending request from the other end pairs with it', () => {
  const t = new ReferenceTracker();
  assert.deepEqual(t.observe(accept, 7, 'desktop'), []);
  assert.deepEqual(t.pending('desktop'), [{ referenceId: 7, message: 'RequestAccept' }]);
  assert.deepEqual(t.observe(ack, 7, 'ixn'), []);
  assert.deepEqual(t.pending('desktop'), []);
});

test('a response with no request at all is UNMATCHED_RESPONSE', () => {
  const [v, ...rest] = new ReferenceTracker().observe(ack, 4, 'ixn');
  assert.deepEqual(rest, []);
  assert.deepEqual([v.code, v.severity, v.message, v.attribute, v.actual], [
    'UNMATCHED_RESPONSE',
    'error',
    'EventAck answers referenceId 4, but no request with referenceId 4 is pending from the other end',
    'referenceId',
    '4',
  ]);
});

test('a response with the wrong referenceId is UNMATCHED_RESPONSE and leaves the request pending', () => {
  const t = new ReferenceTracker();
  t.observe(accept, 1, 'desktop');
  assert.deepEqual(codes(t.observe(ack, 2, 'ixn')), ['UNMATCHED_RESPONSE']);
  assert.deepEqual(t.observe(ack, 1, 'ixn'), []);
});

test('a second response to the same request says it was already answered', () => {
  const t = new ReferenceTracker();
  t.observe(accept, 5, 'desktop');
  t.observe(ack, 5, 'ixn');
  const vs = t.observe(imError, 5, 'ixn');
  assert.deepEqual(vs.map((v) => [v.code, v.message, v.hint]), [
    ['UNMATCHED_RESPONSE', 'EventError answers referenceId 5, but RequestAccept 5 was already answered by EventAck', 'send exactly one response per request'],
  ]);
});

test('a response must come from the other end: the requester cannot answer itself', () => {
  const t = new ReferenceTracker();
  t.observe(login, 3, 'desktop');
  assert.deepEqual(codes(t.observe(ack, 3, 'desktop')), ['UNMATCHED_RESPONSE']);
});

test('a response of a kind the request does not take is UNMATCHED_RESPONSE naming the right ones', () => {
  const t = new ReferenceTracker();
  t.observe(routeCall, 9, 'urs');
  const vs = t.observe(ack, 9, 'ixn');
  assert.deepEqual(vs.map((v) => [v.code, v.message, v.expected]), [
    ['UNMATCHED_RESPONSE', 'EventAck answers referenceId 9, but the pending RequestRouteCall 9 is answered by EventRouteUsed or EventError', 'EventRouteUsed or EventError'],
  ]);
  assert.deepEqual(t.observe(routeUsed, 9, 'ixn'), []);
});

test('referenceIds are per sender: both ends may use the same numbers', () => {
  const t = new ReferenceTracker();
  t.observe(accept, 1, 'desktop');
  t.observe(routeCall, 1, 'urs');
  assert.deepEqual(t.observe(ack, 1, 'ixn'), []);
  assert.deepEqual(t.observe(routeUsed, 1, 'ixn'), []);
});

test('MISSING_REFERENCE_ID on a response and on a request', () => {
  const t = new ReferenceTracker();
  assert.deepEqual(t.observe(ack, undefined, 'ixn').map((v) => [v.code, v.message]), [
    ['MISSING_REFERENCE_ID', 'EventAck has no referenceId; a response must echo the referenceId of the request it answers'],
  ]);
  assert.deepEqual(t.observe(accept, undefined, 'desktop').map((v) => [v.code, v.message]), [
    ['MISSING_REFERENCE_ID', 'RequestAccept has no referenceId; a request must carry one for its response to echo'],
  ]);
});

test('unpaired events are never checked, with or without a referenceId', () => {
  const t = new ReferenceTracker();
  assert.deepEqual(t.observe(invite, undefined, 'ixn'), []);
  assert.deepEqual(t.observe(invite, 42, 'ixn'), []);
});

test('an optional response may be unsolicited, but if it names a referenceId it must pair', () => {
  const request: MessageDef = { ...login, name: 'RequestWatch', responses: ['EventWatched'] };
  const optional: MessageDef = { ...ack, name: 'EventWatched', pairing: 'optional-response' };
  const t = new ReferenceTracker();
  assert.deepEqual(t.observe(optional, undefined, 'ixn'), []);
  assert.deepEqual(codes(t.observe(optional, 8, 'ixn')), ['UNMATCHED_RESPONSE']);
  t.observe(request, 8, 'desktop');
  assert.deepEqual(t.observe(optional, 8, 'ixn'), []);
});

test('a request answered in another protocol is named Protocol:Name in responses', () => {
  const request: MessageDef = { ...login, name: 'RequestCross', responses: ['TLibrary:EventRouteUsed'] };
  const t = new ReferenceTracker();
  t.observe(request, 2, 'desktop');
  assert.deepEqual(codes(t.observe(ack, 2, 'ixn')), ['UNMATCHED_RESPONSE']);
  assert.deepEqual(t.observe(routeUsed, 2, 'ixn'), []);
});

test('pending requests are bounded: the oldest is forgotten first', () => {
  const t = new ReferenceTracker({ maxPending: 2 });
  t.observe(accept, 1, 'desktop');
  t.observe(accept, 2, 'desktop');
  t.observe(accept, 3, 'desktop');
  assert.deepEqual(t.pending('desktop').map((p) => p.referenceId), [2, 3]);
  assert.deepEqual(codes(t.observe(ack, 1, 'ixn')), ['UNMATCHED_RESPONSE']);
});

test('a request that reuses a referenceId still waiting for its answer is DUPLICATE_REFERENCE_ID; once answered it may be reused', () => {
  const t = new ReferenceTracker();
  assert.deepEqual(t.observe(accept, 3, 'desktop'), []);
  const [v, ...rest] = t.observe(login, 3, 'desktop');
  assert.deepEqual(rest, []);
  assert.deepEqual([v.code, v.message, v.actual], ['DUPLICATE_REFERENCE_ID', 'RequestAgentLogin reuses referenceId 3 while RequestAccept 3 is still waiting for its answer', '3']);
  assert.deepEqual(t.observe(ack, 3, 'ixn'), []);
  assert.deepEqual(t.observe(accept, 3, 'desktop'), [], 'answered: the number is free again');
  // The other end's requests are another numbering.
  assert.deepEqual(t.observe(routeCall, 3, 'urs'), []);
});
