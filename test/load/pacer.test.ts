import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pacer } from '../../src/load/pacer.ts';

/** Starts everything due at `ms`, as the driver does. */
function startDue(p: Pacer, ms: number): number {
  const n = p.due(ms);
  for (let i = 0; i < n; i++) p.start();
  return n;
}

test('the rate is a schedule: instance n is due at n / rate seconds, and a late tick catches up', () => {
  const p = new Pacer({ rate: 100, limit: Infinity, count: Infinity });
  assert.equal(startDue(p, 0), 1);
  assert.equal(startDue(p, 5), 0);
  assert.equal(startDue(p, 10), 1);
  assert.equal(p.nextDueMs(), 20);
  // 300 ms late: every instance due by then starts at once, so the long-run rate holds.
  assert.equal(startDue(p, 310), 30);
  assert.equal(p.counts.started, 32);
});

test('the concurrency limit holds starts back until instances finish, and says it did', () => {
  const p = new Pacer({ rate: 1000, limit: 3, count: Infinity });
  assert.equal(startDue(p, 100), 3);
  assert.equal(p.counts.heldByLimit, 98);
  assert.equal(startDue(p, 100), 0);
  p.finish();
  assert.equal(startDue(p, 100), 1);
  assert.equal(p.counts.inFlight, 3);
});

test('the total caps the run, and nothing is due after it', () => {
  const p = new Pacer({ rate: 1000, limit: Infinity, count: 5 });
  assert.equal(startDue(p, 1000), 5);
  assert.equal(p.done, true);
  assert.equal(p.nextDueMs(), undefined);
  assert.equal(startDue(p, 5000), 0);
});

test('a rate, limit or count that cannot be run is refused', () => {
  assert.throws(() => new Pacer({ rate: 0, limit: 1, count: 1 }), /rate must be above 0/);
  assert.throws(() => new Pacer({ rate: 1, limit: 0, count: 1 }), /limit must be 1 or more/);
  assert.throws(() => new Pacer({ rate: 1, limit: 1, count: 0 }), /count must be 1 or more/);
});

test('a ramp climbs from 0 to the rate: due times follow the area under the climbing rate, then the full rate', () => {
  // 1000/s reached after 1 s: by t ms, 1000 * t² / 2 s² are due (plus the first, at 0).
  const p = new Pacer({ rate: 1000, limit: Infinity, count: Infinity, rampMs: 1000 });
  assert.equal(p.targetAt(0), 0);
  assert.equal(p.targetAt(500), 500);
  assert.equal(p.targetAt(2000), 1000);
  assert.equal(startDue(p, 0), 1);
  assert.equal(startDue(p, 100), 5); // 1000 * 0.1² / 2 = 5 → 6 due by 100 ms
  assert.equal(p.counts.started, 6);
  assert.ok(Math.abs(p.nextDueMs()! - Math.sqrt(2 * 1000 * 6)) < 1e-9);
  assert.equal(startDue(p, 1000), 501 - 6); // half the rate's second by the ramp's end
  assert.equal(startDue(p, 2000), 1000); // then the full rate
  assert.equal(p.nextDueMs(), 1501 + 500);
  // Each due time, asked of due(), counts its own instance: the schedule and its inverse agree.
  const q = new Pacer({ rate: 300, limit: Infinity, count: Infinity, rampMs: 700 });
  for (let i = 0; i < 500; i++) {
    const at = q.nextDueMs()!;
    assert.equal(q.due(at), 1, `instance ${i} due at ${at}`);
    q.start();
  }
});
