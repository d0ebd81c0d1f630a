import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { redactAttachment } from '../../src/cucumber/redact-attachment.ts';
import { Redactor } from '../../src/secrets/redactor.ts';

// What the World attaches goes out without secrets, and still reads as what it is.

const r = new Redactor(['s3cret-xyz', '987654']);

test('text is redacted as text; a Buffer of text stays a Buffer', () => {
  assert.equal(redactAttachment(r, 'out | token s3cret-xyz\n', 'text/plain'), 'out | token [secret]\n');
  const svg = redactAttachment(r, Buffer.from('<svg><text>s3cret-xyz</text></svg>'), 'image/svg+xml');
  assert.ok(Buffer.isBuffer(svg));
  assert.equal(svg.toString(), '<svg><text>[secret]</text></svg>');
});

test('JSON is redacted value by value: a numeric secret does not turn the document into something else', () => {
  const body = JSON.stringify({ verdict: 'error', reason: 'pin 987654 and s3cret-xyz', pin: 987654, count: 1987654 });
  const out = redactAttachment(r, body, 'application/vnd.flowcert.verdict+json') as string;
  assert.deepEqual(JSON.parse(out), { verdict: 'error', reason: 'pin [secret] and [secret]', pin: '[secret]', count: 1987654 });
  assert.equal(redactAttachment(r, '{"a":1}', 'application/json'), '{"a":1}');
});

test('ndjson line by line; binary data and streams are passed as they are', () => {
  assert.equal(redactAttachment(r, '{"t":"s3cret-xyz"}\n{"n":987654}\n', 'application/x-ndjson'), '{"t":"[secret]"}\n{"n":"[secret]"}\n');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe]);
  assert.equal(redactAttachment(r, png, 'image/png'), png);
  const stream = Readable.from(['x']);
  assert.equal(redactAttachment(r, stream, 'text/plain'), stream);
});
