import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import type { InvitePolicy } from '../../src/servers/agent-application/invite-policy.ts';
import type { InteractionServerOptions } from '../../src/servers/interaction-server/options.ts';
import { lines, seen, startCast } from './servers-fixture.ts';
import type { DeliverCast } from './servers-fixture.ts';

/**
 * The Transfer and Conference cast on real sockets: the Deliver cast (servers-fixture.ts), whose Agent1
 * (a1 at p1) handles interaction `id` — delivered by URS1 and accepted — and Agent2 (a2 at p2), logged
 * in, answering invitations as `agent2` says. `from` is the observer's index once Agent1 handles it.
 */
export interface PartiesCast extends DeliverCast {
  agent2: ReferenceAgentApplication;
  id: string;
  from: number;
  /** Lines from `from` on (servers-fixture.ts `lines`). */
  flow(): string[];
}

export async function startPartiesCast(opts: { server?: InteractionServerOptions; agent2?: InvitePolicy } = {}): Promise<PartiesCast> {
  const cast = await startCast({ onInvite: 'accept', server: opts.server });
  const agent2 = new ReferenceAgentApplication({ url: cast.is.url, name: 'Agent2', onInvite: opts.agent2 ?? 'ignore' });
  const stop = async () => {
    await agent2.stop();
    await cast.stop();
  };
  try {
    await agent2.start();
    await agent2.login({ tenantId: 101, placeId: 'p2', agentId: 'a2', media: ['email'] });
    await agent2.waitForMessage('EventCurrentAgentStatus');
    const id = await cast.media.submit({ queue: 'inbound', mediaType: 'email', interactionType: 'Inbound' });
    await cast.urs.waitForRouteRequest((r) => r.interactionId === id);
    await cast.urs.route(id, { agentId: 'a1', placeId: 'p1' });
    await seen(cast.obs, (m) => m.canonical === 'EventPartyAdded' && m.envelope.attributes.AgentId === 'a1');
    const from = cast.obs.messages().length;
    return { ...cast, agent2, id, from, flow: () => lines(cast.obs, from), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
