import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, Redactor } from '../../src/secrets/redactor.ts';

test('every occurrence goes, in every form a secret is written in: as is, JSON-escaped, URL-encoded', () => {
  const r = new Redactor(['s3cr"et/+ x', 'tok-123456']);
  assert.equal(r.text('a tok-123456 b tok-123456'), `a ${REDACTED} b ${REDACTED}`);
  assert.equal(r.text(JSON.stringify({ v: 's3cr"et/+ x' })), `{"v":"${REDACTED}"}`);
  assert.equal(r.text(`ws://h/?k=${encodeURIComponent('s3cr"et/+ x')}`), `ws://h/?k=${REDACTED}`);
  assert.equal(r.text(`ws://h/?${new URLSearchParams({ k: 's3cr"et/+ x' })}`), `ws://h/?k=${REDACTED}`);
});

test('the longest secret first: one inside another goes with it, leaving nothing of the longer', () => {
  const r = new Redactor(['abcd', 'xxabcdyy']);
  assert.equal(r.text('1 xxabcdyy 2 abcd'), `1 ${REDACTED} 2 ${REDACTED}`);
});

test('values too short to be secrets are ignored, and a redactor without secrets changes nothing', () => {
  const r = new Redactor(['abc', 'true', '', 'long-enough']);
  assert.equal(r.size, 1);
  assert.equal(r.text('abc true long-enough'), `abc true ${REDACTED}`);
  const none = new Redactor([]);
  assert.ok(none.isEmpty);
  const v = { a: ['x'] };
  assert.equal(none.value(v), v);
});

test('a value is redacted deep — strings, keys, numbers equal to a secret — and returned as is when it holds none', () => {
  const r = new Redactor(['s3cret-1', '123456']);
  const clean = { a: 1, b: [{ c: 'x s3cret-1 y' }], 's3cret-1': true, pin: 123456, other: 1234567, ok: false };
  assert.deepEqual(r.value(clean), { a: 1, b: [{ c: `x ${REDACTED} y` }], [REDACTED]: true, pin: REDACTED, other: 1234567, ok: false });
  const untouched = { a: 1, b: ['nothing here'] };
  assert.equal(r.value(untouched), untouched);
});

test('where text was cut short, the piece of a secret beside the cut goes too: before and after …, at a cut end or start', () => {
  const r = new Redactor(['abcdefghijkl']);
  assert.equal(r.text('"xx abcdefg…"'), `"xx ${REDACTED}…"`);
  assert.equal(r.text('…ghijkl rest'), `…${REDACTED} rest`);
  assert.equal(r.text('preview ends abcdef', { cutAtEnd: true }), `preview ends ${REDACTED}`);
  assert.equal(r.text('hijkl and on', { cutAtStart: true }), `${REDACTED} and on`);
  // Three characters tell nothing: left alone.
  assert.equal(r.text('ends abc…'), 'ends abc…');
  // Not cut: a prefix is just text.
  assert.equal(r.text('ends abcdef'), 'ends abcdef');
});
