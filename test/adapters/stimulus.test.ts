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

// Transfer, conference and leave name the interaction; the target agent's place is optional, a leave's reason a KV list.
test('transfer, conference and leave stimuli: their arguments checked as the control channel gets them, and how they read', () => {
  assert.deepEqual(parseStimulus({ kind: 'transfer', interaction: 'I1', agent: 'Agent2' }), { kind: 'transfer', interaction: 'I1', agent: 'Agent2' });
  assert.equal(parseStimulus({ kind: 'transfer', agent: 'Agent2' }), 'stimulus transfer needs interaction (string)');
  assert.equal(parseStimulus({ kind: 'conference', interaction: 'I1', agent: 'Agent2', place: 7 }), 'stimulus conference: place must be a string');
  assert.equal(parseStimulus({ kind: 'leave', interaction: 'I1', reason: 'done' }), 'stimulus leave: reason must be a JSON object (a KV list)');
  assert.equal(describeStimulus({ kind: 'transfer', interaction: 'I1', agent: 'Agent2', place: 'Place2' }), 'transfer interaction I1 to agent Agent2 at place Place2');
  assert.equal(describeStimulus({ kind: 'conference', interaction: 'I1', agent: 'Agent2' }), 'conference agent Agent2 into interaction I1');
  assert.equal(describeStimulus({ kind: 'leave', interaction: 'I1' }), 'leave interaction I1');
});
