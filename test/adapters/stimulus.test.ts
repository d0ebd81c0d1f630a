import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeStimulus, parseStimulus, stimuliOf } from '../../src/adapters/stimulus.ts';

// A reject may say why: its `reason` is the ReasonInfo KV list the desktop sends as RequestReject's Reason.

test('a reject stimulus takes an optional reason, a JSON object', () => {
  assert.deepEqual(parseStimulus({ kind: 'reject' }), { kind: 'reject' });
  const withReason = { kind: 'reject', delayMs: 100, reason: { ReasonDescription: 'Busy', Reason: 12 } };
  assert.deepEqual(parseStimulus(withReason), withReason);
  assert.equal(parseStimulus({ kind: 'reject', reason: 'Busy' }), 'stimulus reject: reason must be a JSON object (a KV list)');
  assert.equal(parseStimulus({ kind: 'reject', reason: ['Busy'] }), 'stimulus reject: reason must be a JSON object (a KV list)');
  assert.equal(describeStimulus({ kind: 'reject', reason: { ReasonDescription: 'Busy' } }), 'reject invitations with reason {"ReasonDescription":"Busy"}');
});

// GenEM Registration and Disconnection and Failover: a registration with a given client type, a request
// as given, an Interaction Server that disconnects and restarts.

test('register takes an optional clientType and clientName; request a message and an optional KV list', () => {
  assert.deepEqual(parseStimulus({ kind: 'register' }), { kind: 'register' });
  assert.deepEqual(parseStimulus({ kind: 'register', clientType: 'MediaServer', clientName: '' }), { kind: 'register', clientType: 'MediaServer', clientName: '' });
  assert.equal(parseStimulus({ kind: 'register', clientType: 7 }), 'stimulus register: clientType must be a string');
  assert.equal(parseStimulus({ kind: 'request' }), 'stimulus request needs message (string)');
  assert.deepEqual(parseStimulus({ kind: 'request', message: 'RequestAgentLogin', attributes: { TenantId: 101 } }), { kind: 'request', message: 'RequestAgentLogin', attributes: { TenantId: 101 } });
  assert.equal(parseStimulus({ kind: 'request', message: 'RequestAgentLogin', attributes: [] }), 'stimulus request: attributes must be a JSON object (a KV list)');
  assert.equal(describeStimulus({ kind: 'register', clientType: 'Robot' }), 'register as client type Robot');
  assert.equal(describeStimulus({ kind: 'request', message: 'RequestAgentLogin', attributes: {} }), 'send RequestAgentLogin without attributes');
  assert.deepEqual(parseStimulus({ kind: 'restart' }), { kind: 'restart' });
});

test('an Interaction Server takes disconnect and restart, and nothing else', () => {
  assert.deepEqual(stimuliOf('InteractionServer'), ['disconnect', 'restart']);
  assert.deepEqual(stimuliOf('MediaServer'), ['submit', 'disconnect']);
});
