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

// The stimuli of Submit, Stop Processing, Change Properties and Invoke Autoresponse, as a SUT gets them on the control channel.

test('submit takes without (a list of attribute names) and mayBeRefused (true or false)', () => {
  const s = { kind: 'submit', mediaType: 'email', queue: 'Inbound', without: ['MediaType'], mayBeRefused: true };
  assert.deepEqual(parseStimulus(s), s);
  assert.equal(parseStimulus({ kind: 'submit', mediaType: 'email', queue: 'Inbound', mayBeRefused: 'yes' }), 'stimulus submit: mayBeRefused must be true or false');
  assert.equal(parseStimulus({ kind: 'submit', mediaType: 'email', queue: 'Inbound', without: 'MediaType' }), 'stimulus submit: without must be a list of strings');
  assert.equal(describeStimulus({ kind: 'submit', mediaType: 'email', queue: 'Inbound', without: ['MediaType'] }), 'submit a email interaction to queue Inbound without MediaType');
});

test('stop-processing, change-properties, reconnect and invoke-service parse and read as what they ask', () => {
  assert.equal(parseStimulus({ kind: 'stop-processing' }), 'stimulus stop-processing needs interaction (string)');
  assert.deepEqual(parseStimulus({ kind: 'stop-processing', interaction: 'A', reason: { ReasonDescription: 'spam' } }), { kind: 'stop-processing', interaction: 'A', reason: { ReasonDescription: 'spam' } });
  assert.equal(parseStimulus({ kind: 'change-properties', interaction: 'A', deleted: 'Subject' }), 'stimulus change-properties: deleted must be a list of strings');
  assert.equal(
    describeStimulus({ kind: 'change-properties', interaction: 'A', changed: { Subject: 'x' }, deleted: ['Priority'] }),
    'change the properties of interaction A: changing {"Subject":"x"}, deleting Priority',
  );
  assert.equal(parseStimulus({ kind: 'reconnect', register: 0 }), 'stimulus reconnect: register must be true or false');
  assert.equal(describeStimulus({ kind: 'reconnect', register: false }), 'reconnect without registering');
  assert.equal(describeStimulus({ kind: 'reconnect', extension: { event_properties_changed: 1 } }), 'reconnect and register with extension {"event_properties_changed":1}');
  assert.equal(parseStimulus({ kind: 'invoke-service', interaction: 'A', server: 'E-mail Server', service: 'email' }), 'stimulus invoke-service needs method (string)');
  assert.equal(describeStimulus({ kind: 'invoke-service', interaction: 'A', server: 'E-mail Server', service: 'email', method: 'Autoresponse' }), 'ask E-mail Server for email.Autoresponse on interaction A');
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

test('an Interaction Server takes disconnect, restart and configure-workbin, and nothing else', () => {
  assert.deepEqual(stimuliOf('InteractionServer'), ['disconnect', 'restart', 'configure-workbin']);
  assert.deepEqual(stimuliOf('MediaServer'), ['submit', 'stop-processing', 'change-properties', 'reconnect', 'disconnect']);
});
