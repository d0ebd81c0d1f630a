import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TSERVER_CONFIG, parseTServerConfig } from '../../../src/servers/t-server/config.ts';

test('a configuration with every key is taken as given', () => {
  const r = parseTServerConfig({ dns: [{ dn: '100', type: 'Extension' }, { dn: '200', type: 'RoutingPoint', agentState: 'unknown' }], agents: ['a1'], afterLogin: 'Ready' });
  assert.ok(r.ok);
  assert.deepEqual(r.config, { dns: [{ dn: '100', type: 'Extension' }, { dn: '200', type: 'RoutingPoint', agentState: 'unknown' }], agents: ['a1'], afterLogin: 'Ready' });
});

test('absent keys take the defaults: the small switch, agents 1001–1003, NotReady after login', () => {
  const r = parseTServerConfig({});
  assert.ok(r.ok);
  assert.deepEqual(r.config, DEFAULT_TSERVER_CONFIG);
  assert.equal(r.config.afterLogin, 'NotReady');
});

test('every problem is reported at once, each with its path and what was expected', () => {
  const r = parseTServerConfig({ dns: [{ dn: 7001, type: 'Extension' }, { dn: 'x', type: 'Phone' }, { dn: 'x', type: 'Extension' }, 'nope'], agents: [1], afterLogin: 'Busy', extra: 1 });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual(r.problems.map((p) => p.path), ['extra', 'dns[0].dn', 'dns[1].type', 'dns[2].dn', 'dns[3]', 'agents', 'afterLogin']);
  assert.equal(r.problems[1].hint, 'quote it: dn: "7001"');
  assert.match(r.problems[2].expected, /Extension, ACDPosition, RoutingPoint, VoiceTreatmentPort/);
  assert.equal(r.problems[6].expected, 'Ready or NotReady');
});

test('a configuration that is not a mapping is one problem, not a crash', () => {
  for (const v of [null, 3, 'x', []]) {
    const r = parseTServerConfig(v);
    assert.equal(r.ok, false);
  }
});
