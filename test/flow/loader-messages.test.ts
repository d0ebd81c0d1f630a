import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../../src/catalog/catalog.ts';
import type { MessageDef } from '../../src/catalog/types.ts';
import type { Diagnostic } from '../../src/diagnostic/diagnostic.ts';
import { parseModel } from '../../src/flow/loader.ts';
import type { MessageStep } from '../../src/flow/model.ts';
import { load, report, withSteps } from './loader-fixture.ts';

const RTYPES = 'Unknown, Default, Label, OverwriteDNIS, DDD, IDDD, Direct, Reject, Announcement, PostFeature, DirectAgent, Priority, DirectPriority, AgentID, CallDisconnect';

test('an unknown message name gets a did-you-mean with its protocol', () => {
  assert.deepEqual(report(withSteps('- { from: ixn, to: agent, message: EventInvit }')), [
    'm.yaml:19:42 error FLOW_UNKNOWN_MESSAGE unknown message EventInvit\n    expected: a message name of the catalog\n    hint: did you mean EventInvite (Interaction Management)?',
  ]);
  assert.deepEqual(report(withSteps('- { from: agent, to: ixn, message: Foo }')), ['m.yaml:19:42 error FLOW_UNKNOWN_MESSAGE unknown message Foo\n    expected: a message name of the catalog']);
});

test('a message in the wrong direction says who sends it to whom, and suggests swapping when that fits', () => {
  assert.deepEqual(report(withSteps('- { from: agent, to: ixn, message: EventInvite }')), [
    'm.yaml:19:42 error FLOW_WRONG_DIRECTION EventInvite goes from Interaction Server to Agent Application, not from Agent Application to Interaction Server\n    expected: from Interaction Server to Agent Application\n    hint: swap from and to',
  ]);
  assert.deepEqual(report(withSteps('- { from: ixn, to: urs, message: EventRevoked }')), [
    'm.yaml:19:40 error FLOW_WRONG_DIRECTION EventRevoked goes from Interaction Server to Agent Application (Interaction Management) or from Interaction Server to Stat Server (Reporting), not from Interaction Server to URS\n    expected: from Interaction Server to Agent Application (Interaction Management) or from Interaction Server to Stat Server (Reporting)\n    hint: check the roles of the participants in from and to',
  ]);
});

test('a protocol that does not have the message, and an unknown protocol', () => {
  assert.deepEqual(report(withSteps('- { from: ixn, to: agent, message: EventRevoked, protocol: TLibrary }')), [
    'm.yaml:19:66 error FLOW_WRONG_PROTOCOL EventRevoked is not a T-Library message\n    expected: protocol: InteractionManagement or protocol: Reporting\n    hint: EventRevoked is in Interaction Management and Reporting',
  ]);
  assert.deepEqual(report(withSteps('- { from: ixn, to: stat, message: EventPartyAdded, protocol: Reportng }')), [
    'm.yaml:19:68 error FLOW_UNKNOWN_PROTOCOL unknown protocol Reportng\n    expected: one of InteractionManagement, Reporting, TLibrary, ESP, IVR, StatActions\n    hint: did you mean Reporting?',
  ]);
});

test('protocol: accepts the id and the label', () => {
  for (const p of ['Reporting', 'InteractionManagement', 'Interaction Management']) {
    const r = load(withSteps(`- { from: ixn, to: agent, message: EventRevoked, protocol: ${p} }`));
    if (p === 'Reporting') {
      assert.equal(r.diagnostics[0].code, 'FLOW_WRONG_DIRECTION', 'the Reporting EventRevoked goes to Stat Server');
    } else {
      assert.deepEqual(r.diagnostics, []);
      assert.equal((r.model!.phases.p.body.steps[0] as MessageStep).protocol, 'InteractionManagement');
    }
  }
});

test('a name that exists in two protocols in the same direction asks for protocol:', () => {
  // The fixture's head declares participants these steps do not use; that warning is not under test here.
  const steps = (r: { diagnostics: Diagnostic[] }) => r.diagnostics.filter((d) => d.code !== 'FLOW_PARTICIPANT_UNUSED');
  const twice = (protocol: MessageDef['protocol']): MessageDef => ({
    protocol,
    name: 'EventThing',
    kind: 'event',
    senders: ['InteractionServer'],
    receivers: ['StatServer'],
    attributes: {},
    pairing: 'none',
    description: 'test',
    source: 'test',
  });
  const catalog = new Catalog([twice('InteractionManagement'), twice('Reporting')]);
  const text = withSteps('- { from: ixn, to: stat, message: EventThing }');
  assert.deepEqual(
    steps(parseModel(text, 'm.yaml', { catalog })).map((d) => [d.code, d.message, d.expected, d.hint]),
    [
      [
        'FLOW_AMBIGUOUS_MESSAGE',
        'EventThing from Interaction Server to Stat Server exists in Interaction Management and Reporting',
        'protocol: InteractionManagement or protocol: Reporting',
        'add protocol: to the step to say which one',
      ],
    ],
  );
  const withProtocol = parseModel(withSteps('- { from: ixn, to: stat, message: EventThing, protocol: Reporting }'), 'm.yaml', { catalog });
  assert.deepEqual(steps(withProtocol), []);
  const extra = parseModel(withSteps('- { from: ixn, to: stat, message: EventThing, protocol: Reporting, attributes: { X: 1 } }'), 'm.yaml', { catalog });
  assert.deepEqual(
    steps(extra).map((d) => [d.code, d.message, d.expected, d.hint]),
    [
      [
        'FLOW_UNKNOWN_ATTRIBUTE',
        'EventThing has no attribute X in the catalog',
        'no attributes are listed here',
        'Genesys servers send attributes the catalog does not list; keep it if the server sends it',
      ],
    ],
  );
});

test('an attribute the catalog does not list is a warning with a did-you-mean; the model still loads', () => {
  const r = load(withSteps('- { from: ixn, to: agent, message: EventInvite, attributes: { TickedId: 5, Vendor: x } }'));
  assert.deepEqual(r.diagnostics.map((d) => `${d.location!.line}:${d.location!.col} ${d.severity} ${d.code} ${d.message} | ${d.expected} | ${d.hint}`), [
    '19:69 warning FLOW_UNKNOWN_ATTRIBUTE EventInvite has no attribute TickedId in the catalog | one of TicketId, Interaction, ProxyClientId | did you mean TicketId?',
    '19:82 warning FLOW_UNKNOWN_ATTRIBUTE EventInvite has no attribute Vendor in the catalog | one of TicketId, Interaction, ProxyClientId | Genesys servers send attributes the catalog does not list; keep it if the server sends it',
  ]);
  assert.ok(r.model);
});

test('nested key-value lists are checked against the catalog fields, $exact ones too', () => {
  assert.deepEqual(report(withSteps('- { from: ixn, to: agent, message: EventInvite, attributes: { Interaction: { InteractonId: x, InteractionId: 5 } } }')), [
    'm.yaml:19:84 warning FLOW_UNKNOWN_ATTRIBUTE EventInvite has no attribute Interaction.InteractonId in the catalog\n    expected: one of InteractionId, InteractionMediatype, InteractionType, InteractionSubtype, InteractionQueue, InteractionUserData\n    hint: did you mean InteractionId?',
    'm.yaml:19:116 error FLOW_ATTRIBUTE_TYPE Interaction.InteractionId of EventInvite is text, found the number 5\n    expected: text\n    hint: quote it: "5"',
  ]);
  assert.deepEqual(report(withSteps('- { from: ixn, to: agent, message: EventInvite, attributes: { Interaction: { $exact: { InteractionId: 5 } } } }')), [
    'm.yaml:19:109 error FLOW_ATTRIBUTE_TYPE Interaction.InteractionId of EventInvite is text, found the number 5\n    expected: text\n    hint: quote it: "5"',
  ]);
});

test('an exact value of the wrong type is an error that says how to write it', () => {
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { InteractionId: 1001, AgentId: true } }')), [
    'm.yaml:19:87 error FLOW_ATTRIBUTE_TYPE InteractionId of RequestRouteCall is text, found the number 1001\n    expected: text\n    hint: quote it: "1001"',
    'm.yaml:19:102 error FLOW_ATTRIBUTE_TYPE AgentId of RequestRouteCall is text, found true\n    expected: text\n    hint: quote it: "true"',
  ]);
  assert.deepEqual(report(withSteps('- { from: agent, to: ixn, message: RequestAccept, attributes: { TicketId: "7" } }')), [
    'm.yaml:19:81 error FLOW_ATTRIBUTE_TYPE TicketId of RequestAccept is a whole number, found text "7"\n    expected: a whole number\n    hint: remove the quotes: 7',
  ]);
  assert.deepEqual(report(withSteps('- { from: ixn, to: agent, message: EventInvite, referenceId: abc }')), [
    'm.yaml:19:68 error FLOW_ATTRIBUTE_TYPE referenceId of EventInvite is a whole number, found text "abc"\n    expected: a whole number',
  ]);
});

test('a matcher that cannot fit the attribute type is an error', () => {
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { InteractionId: { $min: 1 } } }')), [
    'm.yaml:19:87 error FLOW_ATTRIBUTE_TYPE InteractionId of RequestRouteCall is text, found a numeric range\n    expected: text',
  ]);
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { UserData: { $regex: a } } }')), [
    'm.yaml:19:82 error FLOW_ATTRIBUTE_TYPE UserData of RequestRouteCall is a key-value list, found a regular expression\n    expected: a key-value list',
  ]);
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { InteractionId: { $exact: { a: 1 } } } }')), [
    'm.yaml:19:87 error FLOW_ATTRIBUTE_TYPE InteractionId of RequestRouteCall is text, found a nested mapping\n    expected: text',
  ]);
});

test('a value outside the attribute enum is an error, exact or inside $oneOf', () => {
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { RouteType: Agent } }')), [
    `m.yaml:19:83 error FLOW_ATTRIBUTE_ENUM RouteType of RequestRouteCall must be one of ${RTYPES}, found text "Agent"\n    expected: one of ${RTYPES}\n    hint: did you mean AgentID or DirectAgent?`,
  ]);
  assert.deepEqual(report(withSteps('- { from: urs, to: ixn, message: RequestRouteCall, attributes: { RouteType: { $oneOf: [Default, Lable] } } }')), [
    `m.yaml:19:103 error FLOW_ATTRIBUTE_ENUM RouteType of RequestRouteCall must be one of ${RTYPES}, found text "Lable"\n    expected: one of ${RTYPES}\n    hint: did you mean Label?`,
  ]);
});
