import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStimulus, parseStimulus } from '../../src/adapters/stimulus.ts';

// A reject may say why: its `reason` is the ReasonInfo KV list the desktop sends as RequestReject's Reason.

test('a reject stimulus takes an optional reason, a JSON object', () => {
  assert.deepEqual(parseStimulus({ kind: 'reject' }), { kind: 'reject' });
  const withReason = { kind: 'reject', delayMs: 100, reason: { ReasonDescription: 'Busy', Reason: 12 } };
  assert.deepEqual(parseStimulus(withReason), withReason);
  assert.equal(parseStimulus({ kind: 'reject', reason: 'Busy' }), 'stimulus reject: reason must be a JSON object (a KV list)');
  assert.equal(parseStimulus({ kind: 'reject', reason: ['Busy'] }), 'stimulus reject: reason must be a JSON object (a KV list)');
  assert.equal(describeStimulus({ kind: 'reject', reason: { ReasonDescription: 'Busy' } }), 'reject invitations with reason {"ReasonDescription":"Busy"}');
});
