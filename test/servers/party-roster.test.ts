import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Interaction } from '../../src/servers/interaction-server/interactions.ts';
import { PartyRoster } from '../../src/servers/interaction-server/parties.ts';

// Who handles an interaction: the agent Deliver gave it to, replaced by a transfer, joined by a
// conference, until the last one leaves.

function handledBy(agentId: string | undefined, state: Interaction['state'] = 'handled'): Interaction {
  return { id: 'I1', mediaType: 'email', type: 'Inbound', queue: 'Inbound', userData: {}, state, agentId, announced: true, submittedBy: 'MS' };
}

test('a delivered interaction has its agent alone; a queued or delivering one has no parties', () => {
  const r = new PartyRoster();
  assert.deepEqual(r.of(handledBy('a1')), ['a1']);
  assert.deepEqual(r.of(handledBy('a1', 'delivering')), []);
  assert.deepEqual(r.of(handledBy(undefined, 'queued')), []);
  assert.equal(r.has(handledBy('a1', 'delivering'), 'a1'), false);
});

test('transfer replaces, conference adds once, and agentId follows the first party', () => {
  const r = new PartyRoster();
  const i = handledBy('a1');
  r.add(i, 'a2');
  r.add(i, 'a2');
  assert.deepEqual(r.of(i), ['a1', 'a2']);
  r.replace(i, 'a3');
  assert.deepEqual([r.of(i), i.agentId], [['a3'], 'a3']);
});

test('leaving: the others remain, the first leaving hands agentId on; the last leaving leaves none and clears agentId', () => {
  const r = new PartyRoster();
  const i = handledBy('a1');
  r.add(i, 'a2');
  assert.deepEqual(r.remove(i, 'a1'), ['a2']);
  assert.equal(i.agentId, 'a2');
  assert.deepEqual(r.remove(i, 'a2'), []);
  assert.equal(i.agentId, undefined);
  // Delivered again later, to someone else: the roster forgot the old parties.
  i.agentId = 'a4';
  assert.deepEqual(r.of(i), ['a4']);
});
