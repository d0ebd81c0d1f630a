import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineBytes } from '../../src/trace/line-bytes.ts';
import { messageBound, TraceLineWriter } from '../../src/trace/line-writer.ts';
import type { TraceMessage } from '../../src/trace/types.ts';

/** A message line written as bytes is byte for byte the line as text, UTF-8 encoded. */

const names = ['IS1', 'Agent 1', 'é↔x', 'q"uote', 'back\\slash', 'tab\there', 'nl\n', '\u0001', '\ud800lone', '😀'];
const numbers = [0, 1, 9, 10, 99, 100, 12345, 2 ** 31, Number.MAX_SAFE_INTEGER, 0.001, 0.01, 0.1, 0.5, 1.25, 12.345, 12.34, 12.3, 1000.001, 2147483.647, 1.23456, -1, -0.5, 1e21, 1e-7, NaN, Infinity];

function random(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
}

test('messageInto writes the bytes of message(), whatever the strings and numbers', () => {
  const pick = random(7);
  const text = new TraceLineWriter();
  const bytes = new TraceLineWriter();
  const out = new LineBytes();
  for (let i = 0; i < 3000; i++) {
    const e = { type: 'message', seq: numbers[pick(numbers.length)], t: numbers[pick(numbers.length)], from: names[pick(3)], to: names[pick(names.length)], connection: `c${pick(4)}${pick(5) === 0 ? names[pick(names.length)] : ''}`, protocol: pick(4) === 0 ? names[pick(names.length)] : 'InteractionManagement', message: pick(3) === 0 ? names[pick(names.length)] : 'EventAck' } as TraceMessage;
    if (pick(3) === 0) e.alias = names[pick(names.length)];
    if (pick(2) === 0) e.referenceId = numbers[pick(numbers.length)];
    e.attributes = pick(2) === 0 ? {} : { Name: names[pick(names.length)], N: numbers[pick(numbers.length)], L: [1, { x: names[pick(names.length)] }] };
    if (pick(4) === 0) e.raw = names[pick(names.length)];
    e.violations = pick(5) === 0 ? [{ code: 'WRONG_TYPE', severity: 'error', message: `bad ${names[pick(names.length)]}` }] : [];
    const a = JSON.stringify(e.attributes);
    const v = e.violations.length > 0 ? JSON.stringify(e.violations) : undefined;
    const want = Buffer.from(text.message(e, a), 'utf8');
    const bound = messageBound(e, a, v);
    out.buf = Buffer.alloc(bound);
    out.pos = 0;
    bytes.messageInto(e, a, v, out);
    assert.ok(out.pos <= bound, `within its bound: ${out.pos} > ${bound}`);
    assert.equal(out.buf.subarray(0, out.pos).toString('latin1'), want.toString('latin1'), JSON.stringify(e));
  }
});

test('times and sequence numbers: the digits JSON.stringify writes', () => {
  const out = new LineBytes();
  out.buf = Buffer.alloc(64);
  for (let us = 0; us < 2_000_000; us += 997) {
    for (const n of [us, us / 1000]) {
      out.pos = 0;
      out.num(n);
      assert.equal(out.buf.toString('latin1', 0, out.pos), JSON.stringify(n));
    }
  }
});

test('numbers on either side of the 32-bit paths: the digits JSON.stringify writes', () => {
  const out = new LineBytes();
  out.buf = Buffer.alloc(64);
  const pick = random(11);
  const edges = [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 31 - 0.001, 2 ** 31 - 0.5, 999_999_999, 1_000_000_000, 4_294_967_295, 4_294_967_296, 0.999, 0.0005, 9.999, 99.9995];
  const ns = [...edges];
  for (let i = 0; i < 50_000; i++) ns.push(pick(2 ** 31) / [1, 10, 100, 1000, 7][pick(5)], pick(2 ** 31) * (1 + pick(5000)));
  for (const n of ns) {
    out.pos = 0;
    out.num(n);
    assert.equal(out.buf.toString('latin1', 0, out.pos), JSON.stringify(n), String(n));
  }
});
