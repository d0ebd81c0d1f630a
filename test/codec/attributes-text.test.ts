import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributesText } from '../../src/codec/attributes-text.ts';
import { decodeFrame, encodeFrame } from '../../src/codec/envelope.ts';
import { jsonEnvelopeCodec } from '../../src/codec/wire-codec.ts';

const envOf = (frame: string) => {
  const r = decodeFrame(frame);
  assert.ok(r.ok);
  return r.envelope;
};

test('another key order gives the text too, whitespace inside the attributes included', () => {
  for (const frame of ['{"message":"M","protocol":"P","attributes":{"a": [1, {"b":"}"}]}}', '{"referenceId":1,"protocol":"P","message":"M","attributes":{ "a" : 1 }}']) {
    const env = envOf(frame);
    const text = attributesText(frame, env);
    assert.ok(text !== undefined, frame);
    assert.deepEqual(JSON.parse(text), env.attributes);
  }
});

test('a frame in the encoder layout gives its attributes text, which parses back to the same attributes', () => {
  for (const attributes of [{}, { a: 1 }, { s: 'x}y{"]', n: [1, [2, { z: '\\"' }]], e: 'é\u2194' }, { nested: { attributes: { a: 1 } } }]) {
    for (const referenceId of [undefined, 0, 42]) {
      const frame = encodeFrame({ protocol: 'InteractionManagement', message: 'RequestX', ...(referenceId !== undefined ? { referenceId } : {}), attributes });
      const text = attributesText(frame, envOf(frame));
      assert.equal(text, JSON.stringify(attributes));
      assert.deepEqual(JSON.parse(text!), attributes);
    }
  }
});

test('any other layout gives undefined (the caller stringifies)', () => {
  const others = [
    '{"protocol": "P", "message": "M", "attributes": {"a": 1}}',
    '{"attributes":{"a":1},"protocol":"P","message":"M"}',
    '{"protocol":"P","message":"M","attributes":{"a":1},"referenceId":1}',
    '{"protocol":"P","message":"M"}',
    '{"protocol":"P","message":"M","attributes":{"a":1} }',
    '{"protocol":"P","message":"M","attributes":{"a":\n1}}',
    '{"protocol":"P","message":"M","attributes":{"a":[1,\r\n2],"b":"x"}}',
    '{"protocol":"P","message":"M","attributes":{\t"a":1}}',
  ];
  for (const frame of others) assert.equal(attributesText(frame, envOf(frame)), undefined, frame);
});

test('a key repeated after the attributes is refused: the parsed attributes are the last ones, not the text after the prefix', () => {
  const frame = '{"protocol":"P","message":"M","attributes":{"a":1},"attributes":{"b":2}}';
  const env = envOf(frame);
  assert.deepEqual(env.attributes, { b: 2 });
  assert.equal(attributesText(frame, env), undefined);
  const again = '{"protocol":"P","message":"M","attributes":{"a":"}"},"protocol":"P"}';
  assert.equal(attributesText(again, envOf(again)), undefined);
});

test('the JSON codec points at the text of a frame it decoded', () => {
  const frame = encodeFrame({ protocol: 'P', message: 'M', referenceId: 3, attributes: { x: [1, 2] } });
  const r = jsonEnvelopeCodec.decode(frame, 1 << 20);
  assert.ok(r.ok);
  assert.equal(jsonEnvelopeCodec.attributesText?.(frame, r.envelope), '{"x":[1,2]}');
  assert.equal(jsonEnvelopeCodec.attributesText?.(Buffer.from(frame), r.envelope), undefined);
});
