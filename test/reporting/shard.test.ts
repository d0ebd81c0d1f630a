import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byPlace, scenarioKey, shardOf } from '../../src/reporting/shard.ts';
import type { Placed } from '../../src/reporting/shard.ts';

// The shard rule: every scenario in exactly one shard, the same shard on every machine, the shards
// within one scenario of each other.

/** m scenarios over a few feature files, the way a suite lays them out. */
function suite(m: number): Placed[] {
  return Array.from({ length: m }, (_, k) => ({ uri: `features/f${k % 3}.feature`, line: 10 + 7 * k }));
}

/** A deterministic shuffle (no Math.random: a failure must be reproducible). */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('every scenario lands in exactly one shard, and the shards differ in size by at most one', () => {
  for (let m = 0; m <= 23; m++) {
    for (let n = 1; n <= 7; n++) {
      const all = suite(m);
      const shards = Array.from({ length: n }, (_, i) => shardOf(all, { index: i + 1, total: n }));
      const keys = shards.flat().map(scenarioKey);
      assert.equal(keys.length, m, `${m} scenarios in ${n} shards: ${keys.length} placed`);
      assert.equal(new Set(keys).size, m, `${m} scenarios in ${n} shards: one placed twice`);
      const sizes = shards.map((s) => s.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `${m} scenarios in ${n} shards: sizes ${sizes.join(', ')}`);
    }
  }
});

test('the same scenario goes to the same shard whatever order the scenarios come in', () => {
  const all = suite(17);
  const first = [1, 2, 3, 4].map((index) => shardOf(all, { index, total: 4 }).map(scenarioKey));
  for (const seed of [1, 7, 42, 1234]) {
    const again = [1, 2, 3, 4].map((index) => shardOf(shuffled(all, seed), { index, total: 4 }).map(scenarioKey));
    assert.deepEqual(again, first, `order of seed ${seed}`);
  }
});

test('dealt in feature-path then line order, round the shards: a feature’s scenarios are spread, not lumped', () => {
  const all: Placed[] = [
    { uri: 'features/b.feature', line: 3 },
    { uri: 'features/a.feature', line: 30 },
    { uri: 'features/a.feature', line: 4 },
    { uri: 'features/a.feature', line: 12 },
    { uri: 'features/B.feature', line: 9 },
  ];
  // Code-unit order: "B" (0x42) before "a" (0x61), on every machine, whatever its locale says.
  assert.deepEqual([...all].sort(byPlace).map(scenarioKey), ['features/B.feature:9', 'features/a.feature:4', 'features/a.feature:12', 'features/a.feature:30', 'features/b.feature:3']);
  assert.deepEqual(shardOf(all, { index: 1, total: 2 }).map(scenarioKey), ['features/B.feature:9', 'features/a.feature:12', 'features/b.feature:3']);
  assert.deepEqual(shardOf(all, { index: 2, total: 2 }).map(scenarioKey), ['features/a.feature:4', 'features/a.feature:30']);
});

test('a feature path with Windows separators is dealt and named as the same path with slashes', () => {
  const linux: Placed[] = [{ uri: 'features/sub/x.feature', line: 3 }, { uri: 'features/sub-a.feature', line: 5 }, { uri: 'features/subA.feature', line: 1 }];
  const windows = linux.map((s) => ({ ...s, uri: s.uri.split('/').join('\\') }));
  for (const index of [1, 2]) assert.deepEqual(shardOf(windows, { index, total: 2 }).map(scenarioKey), shardOf(linux, { index, total: 2 }).map(scenarioKey));
});

test('more shards than scenarios: the last shards are empty', () => {
  const all = suite(2);
  assert.deepEqual([1, 2, 3, 4].map((index) => shardOf(all, { index, total: 4 }).length), [1, 1, 0, 0]);
});
