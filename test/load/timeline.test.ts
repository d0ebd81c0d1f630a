import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Timeline } from '../../src/load/timeline.ts';

test('whole seconds: the target at each middle, completions, and the p99 of the invites in it', () => {
  const t = new Timeline((ms) => ms); // a ramp: the target is the elapsed ms
  for (let i = 0; i < 100; i++) t.invite(1000 + i, i === 99 ? 50 : 1);
  t.completed(10);
  t.completed(1500);
  t.completed(2500); // in the partial last second: left out
  const s = t.seconds(2600);
  assert.deepEqual(s, [
    { second: 0, target: 500, completed: 1, inviteP99: 0 },
    { second: 1, target: 1500, completed: 1, inviteP99: 1 },
  ]);
});

test('the knee is the first of two seconds in a row that miss the rate or the latency bar', () => {
  const sec = (second: number, target: number, completed: number, inviteP99: number) => ({ second, target, completed, inviteP99 });
  const kept = [sec(0, 100, 10, 1), sec(1, 200, 200, 2), sec(2, 300, 299, 3)];
  assert.equal(Timeline.knee(kept, 20), undefined, 'the first second is never a miss for its rate; one slow second alone is no knee');
  const once = [...kept, sec(3, 400, 300, 4), sec(4, 500, 500, 5)];
  assert.equal(Timeline.knee(once, 20), undefined);
  const fell = [...kept, sec(3, 400, 300, 4), sec(4, 500, 380, 5)];
  assert.deepEqual(Timeline.knee(fell, 20), { second: 3, target: 400, completed: 300, inviteP99: 4, why: '300 completed < 95 % of 400' });
  const slow = [...kept, sec(3, 400, 400, 25), sec(4, 500, 500, 30)];
  assert.deepEqual(Timeline.knee(slow, 20)?.why, 'p99 invite 25.0 ms > 20 ms');
});
