import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import { validateMessage } from '../../src/catalog/validate.ts';
import type { MessageInstance, Role } from '../../src/catalog/types.ts';

const im = (message: string, attributes: Record<string, unknown>, referenceId?: number): MessageInstance => ({ protocol: 'InteractionManagement', message, referenceId, attributes });
const check = (msg: MessageInstance, ctx?: { fromRole?: Role; toRole?: Role }) => validateMessage(defaultCatalog, msg, ctx);

const invite = { TicketId: 3, Interaction: { InteractionId: '000A1', InteractionMediatype: 'email', InteractionUserData: { Subject: 'hi' } } };

test('a conforming message has no violations and resolves to its definition', () => {
  const r = check(im('EventInvite', invite), { fromRole: 'InteractionServer', toRole: 'AgentApplication' });
  assert.deepEqual(r.violations, []);
  assert.equal(r.resolved?.def.name, 'EventInvite');
  assert.equal(r.resolved?.aliasUsed, undefined);
});

test('the success path shares one frozen empty array', () => {
  const a = check(im('EventInvite', invite)).violations;
  const b = check(im('RequestAccept', { TicketId: 3, InteractionId: 'x' })).violations;
  assert.equal(a, b);
  assert.ok(Object.isFrozen(a));
});

test('attributes the catalog does not list are allowed', () => {
  assert.deepEqual(check(im('EventInvite', { ...invite, Priority: 5, Custom: { a: 1 } })).violations, []);
});

test('UNKNOWN_MESSAGE suggests the closest catalog name with its protocol', () => {
  const r = check(im('EventInvit', {}));
  assert.equal(r.resolved, undefined);
  assert.deepEqual(r.violations.map((v) => [v.code, v.severity, v.message, v.hint]), [
    ['UNKNOWN_MESSAGE', 'error', 'unknown message EventInvit in protocol InteractionManagement', 'did you mean EventInvite (Interaction Management)?'],
  ]);
});

test('UNKNOWN_MESSAGE for a message of another protocol points to that protocol', () => {
  const r = check({ protocol: 'Reporting', message: 'EventInvite', attributes: {} });
  assert.equal(r.violations[0].message, 'unknown message EventInvite in protocol Reporting');
  assert.equal(r.violations[0].hint, 'did you mean EventInvite (Interaction Management)?');
});

test('UNKNOWN_MESSAGE with nothing close lists the protocol\'s messages', () => {
  const r = check({ protocol: 'ESP', message: 'Xyzzy', attributes: {} });
  assert.equal(r.violations[0].hint, 'ESP messages are Request3rdServer, Event3rdServerResponse');
});

test('UNKNOWN_PROTOCOL suggests the protocol id', () => {
  const r = check({ protocol: 'Reportng', message: 'EventPlaceAgentState', attributes: {} });
  assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.hint]), [
    ['UNKNOWN_PROTOCOL', 'unknown protocol Reportng for message EventPlaceAgentState', 'did you mean Reporting? (EventPlaceAgentState is a message of protocol Reporting)'],
  ]);
  assert.equal(r.violations[0].expected, 'InteractionManagement | Reporting | TLibrary | ESP | IVR | StatActions');
});

test('MISSING_ATTRIBUTE names the message and the attribute path, nested ones too', () => {
  const r = check(im('EventInvite', { Interaction: { InteractionMediatype: 'email' } }));
  assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.attribute, v.hint]), [
    ['MISSING_ATTRIBUTE', 'EventInvite is missing required attribute TicketId (int)', 'TicketId', 'add TicketId to the attributes: an integer, ticket the agent quotes in RequestAccept / RequestReject'],
    ['MISSING_ATTRIBUTE', 'EventInvite is missing required attribute Interaction.InteractionId (string)', 'Interaction.InteractionId', 'add InteractionId inside Interaction: a string'],
  ]);
});

test('WRONG_TYPE names message, attribute and value, with a fix', () => {
  const r = check(im('RequestAccept', { TicketId: '12', InteractionId: 12 }));
  assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.expected, v.actual, v.hint]), [
    ['WRONG_TYPE', 'RequestAccept attribute TicketId is "12", expected an integer', 'int', '"12" (string)', 'send the number without quotes: 12'],
    ['WRONG_TYPE', 'RequestAccept attribute InteractionId is 12, expected a string', 'string', '12 (number)', 'send it as a JSON string: "12"'],
  ]);
});

test('WRONG_TYPE covers kv, bool, list, timestamp and null', () => {
  const status = check({ protocol: 'Reporting', message: 'EventCurrentAgentStatus', attributes: { AgentId: 'a', PlaceId: 'p', MediaStateList: [1], DonotDisturb: 'true' } });
  assert.deepEqual(status.violations.map((v) => v.message), [
    'EventCurrentAgentStatus attribute MediaStateList is an array of 1 item, expected a key-value object',
    'EventCurrentAgentStatus attribute DonotDisturb is "true", expected a boolean',
  ]);
  assert.equal(status.violations[1].hint, 'send true without quotes');
  const state = check({ protocol: 'Reporting', message: 'EventPlaceAgentState', attributes: { AgentId: 'a', PlaceId: 'p', MediaStateList: {}, Interactions: {} } });
  assert.deepEqual(state.violations.map((v) => v.message), ['EventPlaceAgentState attribute Interactions is an object, expected an array']);
  const login = (EventTime: unknown) => check({ protocol: 'Reporting', message: 'EventAgentLogin', attributes: { AgentId: 'a', PlaceId: 'p', EventTime } }).violations.map((v) => v.message);
  assert.deepEqual(login('2025-05-11T10:00:00.123Z'), []);
  assert.deepEqual(login(1746957600000), []);
  assert.deepEqual(login('yesterday'), ['EventAgentLogin attribute EventTime is "yesterday", expected a timestamp (ISO-8601 string or epoch milliseconds)']);
  assert.deepEqual(login(null), ['EventAgentLogin attribute EventTime is null, expected a timestamp (ISO-8601 string or epoch milliseconds)']);
});

test('WRONG_TYPE when attributes themselves are not an object', () => {
  const r = check({ protocol: 'InteractionManagement', message: 'EventAck', attributes: [] as unknown as Record<string, unknown> });
  assert.deepEqual(r.violations.map((v) => [v.code, v.message]), [['WRONG_TYPE', 'EventAck attributes are an empty array, expected a key-value object']]);
});

test('NOT_IN_ENUM lists the allowed values and suggests the closest', () => {
  const r = check(im('RequestRegisterClient', { ClientName: 'desk', ClientType: 'AgentApp' }));
  assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.expected, v.hint]), [
    [
      'NOT_IN_ENUM',
      'RequestRegisterClient attribute ClientType is "AgentApp", expected one of AgentApplication, MediaServer, ReportingEngine, Proxy',
      'AgentApplication | MediaServer | ReportingEngine | Proxy',
      'did you mean AgentApplication?',
    ],
  ]);
  const route = check({ protocol: 'TLibrary', message: 'RequestRouteCall', attributes: { InteractionId: 'i', RouteType: 'Sideways' } });
  assert.equal(route.violations[0].code, 'NOT_IN_ENUM');
  assert.match(route.violations[0].hint ?? '', /^use one of Unknown, Default, Label, /);
});

test('ALIAS_USED is info, names both spellings, and the message still validates', () => {
  const r = check(im('RequestStartPlaceAgentStateReportingAll', {}, 1), { fromRole: 'StatServer', toRole: 'InteractionServer' });
  assert.equal(r.resolved?.def.name, 'RequestStartPlaceAgentReportingAll');
  assert.equal(r.resolved?.aliasUsed, 'RequestStartPlaceAgentStateReportingAll');
  assert.deepEqual(r.violations.map((v) => [v.code, v.severity, v.message, v.expected, v.actual]), [
    [
      'ALIAS_USED',
      'info',
      'RequestStartPlaceAgentStateReportingAll is accepted as an alias of RequestStartPlaceAgentReportingAll (Interaction Management)',
      'RequestStartPlaceAgentReportingAll',
      'RequestStartPlaceAgentStateReportingAll',
    ],
  ]);
  const submitted = check({ protocol: 'Reporting', message: 'EventInteractionSubmited', attributes: {} });
  assert.deepEqual(submitted.violations.map((v) => [v.code, v.severity]), [['ALIAS_USED', 'info'], ['MISSING_ATTRIBUTE', 'error']]);
  assert.deepEqual(check({ protocol: 'Reporting', message: 'EventInteractionSubmitted', attributes: { InteractionId: 'i' } }).violations, []);
});

test('WRONG_DIRECTION says which way the message goes, and which protocol fits the observed direction', () => {
  const revoked = check(im('EventRevoked', { Interaction: { InteractionId: 'i' } }), { fromRole: 'InteractionServer', toRole: 'StatServer' });
  assert.deepEqual(revoked.violations.map((v) => [v.code, v.message, v.expected, v.actual, v.hint]), [
    [
      'WRONG_DIRECTION',
      'EventRevoked from Interaction Server to Stat Server goes the wrong way: Interaction Management EventRevoked goes from Interaction Server to Agent Application',
      'Interaction Server → Agent Application',
      'Interaction Server → Stat Server',
      'EventRevoked from Interaction Server to Stat Server is a Reporting message: set protocol to Reporting',
    ],
  ]);
  const accept = check(im('RequestAccept', { TicketId: 1, InteractionId: 'i' }), { fromRole: 'MediaServer' });
  assert.equal(accept.violations[0].message, 'RequestAccept from Media Server goes the wrong way: Interaction Management RequestAccept goes from Agent Application to Interaction Server');
  assert.equal(accept.violations[0].hint, 'no protocol has RequestAccept going from Media Server');
  assert.deepEqual(check(im('RequestAccept', { TicketId: 1, InteractionId: 'i' }), { toRole: 'InteractionServer' }).violations, []);
});

test('every violation of a message is reported, not just the first', () => {
  const r = check(
    { protocol: 'InteractionManagement', message: 'RequestStartPlaceAgentStateReportingAll', attributes: { TenantList: 'all', ProxyClientId: 1.5 } },
    { fromRole: 'AgentApplication', toRole: 'InteractionServer' },
  );
  assert.deepEqual(r.violations.map((v) => `${v.code} ${v.attribute ?? ''}`), ['ALIAS_USED ', 'WRONG_DIRECTION ', 'WRONG_TYPE TenantList', 'WRONG_TYPE ProxyClientId']);
});
