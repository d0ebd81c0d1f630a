import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentStates } from '../../../src/servers/t-server/agent-state.ts';
import { TServerError } from '../../../src/servers/t-server/errors.ts';

const DNS = [{ dn: '7001' }, { dn: '7002' }, { dn: '7009', agentState: 'unknown' as const }];

function code(f: () => unknown): number {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof TServerError, String(err));
    return err.code;
  }
  assert.fail('no TServerError');
}

test('a login answers EventAgentLogin and is always followed by the state the switch is configured with', () => {
  for (const after of ['Ready', 'NotReady'] as const) {
    const s = new AgentStates(DNS, after, ['1001']);
    const events = s.login('7001', { agentId: '1001', queue: '9000' });
    assert.deepEqual(events.map((e) => [e.message, e.answers]), [['EventAgentLogin', true], [`EventAgent${after}`, false]]);
    assert.deepEqual(s.get('7001'), { status: after, agentId: '1001', queue: '9000' });
  }
});

test('ready, not ready, logout move the state; each answers its request', () => {
  const s = new AgentStates(DNS, 'NotReady');
  s.login('7001', { agentId: '1001' });
  assert.deepEqual(s.set('7001', 'Ready').map((e) => [e.message, e.answers]), [['EventAgentReady', true]]);
  assert.deepEqual(s.set('7001', 'NotReady', 'AfterCallWork').map((e) => e.message), ['EventAgentNotReady']);
  assert.equal(s.get('7001')?.workMode, 'AfterCallWork');
  const out = s.logout('7001');
  assert.deepEqual(out.map((e) => [e.message, e.agent.agentId]), [['EventAgentLogout', '1001']]);
  assert.deepEqual(s.get('7001'), { status: 'LoggedOut' });
});

test('refusals carry the tliberr.h code: same state 43, logged out 187, unknown agent 192, unknown DN 59', () => {
  const s = new AgentStates(DNS, 'NotReady', ['1001', '1002']);
  assert.equal(code(() => s.set('7001', 'Ready')), 187);
  assert.equal(code(() => s.logout('7001')), 43);
  assert.equal(code(() => s.login('7001', { agentId: '4711' })), 192);
  assert.equal(code(() => s.login('9999', {})), 59);
  s.login('7001', { agentId: '1001' });
  assert.equal(code(() => s.login('7001', { agentId: '1002' })), 43, 'another agent at a DN where one is logged in');
  assert.equal(code(() => s.login('7002', { agentId: '1001' })), 43, 'the same agent at a second DN');
  assert.equal(code(() => s.set('7001', 'NotReady')), 43, 'already not ready');
  assert.equal(s.get('7001')?.status, 'NotReady', 'a refusal changes nothing');
});

test('a DN of unknown agent state is Unknown until an agent event settles it', () => {
  const s = new AgentStates(DNS, 'NotReady');
  assert.equal(s.get('7009')?.status, 'Unknown');
  assert.deepEqual(s.set('7009', 'Ready').map((e) => e.message), ['EventAgentReady']);
  assert.equal(s.get('7009')?.status, 'Ready');
  const t = new AgentStates(DNS, 'NotReady');
  t.logout('7009');
  assert.equal(t.get('7009')?.status, 'LoggedOut');
});
