import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, defaultCatalog } from '../../src/catalog/catalog.ts';
import { checkDefinitions } from '../../src/catalog/check-definitions.ts';
import { ROLE_LABELS } from '../../src/catalog/types.ts';
import type { MessageDef } from '../../src/catalog/types.ts';

const names = (protocol: string) =>
  defaultCatalog
    .all()
    .filter((d) => d.protocol === protocol)
    .map((d) => d.name)
    .sort();

test('the catalog holds exactly the messages of the conformance-core models', () => {
  assert.deepEqual(
    names('InteractionManagement'),
    [
      'EventAck', 'EventCurrentAgentStatus', 'EventError', 'EventInvite', 'EventPartyAdded', 'EventPartyRemoved',
      'EventPropertiesChanged', 'EventPulledInteractions', 'EventRevoked', 'EventWorkbinContent', 'EventWorkbinContentChanged', 'RequestAccept',
      'RequestAddMedia', 'RequestAgentAvailable', 'RequestAgentLogin', 'RequestAgentLogout', 'RequestAgentNotAvailable', 'RequestCancelNotReadyForMedia', 'RequestCancelWorkbinNotifications',
      'RequestChangeProperties', 'RequestConference', 'RequestDoNotDisturbOff', 'RequestDoNotDisturbOn', 'RequestGetWorkbinContent', 'RequestIntrude', 'RequestLeaveInteraction', 'RequestNotReadyForMedia', 'RequestPlaceInQueue',
      'RequestPlaceInWorkbin', 'RequestPull', 'RequestRegisterClient', 'RequestReject', 'RequestRemoveMedia', 'RequestStartPlaceAgentReportingAll', 'RequestStopProcessing',
      'RequestSubmit', 'RequestTransfer', 'RequestWorkbinNotifications',
    ],
  );
  assert.deepEqual(
    names('Reporting'),
    [
      'EventAgentInvited', 'EventAgentLogin', 'EventAgentLogout', 'EventCurrentAgentStatus', 'EventDoNotDisturbOff', 'EventDoNotDisturbOn', 'EventExternalServiceRequested', 'EventExternalServiceResponded',
      'EventInteractionSubmitted', 'EventMediaAdded', 'EventMediaRemoved', 'EventNotReadyForMedia', 'EventPartyAdded', 'EventPartyRemoved', 'EventPlaceAgentState', 'EventPlacedInQueue', 'EventPlacedInWorkbin',
      'EventProcessingStopped', 'EventPropertiesChanged', 'EventReadyForMedia', 'EventRejected', 'EventRevoked', 'EventTakenFromQueue', 'EventTakenFromWorkbin',
    ],
  );
  assert.deepEqual(names('TLibrary'), [
    'EventAbandoned', 'EventAddressInfo', 'EventAgentLogin', 'EventAgentLogout', 'EventAgentNotReady', 'EventAgentReady',
    'EventAttachedDataChanged', 'EventDialing', 'EventError', 'EventEstablished', 'EventLinkConnected', 'EventLinkDisconnected',
    'EventPrivateInfo', 'EventRegistered', 'EventReleased', 'EventRinging', 'EventRouteRequest', 'EventRouteUsed', 'EventUnregistered',
    'RequestAgentLogin', 'RequestAgentLogout', 'RequestAgentNotReady', 'RequestAgentReady', 'RequestAnswerCall', 'RequestMakeCall',
    'RequestPrivateService', 'RequestQueryAddress', 'RequestRegisterAddress', 'RequestReleaseCall', 'RequestRouteCall',
    'RequestUnregisterAddress', 'RequestUpdateUserData',
  ]);
  assert.deepEqual(names('ESP'), ['Event3rdServerResponse', 'Request3rdServer']);
  // flowcert's own, not a Genesys protocol (stat-actions.ts).
  assert.deepEqual(names('StatActions'), ['ActionEnded', 'ActionOccurred', 'ActionRecorded', 'ActionStarted']);
});

test('every catalog entry is well-formed: known roles, existing responses, unique names and aliases', () => {
  assert.deepEqual(checkDefinitions(defaultCatalog.all()), []);
  const seen = new Set<string>();
  const aliases = new Set<string>();
  for (const d of defaultCatalog.all()) {
    const key = `${d.protocol}:${d.name}`;
    assert.ok(!seen.has(key), `${key} twice`);
    seen.add(key);
    for (const r of [...d.senders, ...d.receivers]) assert.ok(r in ROLE_LABELS, `${key}: role ${r}`);
    for (const r of d.responses ?? []) assert.ok(defaultCatalog.get(d.protocol, r), `${key}: response ${r}`);
    for (const a of d.aliases ?? []) {
      assert.ok(!aliases.has(`${d.protocol}:${a}`), `alias ${a} twice`);
      aliases.add(`${d.protocol}:${a}`);
      assert.equal(defaultCatalog.names().includes(a), false, `alias ${a} is a canonical name`);
    }
    assert.ok(d.source.length > 0 && d.description.length > 0, `${key} documents its source`);
  }
});

// GenEM's substitutions on the T-Library face (reference §1.1): EventRouteUsed answers RequestRouteCall,
// EventAttachedDataChanged RequestUpdateUserData (in place of EventAck); ESP answers with Event3rdServerResponse;
// and a content answer stands in place of EventAck for these (Agent Pulls Interaction, Workbin Operations).
const ANSWERS: Record<string, readonly string[]> = {
  RequestRouteCall: ['EventRouteUsed', 'EventError'],
  RequestUpdateUserData: ['EventAttachedDataChanged', 'EventError'],
  RequestPrivateService: ['EventPrivateInfo', 'EventError'],
  Request3rdServer: ['Event3rdServerResponse'],
  RequestPull: ['EventPulledInteractions', 'EventError'],
  RequestGetWorkbinContent: ['EventWorkbinContent', 'EventError'],
  // IVR XML (protocols/ivr.ts): agent control is answered by MonitorInfo's Agent subtype, user data by UDataResp.
  AgentControl: ['MonitorInfo', 'CallError'],
  UDataSet: ['UDataResp', 'CallError'],
  UDataGet: ['UDataResp', 'CallError'],
  // A T-Server answers each request with its own event (reference §2.18, §3.5; GenEM AgentStateDNEvents).
  'TLibrary:RequestRegisterAddress': ['EventRegistered', 'EventError'],
  'TLibrary:RequestUnregisterAddress': ['EventUnregistered', 'EventError'],
  'TLibrary:RequestAgentLogin': ['EventAgentLogin', 'EventError'],
  'TLibrary:RequestAgentLogout': ['EventAgentLogout', 'EventError'],
  'TLibrary:RequestAgentReady': ['EventAgentReady', 'EventError'],
  'TLibrary:RequestAgentNotReady': ['EventAgentNotReady', 'EventError'],
  'TLibrary:RequestQueryAddress': ['EventAddressInfo', 'EventError'],
  'TLibrary:RequestMakeCall': ['EventDialing', 'EventError'],
  'TLibrary:RequestAnswerCall': ['EventEstablished', 'EventError'],
  'TLibrary:RequestReleaseCall': ['EventReleased', 'EventError'],
};
// IVR XML requests paired by the GctiMsg CallId their answer echoes, not by a request id (protocols/ivr.ts).
const CALL_ID_PAIRED = new Set(['IVR:LoginReq', 'IVR:RouteRequest']);

test('every request is answered by EventAck/EventError (Interaction Management) or its documented substitute (a content answer, T-Library, ESP)', () => {
  for (const d of defaultCatalog.all().filter((x) => x.kind === 'request')) {
    if (CALL_ID_PAIRED.has(`${d.protocol}:${d.name}`)) {
      assert.equal(d.pairing, 'none', d.name);
      continue;
    }
    assert.equal(d.pairing, 'request', d.name);
    assert.deepEqual([...(d.responses ?? [])], ANSWERS[`${d.protocol}:${d.name}`] ?? ANSWERS[d.name] ?? ['EventAck', 'EventError'], `${d.protocol}:${d.name}`);
  }
});

const base: MessageDef = {
  protocol: 'InteractionManagement',
  name: 'RequestThing',
  kind: 'request',
  senders: ['AgentApplication'],
  receivers: ['InteractionServer'],
  pairing: 'request',
  responses: ['EventThingDone'],
  attributes: {},
  description: 'test',
  source: 'test',
};
const answer: MessageDef = { ...base, name: 'EventThingDone', kind: 'event', senders: ['InteractionServer'], receivers: ['AgentApplication'], pairing: 'response', responses: undefined };

test('checkDefinitions names every malformation, and the constructor refuses them', () => {
  const bad: MessageDef[] = [
    { ...base, responses: ['EventMissing'], senders: ['Agent' as never] },
    answer,
    { ...answer },
    { ...answer, name: 'EventOther', aliases: ['RequestThing'], attributes: { X: { type: 'str' as never, required: true }, Y: { type: 'string', required: false, enum: [1] } } },
  ];
  assert.deepEqual(checkDefinitions(bad), [
    'InteractionManagement:EventThingDone is defined twice',
    'InteractionManagement:RequestThing: unknown role Agent',
    'InteractionManagement:RequestThing: response EventMissing is not in the catalog',
    'InteractionManagement:EventOther: alias RequestThing is also a canonical message name',
    'InteractionManagement:EventOther: attribute X has unknown type str',
    'InteractionManagement:EventOther: attribute Y enum values do not match its type string',
  ]);
  assert.throws(() => new Catalog(bad), /^Error: invalid protocol catalog:\n {2}InteractionManagement:EventThingDone is defined twice\n/);
});

test('checkDefinitions refuses a response that does not go back the way the request came', () => {
  const oneWay: MessageDef = { ...answer, receivers: ['MediaServer'] };
  assert.deepEqual(checkDefinitions([base, oneWay]), [
    'InteractionManagement:RequestThing: response EventThingDone is not received by AgentApplication, which sends the request',
  ]);
});

test('get() finds canonical names and aliases, and says which alias was used', () => {
  const canonical = defaultCatalog.get('InteractionManagement', 'RequestStartPlaceAgentReportingAll');
  const alias = defaultCatalog.get('InteractionManagement', 'RequestStartPlaceAgentStateReportingAll');
  assert.equal(canonical?.aliasUsed, undefined);
  assert.equal(alias?.aliasUsed, 'RequestStartPlaceAgentStateReportingAll');
  assert.equal(alias?.def, canonical?.def);
  assert.equal(defaultCatalog.get('Reporting', 'EventInteractionSubmited')?.def.name, 'EventInteractionSubmitted');
  assert.equal(defaultCatalog.get('Reporting', 'EventInvite'), undefined);
  assert.equal(defaultCatalog.get('Nope', 'EventInvite'), undefined);
});

test('byName() spans protocols', () => {
  assert.deepEqual(defaultCatalog.byName('EventRevoked').map((r) => r.def.protocol).sort(), ['InteractionManagement', 'Reporting']);
  assert.deepEqual(defaultCatalog.byName('EventError').map((r) => r.def.protocol).sort(), ['InteractionManagement', 'TLibrary']);
  assert.deepEqual(defaultCatalog.byName('EventInteractionSubmited').map((r) => r.aliasUsed), ['EventInteractionSubmited']);
  assert.deepEqual(defaultCatalog.byName('EventInvit'), []);
});

test('resolve() narrows a name by direction', () => {
  const protocolOf = (name: string, opts: Parameters<Catalog['resolve']>[1]) => defaultCatalog.resolve(name, opts).map((r) => r.def.protocol);
  assert.deepEqual(protocolOf('EventRevoked', { from: 'InteractionServer', to: 'AgentApplication' }), ['InteractionManagement']);
  assert.deepEqual(protocolOf('EventRevoked', { from: 'InteractionServer', to: 'StatServer' }), ['Reporting']);
  assert.deepEqual(protocolOf('EventError', { from: 'InteractionServer', to: 'URS' }), ['TLibrary']);
  assert.deepEqual(protocolOf('EventError', { from: 'InteractionServer', to: 'MediaServer' }), ['InteractionManagement']);
  assert.deepEqual(protocolOf('EventCurrentAgentStatus', { from: 'StatServer' }), ['Reporting']);
  // Toward the agent application in both forms: Reporting (seed 000's table) and Interaction Management (reference §1.4).
  assert.deepEqual(protocolOf('EventCurrentAgentStatus', { from: 'InteractionServer', to: 'AgentApplication' }).sort(), ['InteractionManagement', 'Reporting']);
  assert.deepEqual(protocolOf('EventCurrentAgentStatus', { from: 'StatServer', to: 'InteractionServer' }), ['Reporting']);
  assert.deepEqual(protocolOf('EventCurrentAgentStatus', { from: 'AgentApplication' }), []);
  assert.deepEqual(protocolOf('EventRevoked', { protocol: 'Reporting' }), ['Reporting']);
  assert.deepEqual(protocolOf('EventInvite', { from: 'AgentApplication' }), []);
  assert.deepEqual(protocolOf('RequestStartPlaceAgentStateReportingAll', { from: 'StatServer', to: 'InteractionServer' }), ['InteractionManagement']);
});

test('names() lists each canonical name once; isProtocol() knows the wire ids', () => {
  const all = defaultCatalog.names();
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.includes('EventRevoked') && !all.includes('EventInteractionSubmited'));
  assert.equal(defaultCatalog.isProtocol('TLibrary'), true);
  assert.equal(defaultCatalog.isProtocol('T-Library'), false);
  assert.equal(defaultCatalog.isProtocol('toString'), false);
});

test('describe() and suggest() name the protocols, for did-you-mean hints', () => {
  assert.equal(defaultCatalog.describe('EventRevoked'), 'EventRevoked (Interaction Management, Reporting)');
  assert.equal(defaultCatalog.suggest('EventInvit'), 'did you mean EventInvite (Interaction Management)?');
  assert.equal(defaultCatalog.suggest('EventRouteUsd'), 'did you mean EventRouteUsed (T-Library)?');
  assert.equal(defaultCatalog.suggest('Xyzzy'), undefined);
});
