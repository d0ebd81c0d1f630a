import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTED_PROFILES, DEFAULT_READINGS, describeReadings, readingsFor } from '../../src/servers/interaction-server/profiles.ts';

// What the reference Interaction Server acts out under each profile a run may choose: genem-table turns
// every table reading on, genem-prose is the default behaviour by name, any other name changes nothing.

test('genem-table acts out every table reading; genem-prose and an unknown name are the defaults', () => {
  assert.deepEqual(readingsFor('genem-table'), { routeUsedOnDelivery: true, timeoutTableOnly: true, inviterAckOnJoin: false, reportPropertiesToAgentChange: false, agentStopRevokesAgent: true });
  assert.deepEqual(readingsFor('genem-prose'), DEFAULT_READINGS);
  assert.deepEqual(readingsFor('some-other-reading'), DEFAULT_READINGS);
  assert.deepEqual(readingsFor(undefined), DEFAULT_READINGS);
  assert.deepEqual(Object.keys(ACTED_PROFILES), ['genem-table', 'genem-prose']);
});

test('the trace line names every behaviour genem-table changes, and says when a name changes nothing', () => {
  const table = describeReadings('genem-table').split('; ');
  assert.equal(table.length, 5);
  for (const part of [/^EventRouteUsed to URS as the invitation goes out/, /Invitation Times Out/, /^no EventAck to Agent 1/, /^no Reporting EventPropertiesChanged/, /Stop Processing C/]) {
    assert.ok(table.some((t) => part.test(t)), `${part} in ${table.join(' | ')}`);
  }
  assert.match(describeReadings('genem-prose'), /^its default behaviour/);
  assert.match(describeReadings('strict'), /^nothing: it has no behaviour of its own/);
});
