import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import { ReferenceTracker } from '../../src/catalog/reference-tracker.ts';
import { encodeFrame } from '../../src/codec/envelope.ts';
import type { Envelope } from '../../src/codec/envelope.ts';
import { FrameReader } from '../../src/codec/frame-reader.ts';
import type { ReadFrame } from '../../src/codec/frame-reader.ts';

const DESKTOP = { sender: 'desktop', fromRole: 'AgentApplication', toRole: 'InteractionServer' } as const;
const IXN_TO_DESKTOP = { sender: 'ixn', fromRole: 'InteractionServer', toRole: 'AgentApplication' } as const;

const frame = (message: string, attributes: Record<string, unknown>, referenceId?: number, protocol = 'InteractionManagement') =>
  encodeFrame({ protocol, message, referenceId, attributes } as Envelope);

function message(r: ReadFrame) {
  assert.equal(r.kind, 'message', JSON.stringify(r));
  return r as Extract<ReadFrame, { kind: 'message' }>;
}

test('a conforming request and its answer read cleanly, paired on the connection', () => {
  const reader = new FrameReader({});
  const req = message(reader.read(frame('RequestAccept', { TicketId: 3, InteractionId: '0001' }, 1), DESKTOP));
  assert.equal(req.canonical, 'RequestAccept');
  assert.equal(req.alias, undefined);
  assert.deepEqual(req.violations, []);
  assert.deepEqual(req.envelope.attributes, { TicketId: 3, InteractionId: '0001' });
  assert.deepEqual(message(reader.read(Buffer.from(frame('EventAck', {}, 1)), IXN_TO_DESKTOP)).violations, []);
});

test('an unpaired response and attribute problems are reported together', () => {
  const reader = new FrameReader({});
  const r = message(reader.read(frame('EventError', { ErrorCode: 'x' }, 4), IXN_TO_DESKTOP));
  assert.deepEqual(r.violations.map((v) => v.code), ['WRONG_TYPE', 'UNMATCHED_RESPONSE']);
});

test('a second response to one request is caught on the same connection', () => {
  const reader = new FrameReader({});
  reader.read(frame('RequestReject', { TicketId: 3, InteractionId: '0001' }, 2), DESKTOP);
  assert.deepEqual(message(reader.read(frame('EventAck', {}, 2), IXN_TO_DESKTOP)).violations, []);
  assert.deepEqual(
    message(reader.read(frame('EventAck', {}, 2), IXN_TO_DESKTOP)).violations.map((v) => v.message),
    ['EventAck answers referenceId 2, but RequestReject 2 was already answered by EventAck'],
  );
});

test('each reader is one connection: pairing does not leak between readers', () => {
  const a = new FrameReader({});
  const b = new FrameReader({});
  a.read(frame('RequestAgentLogout', {}, 1), DESKTOP);
  assert.deepEqual(message(b.read(frame('EventAck', {}, 1), IXN_TO_DESKTOP)).violations.map((v) => v.code), ['UNMATCHED_RESPONSE']);
});

test('a shared tracker pairs requests sent on the connection with answers read from it', () => {
  const tracker = new ReferenceTracker();
  const reader = new FrameReader({ tracker });
  // The transport records what it sends through the same tracker.
  const routeCall = defaultCatalog.get('TLibrary', 'RequestRouteCall')?.def;
  assert.ok(routeCall);
  assert.deepEqual(tracker.observe(routeCall, 6, 'local'), []);
  const used = reader.read(frame('EventRouteUsed', { InteractionId: 'i' }, 6, 'TLibrary'), { sender: 'remote', fromRole: 'InteractionServer', toRole: 'URS' });
  assert.deepEqual(message(used).violations, []);
  assert.equal(reader.tracker, tracker);
});

test('an alias reads as its canonical name, with the wire spelling kept', () => {
  const reader = new FrameReader({});
  const r = message(reader.read(frame('RequestStartPlaceAgentStateReportingAll', {}, 1), { sender: 'stat', fromRole: 'StatServer', toRole: 'InteractionServer' }));
  assert.equal(r.canonical, 'RequestStartPlaceAgentReportingAll');
  assert.equal(r.alias, 'RequestStartPlaceAgentStateReportingAll');
  assert.equal(r.envelope.message, 'RequestStartPlaceAgentStateReportingAll');
  assert.deepEqual(r.violations.map((v) => [v.code, v.severity]), [['ALIAS_USED', 'info']]);
  const ack = message(reader.read(frame('EventAck', {}, 1), { sender: 'ixn', fromRole: 'InteractionServer', toRole: 'StatServer' }));
  assert.deepEqual(ack.violations, []);
});

test('an unknown message is a message with UNKNOWN_MESSAGE, named as received', () => {
  const r = message(new FrameReader({}).read(frame('EventInvit', { TicketId: 1 }), IXN_TO_DESKTOP));
  assert.equal(r.canonical, 'EventInvit');
  assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.hint]), [
    ['UNKNOWN_MESSAGE', 'unknown message EventInvit in protocol InteractionManagement', 'did you mean EventInvite (Interaction Management)?'],
  ]);
});

test('bad frames come back as bad-frame, never as a throw', () => {
  const reader = new FrameReader({ maxBytes: 64 });
  const cases: [string | Buffer, string][] = [
    ['not json', 'NOT_JSON'],
    ['[]', 'NOT_ENVELOPE'],
    [Buffer.from('{"message":"EventAck"}'), 'NOT_ENVELOPE'],
    [frame('EventInvite', { TicketId: 1, Interaction: { InteractionId: 'x'.repeat(64) } }), 'FRAME_TOO_LARGE'],
  ];
  for (const [f, code] of cases) {
    const r = reader.read(f, IXN_TO_DESKTOP);
    assert.equal(r.kind, 'bad-frame');
    assert.deepEqual(r.violations.map((v) => v.code), [code]);
  }
  const big = reader.read('x'.repeat(300), IXN_TO_DESKTOP);
  assert.ok(big.kind === 'bad-frame' && big.size === 300 && big.preview === 'x'.repeat(200));
});
