import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explain } from '../../src/flow/explain.ts';
import type { MatchResult } from '../../src/flow/result.ts';
import { checkFlow } from '../../src/session/flow-check.ts';
import { sharedModels } from '../../src/session/model-registry.ts';
import { Session } from '../../src/session/session.ts';
import { ScenarioError } from '../../src/session/scenario-error.ts';

// GenEM Login/Logout and Disconnection and Failover on real sockets, through a session: two reference
// Interaction Servers, a reporting engine and a desktop connected to both (IS1 first: the primary),
// checked against scenarios/login-logout.yaml and scenarios/disconnection-and-failover.yaml; one named
// fault per model fails it at the step it breaks.

const DESKTOP = "Agent1's desktop";

async function twoServers(faults: Record<string, string[]> = {}, login = true): Promise<Session> {
  const session = Session.create({ name: 'failover', traceFile: null, faults });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: 'IS2', role: 'InteractionServer' });
  await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1', 'IS2'] });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1', 'IS2'] });
  if (login) await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  return session;
}

async function check(session: Session, model: string, variant: string, timeoutMs?: number): Promise<MatchResult> {
  return (await checkFlow(session, { model: await sharedModels.get(model), variant, ...(timeoutMs !== undefined ? { timeoutMs } : {}) })).result;
}

function messages(session: Session): string[] {
  return session.snapshot().entries.flatMap((e) => (e.type === 'message' ? [`${e.from} → ${e.to} ${e.message}`] : []));
}

test('Login/Logout: login on the primary, RequestAgentAvailable on the secondary; logout, RequestAgentNotAvailable', async () => {
  const session = await twoServers();
  try {
    await session.stimulate(DESKTOP, { kind: 'logout' });
    const r = await check(session, 'login-logout', 'login-logout');
    assert.equal(r.verdict, 'pass', explain(r));
    const seen = messages(session);
    assert.ok(seen.includes(`${DESKTOP} → IS2 RequestAgentAvailable`));
    assert.ok(seen.includes(`${DESKTOP} → IS2 RequestAgentNotAvailable`));
    assert.ok(!seen.includes('IS2 → Stat Server EventAgentLogin'), 'the secondary reports no login');
  } finally {
    await session.dispose();
  }
});

test('fault loginOnAvailable: the secondary reports a login, and Login/Logout fails naming it', async () => {
  const session = await twoServers({ IS2: ['loginOnAvailable'] });
  try {
    const r = await check(session, 'login-logout', 'login', 800);
    assert.equal(r.verdict, 'fail');
    assert.match(explain(r), /secondary → stat EventAgentLogin/);
    assert.match(explain(r), /scenarios\/login-logout\.yaml:\d+:\d+/);
  } finally {
    await session.dispose();
  }
});

test('Agent Disconnects: EventAgentLogout for the logged-in agent from the primary only', async () => {
  const session = await twoServers();
  try {
    await session.stimulate(DESKTOP, { kind: 'disconnect' });
    const r = await check(session, 'disconnection-and-failover', 'agent-disconnects');
    assert.equal(r.verdict, 'pass', explain(r));
  } finally {
    await session.dispose();
  }
});

test('fault logoutUnknownOnDisconnect: a desktop with no agent logged in leaves, and the model names the forbidden EventAgentLogout', async () => {
  const cases: [Record<string, string[]>, 'pass' | 'fail'][] = [[{}, 'pass'], [{ IS1: ['logoutUnknownOnDisconnect'] }, 'fail']];
  for (const [faults, verdict] of cases) {
    const session = await twoServers(faults, false);
    try {
      await session.stimulate(DESKTOP, { kind: 'disconnect' });
      // The server reports (or not) as it handles the close, right after it records it: wait for both servers' close notes.
      while (session.snapshot().entries.filter((e) => e.type === 'note' && e.kind === 'connection-close' && e.participant === DESKTOP).length < 2) await session.pause(5);
      const r = await check(session, 'disconnection-and-failover', 'agent-disconnects-not-logged-in');
      assert.equal(r.verdict, verdict, explain(r));
      if (verdict === 'fail') assert.match(explain(r), /forbidden primary → stat EventAgentLogout \(Reporting\)[\s\S]*model step no-logout-unknown-agent\.3/);
    } finally {
      await session.dispose();
    }
  }
});

test('Interaction Server Disconnects, then Restarts: the desktop fails over to IS2, then makes the agent available on the restarted IS1', async () => {
  const session = await twoServers();
  try {
    await session.stimulate('IS1', { kind: 'disconnect' });
    const failover = await check(session, 'disconnection-and-failover', 'server-disconnects');
    assert.equal(failover.verdict, 'pass', explain(failover));
    // Not restarted yet: the restart variant waits for a registration that does not come.
    const early = await check(session, 'disconnection-and-failover', 'server-restarts', 400);
    assert.equal(early.verdict, 'fail');
    assert.match(explain(early), /agent → primary RequestRegisterClient[\s\S]*model step server-restarts\.1(?:\.\d+)* at scenarios\/disconnection-and-failover\.yaml:\d+:\d+/);
    await session.stimulate('IS1', { kind: 'restart' });
    const restart = await check(session, 'disconnection-and-failover', 'server-restarts');
    assert.equal(restart.verdict, 'pass', explain(restart));
    assert.ok(messages(session).includes('IS2 → Stat Server EventAgentLogin'));
  } finally {
    await session.dispose();
  }
});

test('an Interaction Server restarts only after it disconnected, and disconnects only while it runs', async () => {
  const session = await twoServers({}, false);
  try {
    await assert.rejects(session.stimulate('IS1', { kind: 'restart' }), (e: unknown) => e instanceof ScenarioError && /IS1 is running: disconnect it before it restarts/.test((e as Error).message));
    await session.stimulate('IS1', { kind: 'disconnect' });
    await assert.rejects(session.stimulate('IS1', { kind: 'disconnect' }), (e: unknown) => e instanceof ScenarioError && /IS1 is not running/.test((e as Error).message));
  } finally {
    await session.dispose();
  }
});
