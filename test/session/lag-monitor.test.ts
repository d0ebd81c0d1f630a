import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LagWindow } from '../../src/flow/lag.ts';
import { LagMonitor } from '../../src/session/lag-monitor.ts';

/**
 * The monitor driven by hand: a fake clock and a fake timer, so each sample fires exactly when the test
 * says — how late it is, is the test's choice, not the machine's.
 */
function rig(opts: { thresholdMs?: number } = {}) {
  let now = 0;
  let due: (() => void) | undefined;
  let cancelled = 0;
  const windows: LagWindow[] = [];
  const monitor = new LagMonitor({
    now: () => now,
    record: (w) => windows.push(w),
    ...opts,
    schedule: (fn, ms) => {
      assert.equal(ms, 10);
      due = fn;
      return { cancel: () => cancelled++ };
    },
  });
  /** Moves the clock to `t` and fires the sample that was due. */
  const fireAt = (t: number) => {
    now = t;
    const fn = due;
    due = undefined;
    assert.ok(fn, `a sample is scheduled at ${t}`);
    fn();
  };
  return { monitor, windows, fireAt, setNow: (t: number) => (now = t), cancelled: () => cancelled, pending: () => due !== undefined };
}

test('samples on time record nothing; the time lost is zero', () => {
  const r = rig();
  r.monitor.start();
  for (let t = 10; t <= 500; t += 10) r.fireAt(t);
  r.monitor.stop();
  assert.deepEqual(r.windows, []);
  assert.equal(r.monitor.lost, 0);
});

test('a late sample records its window: the largest lateness, over a stretch that covers the whole stall', () => {
  const r = rig();
  r.monitor.start();
  for (let t = 10; t <= 100; t += 10) r.fireAt(t); // the first window closes at 100, nothing in it
  r.fireAt(110);
  r.fireAt(500); // due at 120: 380 ms late — the loop stalled from 120 to 500
  for (let t = 510; t <= 600; t += 10) r.fireAt(t);
  r.monitor.stop();
  assert.deepEqual(r.windows, [{ source: 'harness', from: 100, to: 500, lag: 380, period: 10 }]);
  assert.equal(r.monitor.lost, 380);
});

test('lateness under the threshold is not recorded, but still counts as time lost', () => {
  const r = rig();
  r.monitor.start();
  r.fireAt(25); // due at 10: 15 ms late
  r.fireAt(35);
  r.monitor.flush();
  assert.deepEqual(r.windows, []);
  assert.equal(r.monitor.lost, 15);
  const strict = rig({ thresholdMs: 10 });
  strict.monitor.start();
  strict.fireAt(25);
  strict.monitor.flush();
  assert.deepEqual(strict.windows, [{ source: 'harness', from: 0, to: 25, lag: 15, period: 10 }]);
});

test('flush writes the open window at once and starts another; stop writes the last one and cancels the timer', () => {
  const r = rig();
  r.monitor.start();
  r.fireAt(60); // 50 ms late
  r.setNow(70);
  r.monitor.flush();
  assert.deepEqual(r.windows, [{ source: 'harness', from: 0, to: 70, lag: 50, period: 10 }]);
  r.fireAt(100); // due at 70: 30 ms late
  r.setNow(105);
  r.monitor.stop();
  assert.deepEqual(r.windows[1], { source: 'harness', from: 70, to: 105, lag: 30, period: 10 });
  assert.equal(r.cancelled(), 1);
  // Stopped: nothing more is recorded, and flushing or stopping again does nothing.
  r.monitor.flush();
  r.monitor.stop();
  assert.equal(r.windows.length, 2);
});

test('each window keeps only its largest lateness', () => {
  const r = rig();
  r.monitor.start();
  r.fireAt(40); // 30 late
  r.fireAt(110); // 60 late: closes the window (110 ≥ 100)
  r.fireAt(145); // 25 late
  r.fireAt(155);
  r.fireAt(230); // 65 late: closes the second window
  assert.deepEqual(r.windows, [
    { source: 'harness', from: 0, to: 110, lag: 60, period: 10 },
    { source: 'harness', from: 110, to: 230, lag: 65, period: 10 },
  ]);
});

test('a session samples the harness from its start: a loop blocked for 150 ms shows in the trace as a lag note of at least 100 ms', async () => {
  const { Session } = await import('../../src/session/session.ts');
  const session = Session.create({ name: 'lag', traceFile: null });
  try {
    await new Promise((r) => setTimeout(r, 20));
    // Busy for 150 ms: the sampler, due within 10 ms, cannot fire before it ends — at least 140 ms late, however loaded the machine.
    const until = performance.now() + 150;
    while (performance.now() < until);
    await new Promise((r) => setTimeout(r, 20));
    session.recordLag();
    const notes = session.snapshot().entries.filter((e) => e.type === 'note' && e.kind === 'lag');
    const largest = Math.max(...notes.map((n) => (n.type === 'note' ? Number(n.data?.lag) : 0)));
    assert.ok(largest >= 100, `largest lag noted: ${largest} ms (${notes.length} notes)`);
    assert.ok(session.lagLost >= 100, `lost ${session.lagLost} ms`);
  } finally {
    await session.dispose();
  }
});
