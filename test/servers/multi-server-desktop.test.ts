import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MultiServerDesktop } from '../../src/servers/agent-application/multi-server-desktop.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';

// The reference desktop of GenEM Login/Logout and Disconnection and Failover, against two real servers:
// logs in on the first (primary), is available on the second; fails over when the primary goes away;
// reconnects to it when it listens again, as a secondary.

/** Resolves when `cond` holds; the guard only keeps a broken desktop from hanging the test. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const guard = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > guard) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('login on the primary, available on the secondary; the primary goes away: failover; it comes back: a secondary', async () => {
  let is1 = new InteractionServer({ name: 'IS1' });
  const is2 = new InteractionServer({ name: 'IS2', interactionIdPrefix: '0002' });
  const { port } = await is1.start();
  await is2.start();
  const desktop = new MultiServerDesktop({
    name: 'desk',
    servers: [
      { url: is1.url, peer: { name: 'IS1', role: 'InteractionServer' } },
      { url: is2.url, peer: { name: 'IS2', role: 'InteractionServer' } },
    ],
    reconnectMs: 20,
  });
  const notes: string[] = [];
  desktop.events.on('note', (n) => notes.push(n));
  try {
    await desktop.start();
    await desktop.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: ['email'] });
    assert.deepEqual(is1.state().agents.map((a) => a.agentId), ['a1']);
    assert.deepEqual(is2.state().agents, [], 'on the secondary the agent is available, not logged in');

    await is1.stop();
    await until(() => is2.state().agents.some((a) => a.agentId === 'a1'), 'the agent logged in on IS2');
    assert.match(notes.join('\n'), /desk lost its primary IS1: logs agent a1 in on IS2, its new primary/);

    is1 = new InteractionServer({ name: 'IS1', port });
    await is1.start();
    await until(() => is1.state().clients.some((c) => c.clientName === 'desk') && notes.some((n) => n.includes('so IS1 is a secondary')), 'the desktop back on IS1');
    assert.deepEqual(is1.state().agents, [], 'the restarted server is a secondary: the agent is only available there');

    // Logging out now goes to the new primary, and RequestAgentNotAvailable to the restarted one.
    await desktop.logout();
    assert.deepEqual(is2.state().agents, []);
  } finally {
    await desktop.stop();
    await is1.stop();
    await is2.stop();
  }
});

// An absence, so a window: a desktop that kept trying (every 10 ms) would be back on the new server well within it.
test('stopped, the desktop tries no server again', async () => {
  const is1 = new InteractionServer({ name: 'IS1' });
  const { port } = await is1.start();
  const desktop = new MultiServerDesktop({ name: 'desk', servers: [{ url: is1.url, peer: { name: 'IS1', role: 'InteractionServer' } }], reconnectMs: 10 });
  await desktop.start();
  await desktop.stop();
  const again = new InteractionServer({ name: 'IS1', port });
  await is1.stop();
  await again.start().catch(() => undefined);
  try {
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(again.state().clients, []);
  } finally {
    await again.stop();
  }
});
