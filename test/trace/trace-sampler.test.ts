import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interactionOf, TraceSampler } from '../../src/trace/trace-sampler.ts';

test('every n-th interaction, in the order they first appear, with the answers to its requests', () => {
  const s = new TraceSampler(2);
  const msg = (connection: string, attributes: Record<string, unknown>, referenceId?: number) => s.keep({ connection, attributes, ...(referenceId !== undefined ? { referenceId } : {}) });
  assert.equal(msg('m', {}, 1), false, 'a RequestSubmit names no interaction yet');
  assert.equal(msg('m', { InteractionId: 'A' }, 1), true, 'the first interaction to appear is sampled');
  assert.equal(msg('m', { InteractionId: 'B' }, 2), false);
  assert.equal(msg('a', { Interaction: { InteractionId: 'C' } }), true, 'EventInvite names it inside Interaction');
  assert.equal(msg('u', { InteractionId: 'A' }, 7), true);
  assert.equal(msg('u', {}, 7), true, 'the EventAck to a kept request');
  assert.equal(msg('m', {}, 2), false, 'the EventAck to a request of an unsampled interaction');
  assert.equal(msg('u', { AgentId: 'Agent1' }), false, 'a message of no interaction, answering nothing kept');
  assert.equal(msg('m', { InteractionId: 'B' }), false, 'decided once per interaction');
  assert.throws(() => new TraceSampler(0), /whole number of at least 1/);
  assert.equal(interactionOf({ InteractionId: 5 }), undefined);
});
