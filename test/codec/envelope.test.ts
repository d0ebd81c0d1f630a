import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, DEFAULT_MAX_FRAME_BYTES, encodeFrame } from '../../src/codec/envelope.ts';
import type { DecodeResult, Envelope } from '../../src/codec/envelope.ts';

function bad(r: DecodeResult) {
  assert.equal(r.ok, false, 'expected a bad frame');
  return r as Extract<DecodeResult, { ok: false }>;
}
function good(r: DecodeResult) {
  assert.equal(r.ok, true, r.ok ? '' : JSON.stringify(r.violations));
  return (r as Extract<DecodeResult, { ok: true }>).envelope;
}

const accept: Envelope = { protocol: 'InteractionManagement', message: 'RequestAccept', referenceId: 7, attributes: { TicketId: 3, InteractionId: '0001' } };

test('encodeFrame writes the envelope with a fixed key order', () => {
  assert.equal(encodeFrame(accept), '{"protocol":"InteractionManagement","message":"RequestAccept","referenceId":7,"attributes":{"TicketId":3,"InteractionId":"0001"}}');
  assert.equal(encodeFrame({ protocol: 'Reporting', message: 'EventAgentLogin', attributes: {} }), '{"protocol":"Reporting","message":"EventAgentLogin","attributes":{}}');
});

test('round trip: decode(encode(envelope)) is the envelope, from a string and from a Buffer', () => {
  const nested: Envelope = { protocol: 'InteractionManagement', message: 'EventInvite', attributes: { TicketId: 1, Interaction: { InteractionId: 'é€𝄞', InteractionUserData: { List: [1, 'two'] } } } };
  for (const env of [accept, nested]) {
    assert.deepEqual(good(decodeFrame(encodeFrame(env))), env);
    assert.deepEqual(good(decodeFrame(Buffer.from(encodeFrame(env), 'utf8'))), env);
  }
});

test('an envelope without attributes decodes with empty attributes', () => {
  assert.deepEqual(good(decodeFrame('{"protocol":"InteractionManagement","message":"RequestAgentLogout","referenceId":0}')), {
    protocol: 'InteractionManagement',
    message: 'RequestAgentLogout',
    referenceId: 0,
    attributes: {},
  });
});

test('a frame that is not JSON is NOT_JSON with its size and preview', () => {
  const r = bad(decodeFrame('hello {'));
  assert.deepEqual(r.violations.map((v) => [v.code, v.severity, v.message]), [['NOT_JSON', 'error', 'frame of 7 bytes is not JSON']]);
  assert.match(r.violations[0].actual ?? '', /JSON/);
  assert.equal(r.violations[0].hint, 'send one JSON object per text frame: {"protocol": "...", "message": "...", "referenceId": n?, "attributes": {...}}');
  assert.equal(r.size, 7);
  assert.equal(r.preview, 'hello {');
});

test('the preview of a bad frame is its first 200 characters', () => {
  const r = bad(decodeFrame(`${'x'.repeat(300)}`));
  assert.equal(r.preview, 'x'.repeat(200));
  assert.equal(r.size, 300);
});

test('JSON that is not an object is NOT_ENVELOPE', () => {
  const cases: [string, string, string][] = [
    ['[1,2]', 'frame is a JSON array, not an envelope object', 'an array of 2 items (array)'],
    ['42', 'frame is a JSON number, not an envelope object', '42 (number)'],
    ['null', 'frame is a JSON null, not an envelope object', 'null (null)'],
    ['"EventAck"', 'frame is a JSON string, not an envelope object', '"EventAck" (string)'],
  ];
  for (const [frame, message, actual] of cases) {
    const r = bad(decodeFrame(frame));
    assert.deepEqual(r.violations.map((v) => [v.code, v.message, v.actual]), [['NOT_ENVELOPE', message, actual]]);
  }
});

test('a missing or empty message/protocol is NOT_ENVELOPE, every problem reported', () => {
  const r = bad(decodeFrame('{"protocol":"","attributes":{}}'));
  assert.deepEqual(r.violations.map((v) => [v.code, v.attribute, v.message]), [
    ['NOT_ENVELOPE', 'protocol', 'envelope protocol is "", expected a non-empty string'],
    ['NOT_ENVELOPE', 'message', 'envelope has no message'],
  ]);
});

test('a referenceId that is not a non-negative integer is NOT_ENVELOPE', () => {
  for (const [ref, shown] of [['"7"', '"7"'], ['-1', '-1'], ['1.5', '1.5'], ['null', 'null']]) {
    const r = bad(decodeFrame(`{"protocol":"InteractionManagement","message":"EventAck","referenceId":${ref}}`));
    assert.deepEqual(r.violations.map((v) => [v.code, v.attribute, v.message]), [
      ['NOT_ENVELOPE', 'referenceId', `envelope referenceId is ${shown}, expected a non-negative integer`],
    ]);
  }
});

test('attributes that are not an object are NOT_ENVELOPE', () => {
  const r = bad(decodeFrame('{"protocol":"InteractionManagement","message":"EventAck","attributes":[]}'));
  assert.deepEqual(r.violations.map((v) => v.message), ['envelope attributes is an empty array, expected an object']);
});

test('an unknown top-level key is NOT_ENVELOPE naming it, with a did-you-mean', () => {
  const r = bad(decodeFrame('{"protocol":"InteractionManagement","message":"EventAck","referenceID":7,"TicketId":3}'));
  assert.deepEqual(r.violations.map((v) => [v.code, v.attribute, v.message, v.hint]), [
    ['NOT_ENVELOPE', 'referenceID', 'envelope has unknown key "referenceID"', 'did you mean referenceId?'],
    ['NOT_ENVELOPE', 'TicketId', 'envelope has unknown key "TicketId"', 'an envelope has only protocol, message, referenceId, attributes; put message attributes inside "attributes"'],
  ]);
});

test('a 10 MB frame is FRAME_TOO_LARGE and is never parsed', () => {
  // Invalid JSON: had it been parsed, NOT_JSON would be reported too.
  const huge = `{${'x'.repeat(10 * 1024 * 1024)}`;
  for (const frame of [huge, Buffer.from(huge)]) {
    const r = bad(decodeFrame(frame));
    assert.deepEqual(r.violations.map((v) => [v.code, v.message]), [
      ['FRAME_TOO_LARGE', `frame of ${huge.length} bytes is over the ${DEFAULT_MAX_FRAME_BYTES}-byte limit and was not parsed`],
    ]);
    assert.equal(r.size, huge.length);
    assert.equal(r.preview, huge.slice(0, 200));
  }
});

test('the size limit counts UTF-8 bytes, not characters, and is configurable', () => {
  const env = encodeFrame({ protocol: 'Reporting', message: 'EventAgentLogin', attributes: { AgentId: '€'.repeat(40) } });
  const bytes = Buffer.byteLength(env);
  assert.ok(bytes > env.length);
  assert.equal(decodeFrame(env, { maxBytes: bytes }).ok, true);
  const r = bad(decodeFrame(env, { maxBytes: bytes - 1 }));
  assert.equal(r.violations[0].code, 'FRAME_TOO_LARGE');
  assert.equal(r.size, bytes);
});

test('a frame that is neither text nor bytes is BAD_FRAMING, never a throw', () => {
  const r = bad(decodeFrame(42 as unknown as string));
  assert.deepEqual(r.violations.map((v) => [v.code, v.message]), [['BAD_FRAMING', 'frame is 42 (number), not text']]);
});

test('ArrayBuffer and Buffer[] frames (ws binaryType variants) decode like Buffers', () => {
  const text = encodeFrame(accept);
  const buf = Buffer.from(text);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  assert.deepEqual(good(decodeFrame(ab as unknown as Buffer)), accept);
  assert.deepEqual(good(decodeFrame([buf.subarray(0, 10), buf.subarray(10)] as unknown as Buffer)), accept);
});

test('a __proto__ key is just an unknown key', () => {
  const r = bad(decodeFrame('{"protocol":"Reporting","message":"EventAgentLogin","__proto__":{"polluted":true}}'));
  assert.deepEqual(r.violations.map((v) => v.attribute), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
