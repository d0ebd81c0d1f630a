import assert from 'node:assert/strict';
import { test } from 'node:test';
import { saturation } from '../../src/load/load-run.ts';

const run = { rate: 2000, count: Infinity, limit: Infinity, agents: 500, server: { kind: 'in-process' as const } };

test('at the target (within 5 %) there is nothing to say', () => {
  assert.equal(saturation(run, 1950, 0.99, 0, 1, 0.4), undefined);
});

test('a busy event loop: the harness is the bottleneck, with the ceiling its CPU per instance gives', () => {
  const s = saturation(run, 1100, 0.98, 0, 3, 0.9)?.saturation;
  assert.equal(s, 'saturated at 1100/s (target 2000/s): the harness is the bottleneck: the reference servers run in its one process and event loop — busy 98 % of the time, 0.90 ms of its CPU per instance (one core sustains about 1111/s)');
});

test('starts held back by the agents while the harness had room: too few agents for the latency', () => {
  const s = saturation({ ...run, agents: 10 }, 500, 0.4, 120, 20, 0.3)?.saturation;
  assert.equal(s, 'saturated at 500/s (target 2000/s): the 10 agents held starts back — each instance takes 20.0 ms (p50), so 10 in flight sustain about 500/s');
  const l = saturation({ ...run, limit: 5 }, 250, 0.4, 120, 20, 0.3)?.saturation;
  assert.match(l ?? '', /the concurrency limit \(--limit 5\) held starts back/);
});

test('the harness had room and nothing held starts back: the servers (or the machine) are', () => {
  const s = saturation(run, 900, 0.5, 0, 2, 0.5)?.saturation;
  assert.match(s ?? '', /^saturated at 900\/s \(target 2000\/s\): the harness had room \(busy 50 %, 0\.50 ms of its CPU per instance \(one core sustains about 2000\/s\)\), so the participants answered slower than the rate needs — the servers or the machine is the bottleneck$/);
});
