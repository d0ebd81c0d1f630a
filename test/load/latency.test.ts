import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Latency } from '../../src/load/latency.ts';

const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) <= expected * 0.002 + 0.001, `${actual} is not within 0.2 % of ${expected}`);

test('percentiles of a known spread, in ms, within the histogram precision (3 significant digits)', () => {
  const l = new Latency();
  for (let i = 1; i <= 1000; i++) l.record(i / 10); // 0.1 … 100 ms
  const s = l.summary();
  assert.equal(s.count, 1000);
  near(s.p50, 50);
  near(s.p90, 90);
  near(s.p99, 99);
  near(s.p999, 99.9);
  near(s.max, 100);
  near(s.mean, 50.05);
});

test('one slow outlier shows in the max and p99.9, not in the median', () => {
  const l = new Latency();
  for (let i = 0; i < 999; i++) l.record(1);
  l.record(2000);
  const s = l.summary();
  near(s.p50, 1);
  near(s.p99, 1);
  near(s.max, 2000);
  near(s.p999, 1);
});

test('an empty histogram summarises to zeros, and a negative latency counts as 0 rather than vanishing', () => {
  assert.deepEqual(new Latency().summary(), { count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  const l = new Latency();
  l.record(-0.5);
  assert.equal(l.summary().count, 1);
  assert.equal(l.summary().max, 0);
});
