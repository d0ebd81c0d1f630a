import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../src/cucumber/duration.ts';

test('durations as scenario writers say them, in milliseconds', () => {
  assert.equal(parseDuration('300 ms'), 300);
  assert.equal(parseDuration('2 seconds'), 2000);
  assert.equal(parseDuration('1 second'), 1000);
  assert.equal(parseDuration('1.5 s'), 1500);
  assert.equal(parseDuration('1 minute'), 60000);
  assert.equal(parseDuration('250ms'), 250);
});

test('anything else is refused with an example of what works', () => {
  assert.throws(() => parseDuration('2 fortnights'), { message: 'not a duration: 2 fortnights (say e.g. 500 ms, 2 seconds, 1 minute)' });
});
