import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReferenceAgentApplication, ReferenceUrs } from '../../src/servers/index.ts';
import { Session } from '../../src/session/session.ts';

// A load run bounds what each reference participant keeps of its history (SessionOptions.participantLogKeep):
// kept whole, a long run's logs grew ~3 KB per instance until the heap ran out. Bounded, URS must still
// find each offer (EventRouteRequest) it is asked to route, by key, and the agent must still answer.

test('participants whose logs keep the last 3 items still deliver interaction after interaction, holding no more than twice that', async () => {
  const asked: string[] = [];
  const session = Session.create({
    name: 'bounded participant logs',
    traceFile: null,
    participantLogKeep: (who) => {
      asked.push(who.name);
      return 3;
    },
  });
  const desktop = "Agent1's desktop";
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
    await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
    await session.start({ name: desktop, role: 'AgentApplication', reach: ['IS1'] });
    assert.deepEqual(asked, ['IS1', 'URS', 'E-mail Server', desktop]);
    await session.stimulate(desktop, { kind: 'accept' });
    await session.stimulate(desktop, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
    // The participants' own objects, reached through their adapters: what the bound is about.
    const urs = (session.participant('URS')!.adapter as unknown as { chosen: { client: ReferenceUrs } }).chosen.client;
    const agent = (session.participant(desktop)!.adapter as unknown as { chosen: { client: { links: ReferenceAgentApplication[] } } }).chosen.client.links[0];
    for (let i = 0; i < 10; i++) {
      await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
      const interaction = session.lastInteraction();
      const since = urs.outcomes.length;
      await session.stimulate('URS', { kind: 'route', interaction, agent: 'Agent1', place: 'Place1' });
      // URS hears EventRouteUsed once the agent accepted: the agent is free for the next one.
      const outcome = await urs.waitForOutcome(interaction, { since });
      assert.equal(outcome.result, 'used');
    }
    assert.equal(urs.routeRequests.length, 10);
    assert.equal(urs.outcomes.length, 10);
    assert.ok(urs.routeRequests.items.length <= 6 && urs.outcomes.items.length <= 6, `URS kept ${urs.routeRequests.items.length} offers, ${urs.outcomes.items.length} outcomes`);
    assert.equal(agent.invitations.length, 10);
    assert.ok(agent.invitations.items.length <= 6 && agent.answers.items.length <= 6, `the desktop kept ${agent.invitations.items.length} invitations, ${agent.answers.items.length} answers`);
  } finally {
    await session.dispose();
  }
});
