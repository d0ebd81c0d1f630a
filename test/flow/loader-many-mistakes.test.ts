import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModel } from '../../src/flow/loader.ts';

/** One model with a mistake of nearly every kind; line numbers on the left for reading the assertions. */
const FILE = [
  /*  1 */ 'model: Many mistakes',
  /*  2 */ 'participant: {}',
  /*  3 */ 'participants:',
  /*  4 */ '  urs: { role: URS }',
  /*  5 */ '  ixn: { role: Interaction Server }',
  /*  6 */ '  agent: { role: AgentApp }',
  /*  7 */ '  stat: { role: Reporting Engine }',
  /*  8 */ 'timers:',
  /*  9 */ '  delivering: 30s',
  /* 10 */ 'unexpected: sometimes',
  /* 11 */ 'correlate: [interaction, tiket]',
  /* 12 */ 'phases:',
  /* 13 */ '  urs-requests-delivery:',
  /* 14 */ '    title: URS Requests Delivery',
  /* 15 */ '    steps:',
  /* 16 */ '      - { id: route, from: urs, to: ixm, message: RequestRouteCall, attributes: { InteractionId: $interaction } }',
  /* 17 */ '      - { from: ixn, to: stat, message: EventAgentInvite }',
  /* 18 */ '      - { from: urs, to: ixn, message: EventInvite }',
  /* 19 */ '      - { id: route, from: ixn, to: stat, message: EventRevoked, protocol: TLibrary }',
  /* 20 */ '      - id: invite',
  /* 21 */ '        from: ixn',
  /* 22 */ '        to: agent',
  /* 23 */ '        message: EventInvite',
  /* 24 */ '        attributes: { TickedId: 5, TicketId: $ticket, ProxyClientId: abc, Interaction: { InteractionId: { $regex: "(" } } }',
  /* 25 */ '  agent-accepts-delivery:',
  /* 26 */ '    titel: Agent Accepts Delivery',
  /* 27 */ '    steps:',
  /* 28 */ '      - { from: agent, to: ixn, message: RequestAccept, attributes: { TicketId: { $min: 5, $max: 1 }, InteractionId: { $regx: a } } }',
  /* 29 */ '      - { from: ixn, to: urs, message: EventRouteUsed, within: -5 }',
  /* 30 */ '      - { from: ixn, to: agent, message: EventRevoked, after: { timer: deliverng, since: invit } }',
  /* 31 */ '      - one-of:',
  /* 32 */ '          - [ { from: agent, to: ixn, message: RequestReject } ]',
  /* 33 */ '      - any-order: []',
  /* 34 */ '      - { from: agent, to: ixn, message: RequestAccept, wihtin: 5 }',
  /* 35 */ '      - for-each: server',
  /* 36 */ '        in: servers',
  /* 37 */ '        steps:',
  /* 38 */ '          - { from: $srv, to: ixn, message: RequestAccept }',
  /* 39 */ '      - never: { from: ixn, to: agent, message: EventRevoked, attributes: { Interaction: { InteractionId: $interaction } } }',
  /* 40 */ '        window: { timer: delivering, margn: 500 }',
  /* 41 */ 'variants:',
  /* 42 */ '  accept: { phases: [urs-requests-delivery, agent-accept-delivery] }',
  /* 43 */ '  reject: { phases: [], unexpected: fail }',
].join('\n');

test('one file with many mistakes: every one is reported, in file order, at its line:col', () => {
  const r = parseModel(FILE, 'many.yaml');
  assert.equal(r.model, undefined);
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.location!.line}:${d.location!.col} ${d.severity} ${d.code} ${d.message}`),
    [
      '2:1 error FLOW_UNKNOWN_KEY unknown key participant in the file',
      '6:18 error FLOW_UNKNOWN_ROLE unknown role AgentApp',
      '9:15 error FLOW_BAD_TIMING timer delivering must be a positive number of milliseconds, found text "30s"',
      '10:13 error FLOW_BAD_VALUE unexpected must be one of ignore, fail, found text "sometimes"',
      '11:26 error FLOW_UNCAPTURED_CORRELATE correlate names tiket, which no message step captures',
      '16:37 error FLOW_UNKNOWN_PARTICIPANT unknown participant ixm',
      '17:41 error FLOW_UNKNOWN_MESSAGE unknown message EventAgentInvite',
      '18:40 error FLOW_WRONG_DIRECTION EventInvite goes from Interaction Server to Agent Application, not from URS to Interaction Server',
      '19:15 error FLOW_DUPLICATE_STEP_ID duplicate step id route',
      '19:76 error FLOW_WRONG_PROTOCOL EventRevoked is not a T-Library message',
      '24:23 warning FLOW_UNKNOWN_ATTRIBUTE EventInvite has no attribute TickedId in the catalog',
      '24:70 error FLOW_ATTRIBUTE_TYPE ProxyClientId of EventInvite is a whole number, found text "abc"',
      '24:115 error FLOW_BAD_REGEX $regex does not compile: Invalid regular expression: /(/: Unterminated group',
      '26:5 error FLOW_UNKNOWN_KEY unknown key titel in phase agent-accepts-delivery',
      '28:81 error FLOW_BAD_RANGE $min 5 is greater than $max 1',
      '28:120 error FLOW_BAD_MATCHER unknown matcher $regx',
      '29:64 error FLOW_BAD_TIMING within must be a positive number of milliseconds, found the number -5',
      '30:72 error FLOW_UNKNOWN_TIMER unknown timer deliverng',
      '30:90 error FLOW_UNKNOWN_STEP unknown step id invit',
      '32:11 error FLOW_ONE_OF_TOO_FEW one-of needs at least two alternatives, found 1',
      '33:20 error FLOW_EMPTY_STEPS any-order is an empty list',
      '34:57 error FLOW_UNKNOWN_KEY unknown key wihtin in a message step',
      '36:13 error FLOW_UNKNOWN_PARAM unknown param servers',
      '38:21 error FLOW_UNKNOWN_VARIABLE $srv is not a for-each variable here',
      '40:38 error FLOW_UNKNOWN_KEY unknown key margn in window',
      '42:45 error FLOW_UNKNOWN_PHASE unknown phase agent-accept-delivery',
      '43:21 error FLOW_EMPTY variant reject lists no phase',
    ],
  );
});

test('the many-mistakes file: each typo gets the did-you-mean a reader needs', () => {
  const hints = parseModel(FILE, 'many.yaml')
    .diagnostics.filter((d) => d.hint?.startsWith('did you mean'))
    .map((d) => `${d.location!.line}: ${d.hint}`);
  assert.deepEqual(hints, [
    '2: did you mean participants?',
    '6: did you mean AgentApplication?',
    '11: did you mean ticket?',
    '16: did you mean ixn?',
    '17: did you mean EventAgentInvited (Reporting) or EventAgentLogin (Reporting, T-Library)?',
    '24: did you mean TicketId?',
    '26: did you mean title?',
    '28: did you mean $regex?',
    '30: did you mean delivering?',
    '30: did you mean invite?',
    '34: did you mean within?',
    '40: did you mean margin?',
    '42: did you mean agent-accepts-delivery?',
  ]);
});

test('the many-mistakes file: every diagnostic says what was expected', () => {
  const r = parseModel(FILE, 'many.yaml');
  assert.deepEqual(
    r.diagnostics.filter((d) => !d.expected).map((d) => d.code),
    [],
  );
  assert.ok(r.diagnostics.every((d) => d.location?.file === 'many.yaml'));
});
