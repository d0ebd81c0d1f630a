import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import type { InteractionServerOptions } from '../../src/servers/interaction-server/options.ts';
import { ReferenceAgentApplication } from '../../src/servers/agent-application/agent-application.ts';
import type { InvitePolicy } from '../../src/servers/agent-application/invite-policy.ts';
import { ReferenceMediaServer } from '../../src/servers/media-server/media-server.ts';
import { ReferenceStatServer } from '../../src/servers/stat-server/stat-server.ts';
import { ReferenceUrs } from '../../src/servers/urs/urs.ts';
import { MemoryObserver } from '../../src/transport/memory-observer.ts';
import type { WireMessage } from '../../src/transport/types.ts';

/**
 * The Deliver Interaction to Agent cast on real sockets: IS1 (recording, through a MemoryObserver),
 * Stat (reporting engine), Agent1 (logged in as agent a1 at place p1, media email), MS1, URS1.
 */
export interface DeliverCast {
  obs: MemoryObserver;
  is: InteractionServer;
  stat: ReferenceStatServer;
  agent: ReferenceAgentApplication;
  media: ReferenceMediaServer;
  urs: ReferenceUrs;
  stop(): Promise<void>;
}

export async function startCast(opts: { server?: InteractionServerOptions; onInvite?: InvitePolicy } = {}): Promise<DeliverCast> {
  const obs = new MemoryObserver();
  const is = new InteractionServer({ deliveringTimeoutMs: 30_000, ...opts.server, observer: obs });
  const { url, tlibUrl } = await is.start();
  const stat = new ReferenceStatServer({ url, name: 'Stat' });
  const agent = new ReferenceAgentApplication({ url, name: 'Agent1', onInvite: opts.onInvite });
  const media = new ReferenceMediaServer({ url, name: 'MS1' });
  const urs = new ReferenceUrs({ url: tlibUrl, name: 'URS1' });
  const stop = async () => {
    await Promise.all([stat.stop(), agent.stop(), media.stop(), urs.stop()]);
    await is.stop();
  };
  try {
    await stat.start();
    await Promise.all([agent.start(), media.start(), urs.start()]);
    await agent.login({ tenantId: 101, placeId: 'p1', agentId: 'a1', media: ['email'] });
    // Stat answers EventAgentLogin with a status the server relays: wait for it, so later flows do not interleave with it.
    await agent.waitForMessage('EventCurrentAgentStatus');
  } catch (err) {
    await stop();
    throw err;
  }
  return { obs, is, stat, agent, media, urs, stop };
}

/** `from → to Protocol:Message`, one per message, from index `since` of the observer's messages. */
export function lines(obs: MemoryObserver, since = 0): string[] {
  return obs.messages().slice(since).map(line);
}

export function line(m: WireMessage): string {
  return `${m.from} → ${m.to} ${m.envelope.protocol}:${m.canonical}`;
}

/** Resolves once the observer has seen a message matching the predicate (checks the past first). */
export function seen(obs: MemoryObserver, pred: (m: WireMessage) => boolean, timeoutMs = 5000): Promise<WireMessage> {
  const past = obs.messages().find(pred);
  if (past) return Promise.resolve(past);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching message within ${timeoutMs} ms; saw:\n${lines(obs).join('\n')}`));
    }, timeoutMs);
    const off = obs.subscribe((e) => {
      if (e.type === 'message' && pred(e)) {
        clearTimeout(timer);
        off();
        resolve(e);
      }
    });
  });
}

/** Waits until the observer has been quiet for `ms` (lets trailing events arrive before asserting absence). */
export function settle(ms = 50): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
