import assert from 'node:assert/strict';
import { test } from 'node:test';
import { capParallel, checkProfileName, checkTimerNames } from '../../src/cli/run-options.ts';

test('--parallel above the core count is capped at it, with a warning; at or below, it is kept as typed', () => {
  assert.deepEqual(capParallel(2, 2), { parallel: 2 });
  assert.deepEqual(capParallel(0, 1), { parallel: 0 });
  assert.deepEqual(capParallel(64, 2), { parallel: 2, warning: '--parallel 64 is more than the 2 cores of this machine; running 2 workers' });
  assert.deepEqual(capParallel(3, 1), { parallel: 1, warning: '--parallel 3 is more than the 1 core of this machine; running 1 worker' });
});

test('a --timer a role runs or a model declares is taken; any other name is refused with the names that exist', () => {
  assert.equal(checkTimerNames({ delivering: 200 }, new Map()), undefined);
  assert.equal(checkTimerNames({ answer: 40 }, new Map([['answer', ['verdicts/timed-ack.yaml']]])), undefined);
  assert.equal(
    checkTimerNames({ answr: 40 }, new Map([['answer', ['verdicts/timed-ack.yaml']]])),
    '--timer answr=40: no model in scenarios/ declares a timer answr, and no participant runs one — did you mean answer?\n  timers: delivering (Interaction Server), registration (Interaction Server), handling (Interaction Server), answer (verdicts/timed-ack.yaml)',
  );
});

test('checkProfileName: a declared name passes; another names the profiles — one file by name, several by count', () => {
  const declared = new Map([['genem-prose', ['scenarios/a.yaml', 'scenarios/b.yaml']], ['strict', ['scenarios/a.yaml']]]);
  assert.equal(checkProfileName('strict', declared), undefined);
  assert.equal(
    checkProfileName('genem-pros', declared),
    '--profile genem-pros: no model in scenarios/ declares a profile genem-pros — did you mean genem-prose?\n  profiles: genem-prose (2 models), strict (scenarios/a.yaml); `flowcert profiles` lists them',
  );
  assert.match(checkProfileName('x', new Map())!, /profiles: none: no model in scenarios\/ declares profiles$/);
});
