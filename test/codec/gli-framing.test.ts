import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeGliFrame, GliDeframer, GLI_MAX_PAYLOAD_BYTES } from '../../src/codec/gli-framing.ts';
import type { GliEvent, GliFrame, GliProblem } from '../../src/codec/gli-framing.ts';

const xml = (s: string) => Buffer.from(s, 'latin1');
const header = (type: number, length: number, version = 0x02, app = 0x00, cNull = 0x00) => Buffer.from([cNull, type, length >> 8, length & 0xff, version, app]);

/** Seeded, so a failing split is the same split on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function frames(events: GliEvent[]): { type: number; payload: string }[] {
  return events.map((e) => {
    assert.equal(e.kind, 'frame', JSON.stringify(e));
    return { type: (e as GliFrame).type, payload: (e as GliFrame).payload.toString('hex') };
  });
}

function onlyProblem(events: GliEvent[]): GliProblem {
  assert.equal(events.length, 1, JSON.stringify(events));
  assert.equal(events[0].kind, 'problem');
  return events[0] as GliProblem;
}

test('encodeGliFrame writes the 6-byte header: 00, type, length = payload + 2 big-endian, version 02, app 00', () => {
  assert.equal(encodeGliFrame(xml('<a/>')).toString('hex'), '000300060200' + xml('<a/>').toString('hex'));
  assert.equal(encodeGliFrame(Buffer.alloc(0), 0x00).toString('hex'), '000000020200');
  assert.equal(encodeGliFrame(Buffer.alloc(300, 0x41), 0x01).subarray(0, 6).toString('hex'), '0001012e0200');
});

test('encodeGliFrame takes up to 65533 payload bytes (length 0xFFFF) and refuses more or an unknown type, saying why', () => {
  assert.equal(encodeGliFrame(Buffer.alloc(GLI_MAX_PAYLOAD_BYTES)).readUInt16BE(2), 0xffff);
  assert.throws(() => encodeGliFrame(Buffer.alloc(GLI_MAX_PAYLOAD_BYTES + 1)), {
    name: 'RangeError',
    message: 'cannot frame a 65534-byte payload: a GLI frame carries at most 65533 bytes (its length field is 16 bits); send a shorter message',
  });
  assert.throws(() => encodeGliFrame(Buffer.alloc(1), 4), {
    name: 'RangeError',
    message: 'cannot frame a GLI message of type 0x04: expected 0x00–0x03 (KeepAlive Req, KeepAlive Ack, Error Ack, XML data)',
  });
});

test('a header split across chunks yields nothing until the frame is complete, then the frame', () => {
  const wire = encodeGliFrame(xml('<GctiMsg/>'));
  const d = new GliDeframer();
  for (let i = 0; i < wire.length - 1; i++) assert.deepEqual(d.push(wire.subarray(i, i + 1)), [], `after byte ${i}`);
  assert.deepEqual(frames(d.push(wire.subarray(wire.length - 1))), [{ type: 3, payload: xml('<GctiMsg/>').toString('hex') }]);
  assert.deepEqual(d.end(), [], 'nothing is left over at a frame boundary');
});

test('several frames in one chunk come out in order, keep-alives and empty payloads included', () => {
  const d = new GliDeframer();
  const wire = Buffer.concat([encodeGliFrame(Buffer.alloc(0), 0x00), encodeGliFrame(xml('<x/>')), encodeGliFrame(Buffer.alloc(0), 0x01), encodeGliFrame(xml('err'), 0x02), encodeGliFrame(xml('<y/>'))]);
  assert.deepEqual(frames(d.push(wire)), [
    { type: 0, payload: '' },
    { type: 3, payload: xml('<x/>').toString('hex') },
    { type: 1, payload: '' },
    { type: 2, payload: xml('err').toString('hex') },
    { type: 3, payload: xml('<y/>').toString('hex') },
  ]);
});

test('a frame payload is a copy: reusing the pushed chunk does not change it', () => {
  const d = new GliDeframer();
  const chunk = encodeGliFrame(xml('abc'));
  const [f] = d.push(chunk) as GliFrame[];
  chunk.fill(0x7a);
  assert.equal(f.payload.toString('latin1'), 'abc');
});

test('property: a stream of random frames split at every boundary, byte by byte or at random, gives the same frames back', () => {
  const rnd = prng(0x61d);
  const sent: { type: number; payload: string }[] = [];
  const parts: Buffer[] = [];
  for (let i = 0; i < 40; i++) {
    const type = Math.floor(rnd() * 4);
    // Lengths around the header size matter most: 0, 1, 5, 6, 7 … and a few longer ones.
    const len = i % 5 === 0 ? Math.floor(rnd() * 700) : Math.floor(rnd() * 12);
    const payload = Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * 256)));
    sent.push({ type, payload: payload.toString('hex') });
    parts.push(encodeGliFrame(payload, type));
  }
  const stream = Buffer.concat(parts);

  const read = (chunks: Buffer[]) => {
    const d = new GliDeframer();
    const out = chunks.flatMap((c) => d.push(c));
    assert.deepEqual(d.end(), []);
    return frames(out);
  };
  for (let at = 0; at <= stream.length; at++) {
    assert.deepEqual(read([stream.subarray(0, at), stream.subarray(at)]), sent, `split at byte ${at}`);
  }
  assert.deepEqual(read(Array.from(stream, (_b, i) => stream.subarray(i, i + 1))), sent, 'byte by byte');
  for (let round = 0; round < 50; round++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < stream.length; ) {
      const n = Math.min(stream.length - i, 1 + Math.floor(rnd() * 40));
      chunks.push(stream.subarray(i, i + n));
      i += n;
    }
    assert.deepEqual(read(chunks), sent, `random split round ${round}`);
  }
});

test('a wrong cNull is a fatal BAD_FRAMING problem, after the good frames before it; the deframer then stops', () => {
  const d = new GliDeframer();
  const good = encodeGliFrame(xml('<ok/>'));
  const events = d.push(Buffer.concat([good, header(0x03, 4, 0x02, 0x00, 0x01), xml('ab'), good]));
  assert.deepEqual(frames(events.slice(0, 1)), [{ type: 3, payload: xml('<ok/>').toString('hex') }]);
  const p = onlyProblem(events.slice(1));
  assert.equal(p.fatal, true);
  assert.deepEqual(
    p.violations.map(({ code, message, expected, actual }) => ({ code, message, expected, actual })),
    [{ code: 'BAD_FRAMING', message: 'GLI header byte 0 (cNull) is 0x01, expected 0x00', expected: '0x00', actual: '0x01' }],
  );
  assert.match(p.violations[0].hint ?? '', /6-byte GLI header 00 <type 00–03> .* cannot be resynchronised, so the connection is closed$/);
  assert.equal(p.size, 6 + 2 + good.length, 'the bytes that could not be framed');
  assert.deepEqual(d.push(good), [], 'nothing is read after a bad header');
  assert.deepEqual(d.end(), []);
});

test('an unknown type, a wrong version and a wrong app byte are each reported, together when several are wrong', () => {
  const codes = (h: Buffer) => onlyProblem(new GliDeframer().push(h)).violations.map((v) => v.message);
  assert.deepEqual(codes(header(0x07, 2)), ['GLI header byte 1 (message type) is 0x07, not a known type']);
  assert.deepEqual(codes(header(0x03, 2, 0x01)), ['GLI header byte 4 (GLI version) is 0x01, expected 0x02']);
  assert.deepEqual(codes(header(0x03, 2, 0x02, 0x05)), ['GLI header byte 5 (default app) is 0x05, expected 0x00']);
  assert.deepEqual(codes(header(0x09, 2, 0x03, 0x00, 0xff)), [
    'GLI header byte 0 (cNull) is 0xff, expected 0x00',
    'GLI header byte 1 (message type) is 0x09, not a known type',
    'GLI header byte 4 (GLI version) is 0x03, expected 0x02',
  ]);
  const v = onlyProblem(new GliDeframer().push(header(0x07, 2))).violations[0];
  assert.equal(v.expected, '0x00 KeepAlive Req, 0x01 KeepAlive Ack, 0x02 Error Ack or 0x03 XML data');
  assert.equal(v.actual, '0x07');
});

test('the hint names what the peer seems to speak instead: XML without the header, HTTP', () => {
  const hint = (bytes: string) => onlyProblem(new GliDeframer().push(xml(bytes))).violations[0].hint ?? '';
  assert.match(hint("<?xml version='1.0'?><GctiMsg/>"), /^the bytes look like XML sent without the GLI header: /);
  assert.match(hint('GET / HTTP/1.1\r\n\r\n'), /^the bytes look like HTTP \(a WebSocket or HTTP client\?\) sent to a tcp:\/\/ endpoint: /);
  assert.match(hint('{"protocol":"x"}'), /^the bytes look like JSON sent without the GLI header/);
});

test('the preview shows the header in hex and the rest as text', () => {
  const p = onlyProblem(new GliDeframer().push(xml('<GctiMsg>\n<CallId>')));
  assert.equal(p.preview, '3c 47 63 74 69 4d sg>.<CallId>');
});

test('a length field below 2 (no room for version and app) is fatal; exactly 2 is an empty payload', () => {
  for (const length of [0, 1]) {
    const p = onlyProblem(new GliDeframer().push(header(0x03, length)));
    assert.equal(p.fatal, true);
    assert.deepEqual(
      p.violations.map(({ code, message, expected, actual }) => ({ code, message, expected, actual })),
      [{ code: 'BAD_FRAMING', message: `GLI length field (bytes 2–3) is ${length}, too small to count the version and app bytes it covers`, expected: 'at least 2 (payload length + 2)', actual: String(length) }],
    );
  }
  assert.deepEqual(frames(new GliDeframer().push(header(0x03, 2))), [{ type: 3, payload: '' }]);
});

test('a declared payload over the limit is refused on the header alone, without allocating it', () => {
  const sizes: number[] = [];
  const B = Buffer as unknown as Record<string, (...a: unknown[]) => Buffer>;
  const originals = Object.fromEntries(['alloc', 'allocUnsafe', 'allocUnsafeSlow', 'concat'].map((k) => [k, B[k]]));
  for (const k of Object.keys(originals)) {
    B[k] = (...a: unknown[]) => {
      const out = originals[k].apply(Buffer, a);
      sizes.push(out.length);
      return out;
    };
  }
  let events: GliEvent[];
  const d = new GliDeframer({ maxFrameBytes: 1024 });
  try {
    // The header only: the refusal cannot wait for the 65533 bytes it declares.
    events = d.push(header(0x03, 0xffff));
  } finally {
    Object.assign(B, originals);
  }
  const p = onlyProblem(events);
  assert.equal(p.fatal, true);
  assert.deepEqual(p.violations, [
    {
      code: 'FRAME_TOO_LARGE',
      severity: 'error',
      message: "a GLI frame declares a 65533-byte payload (length field 65535), over this connection's 1024-byte limit; it was not read and the connection was closed",
      expected: 'a payload of at most 1024 bytes',
      actual: '65533 bytes',
      hint: "send smaller messages, or raise the connection's frame limit (maxFrameBytes)",
    },
  ]);
  assert.equal(p.size, 65539, 'the declared size, header included');
  assert.equal(p.preview, '00 03 ff ff 02 00');
  assert.ok(Math.max(0, ...sizes) < 1024, `allocated ${Math.max(...sizes)} bytes`);
  assert.deepEqual(d.push(Buffer.alloc(65533)), [], 'the payload that follows is never read');
});

test('a payload at the limit passes; the default limit (1 MiB) is above anything a 16-bit length can declare', () => {
  assert.equal(frames(new GliDeframer({ maxFrameBytes: 10 }).push(encodeGliFrame(Buffer.alloc(10))))[0].payload.length, 20);
  assert.equal(onlyProblem(new GliDeframer({ maxFrameBytes: 10 }).push(header(0x03, 13))).violations[0].code, 'FRAME_TOO_LARGE');
  assert.equal(frames(new GliDeframer().push(encodeGliFrame(Buffer.alloc(GLI_MAX_PAYLOAD_BYTES))))[0].payload.length, GLI_MAX_PAYLOAD_BYTES * 2);
});

test('a stream that ends mid-header or mid-payload gives one truncated-frame problem, not fatal (the peer ended it)', () => {
  const d1 = new GliDeframer();
  assert.deepEqual(d1.push(Buffer.from([0x00, 0x03, 0x00])), []);
  const p1 = onlyProblem(d1.end());
  assert.equal(p1.fatal, false);
  assert.equal(p1.size, 3);
  assert.equal(p1.preview, '00 03 00');
  assert.deepEqual(
    p1.violations.map(({ code, message, actual }) => ({ code, message, actual })),
    [{ code: 'BAD_FRAMING', message: 'the connection closed after 3 of the 6 header bytes of a frame', actual: '3 bytes, then the end of the stream' }],
  );
  assert.equal(p1.violations[0].expected, 'whole frames: the 6-byte GLI header, then as many payload bytes as its length field declares');
  assert.equal(p1.violations[0].hint, 'the peer closed (or was cut off) while sending a frame; every frame before it was delivered');

  const d2 = new GliDeframer();
  const wire = encodeGliFrame(xml('<GctiMsg><CallId>1</CallId></GctiMsg>'));
  assert.equal(frames(d2.push(Buffer.concat([encodeGliFrame(xml('<a/>')), wire.subarray(0, 20)]))).length, 1);
  const p2 = onlyProblem(d2.end());
  assert.equal(p2.violations[0].message, "the connection closed mid-frame: 20 of the frame's 43 bytes arrived (its header declares a 37-byte payload)");
  assert.equal(p2.size, 20);
  assert.deepEqual(d2.end(), [], 'reported once');
  assert.deepEqual(d2.push(wire), [], 'nothing is read after the end');
});
