import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CorrelationValues } from '../../src/flow/correlation-values.ts';
import { PendingRequests } from '../../src/flow/pending-requests.ts';

// Correlation values and pending requests are held by the values themselves, no key string made: the
// same values must still be the same, and different ones different.

test('a correlation value is held by type and value: 1 is not "1", -0 is 0, objects by their JSON', () => {
  const v = new CorrelationValues(2);
  assert.equal(v.link(0, 1, 7), true);
  assert.equal(v.get(0, 1), 7);
  assert.equal(v.get(0, '1'), undefined);
  assert.equal(v.get(1, 1), undefined, 'each capture name has its own values');
  assert.equal(v.link(0, 0, 8), true);
  assert.equal(v.get(0, -0), 8);
  assert.equal(v.link(0, { a: [1, 2] }, 9), true);
  assert.equal(v.get(0, { a: [1, 2] }), 9);
  assert.equal(v.get(0, '{"a":[1,2]}'), undefined, 'an object is not its JSON text');
  assert.equal(v.link(0, 1, 10), false, 'a value keeps the instance it had');
  assert.equal(v.get(0, 1), 7);
});

test('a pending request is found by connection, sender and referenceId; the latest wins', () => {
  const p = new PendingRequests();
  p.set('Agent1<->IS1', 'Agent1', 5, 3);
  p.set('Agent2<->IS1', 'Agent2', 5, 4);
  assert.equal(p.get('Agent1<->IS1', 'Agent1', 5), 3);
  assert.equal(p.get('Agent2<->IS1', 'Agent2', 5), 4);
  assert.equal(p.get('Agent1<->IS1', 'IS1', 5), -1, 'a request the other end sent');
  assert.equal(p.get('Agent1<->IS1', 'Agent1', 6), -1);
  p.set('Agent1<->IS1', 'Agent1', 5, 11);
  assert.equal(p.get('Agent1<->IS1', 'Agent1', 5), 11);
});
