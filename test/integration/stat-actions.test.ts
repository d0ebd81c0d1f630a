import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionsObserverEndpoint } from '../../src/adapters/reference/actions-observer.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import { ReferenceStatServer } from '../../src/servers/stat-server/stat-server.ts';
import { ActionStream } from '../../src/servers/stat-server/action-stream.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';

// The actions stream on real sockets: the Interaction Server reports, the Stat Server's observer hook feeds
// the deriver, and each action reaches the observer endpoint as a StatActions message the catalog accepts.

async function until(pred: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('an agent logs in, adds a media and turns do-not-disturb on: Active, NotRoutable (Genesys default rule), DoNotDisturb reach the observer', async () => {
  const isObs = new MemoryObserver();
  const is = new InteractionServer({ observer: isObs });
  await is.start();
  const seen = new MemoryObserver();
  const endpoint = await ActionsObserverEndpoint.start(seen);
  const stat = new ReferenceStatServer({ name: 'Stat', servers: [{ url: is.url, peer: { name: 'IS1', role: 'InteractionServer' } }] });
  const stream = new ActionStream('Stat', { routable: (agent, media) => (stat.capacityOf(agent)?.[media]?.routable ?? 0) > 0 });
  stat.onReportingEvent((e) => stream.reporting(e.server, e.message, e.attributes, new Date(e.receivedAt).toISOString()));
  const agent = new ReferenceAgentApplication({ url: is.url, name: 'Agent1' });
  try {
    await stat.start();
    await stream.publishTo(endpoint.url, endpoint.peer);
    await agent.start();
    await agent.login({ tenantId: 101, placeId: 'Place1', agentId: 'Agent1', media: ['email'] });
    await agent.ask('RequestAddMedia', { MediaTypeName: 'voice' });
    await agent.ask('RequestDoNotDisturbOn', {});
    const records = () => seen.messages().filter((m) => m.envelope.protocol === 'StatActions');
    const has = (message: string, action: string, media?: string) => records().some((m) => m.canonical === message && m.envelope.attributes.Action === action && (media === undefined || m.envelope.attributes.MediaTypeID === media));
    await until(() => has('ActionStarted', 'DoNotDisturb'), 'DoNotDisturb');
    assert.ok(has('ActionStarted', 'Active', 'email') && has('ActionStarted', 'Active', 'voice'));
    // Genesys default rule: one voice interaction only, nothing of any other media (reference §5.1).
    assert.ok(has('ActionStarted', 'NotRoutable', 'email') && !has('ActionStarted', 'Routable', 'email'));
    assert.ok(has('ActionStarted', 'Routable', 'voice') && has('ActionEnded', 'Routable', 'voice'), 'voice routable until do-not-disturb');
    assert.deepEqual(records().flatMap((m) => m.violations), []);
    assert.deepEqual(records().map((m) => [m.from, m.to]).filter(([f, t]) => f !== 'Stat' || t !== 'Actions Observer'), []);
    // The Reporting events behind them: the server's own, in the catalog too.
    assert.deepEqual(isObs.messages().filter((m) => m.envelope.protocol === 'Reporting').map((m) => m.canonical).filter((m) => m !== 'EventCurrentAgentStatus'), ['EventAgentLogin', 'EventMediaAdded', 'EventDoNotDisturbOn']);
    assert.deepEqual(isObs.messages().flatMap((m) => m.violations), []);
  } finally {
    await agent.stop();
    await stream.stop();
    await stat.stop();
    await endpoint.close();
    await is.stop();
  }
});
