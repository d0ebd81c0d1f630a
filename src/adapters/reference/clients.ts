import type { Role } from '../../catalog/types.ts';
import { ReferenceAgentApplication, ReferenceMediaServer, ReferenceStatServer, ReferenceUrs, RequestRefusedError } from '../../servers/index.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';
import { serverLink } from './reach.ts';

interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A reference client (agent application, media server, URS, Stat Server) as an adapter: it connects to
 * the one server it reaches, recording there only when that server is external (a reference server
 * records its own connections), and turns stimuli into requests.
 */
abstract class ReferenceClientAdapter<C extends Startable> implements Adapter {
  readonly kind = 'reference' as const;
  readonly capabilities: ReadonlySet<StimulusKind>;
  protected client: C | undefined;

  constructor(
    readonly name: string,
    readonly role: Role,
  ) {
    this.capabilities = new Set(stimuliOf(role));
  }

  protected abstract create(link: ReturnType<typeof serverLink>): C;

  async start(ctx: StartContext): Promise<Endpoints> {
    const client = this.create(serverLink(ctx, this.name, this.role));
    this.client = client;
    await client.start();
    return {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const client = this.client;
    if (!client) return { status: 'failed', reason: `${this.name} is not started` };
    try {
      if (s.kind === 'disconnect') {
        await client.stop();
        return { status: 'done' };
      }
      return await this.carryOut(client, s);
    } catch (err) {
      return { status: 'failed', reason: err instanceof RequestRefusedError ? err.message : `${(err as Error).message}` };
    }
  }

  protected abstract carryOut(client: C, s: Stimulus): Promise<StimulusResult>;

  async stop(): Promise<void> {
    await this.client?.stop();
  }

  protected unsupported(s: Stimulus): StimulusResult {
    return { status: 'unsupported', reason: `the reference ${this.role} takes no ${s.kind} stimulus` };
  }
}

export class ReferenceAgentApplicationAdapter extends ReferenceClientAdapter<ReferenceAgentApplication> {
  constructor(name: string) {
    super(name, 'AgentApplication');
  }

  protected create(link: ReturnType<typeof serverLink>): ReferenceAgentApplication {
    return new ReferenceAgentApplication({ url: link.url, name: this.name, peer: link.peer, observer: link.observer, onInvite: 'ignore' });
  }

  protected async carryOut(app: ReferenceAgentApplication, s: Stimulus): Promise<StimulusResult> {
    switch (s.kind) {
      case 'login':
        await app.login({ tenantId: s.tenant ?? 101, placeId: s.place, agentId: s.agent, media: s.media });
        return { status: 'done' };
      case 'logout':
        await app.logout();
        return { status: 'done' };
      case 'ready':
        await app.cancelNotReady(s.media);
        return { status: 'done' };
      case 'not-ready':
        await app.notReady(s.media);
        return { status: 'done' };
      case 'accept':
        app.setInvitePolicy({ action: 'accept', delayMs: s.delayMs ?? 0 });
        return { status: 'done' };
      case 'reject':
        app.setInvitePolicy({ action: 'reject', delayMs: s.delayMs ?? 0, ...(s.reason ? { reason: s.reason } : {}) });
        return { status: 'done' };
      case 'ignore':
        app.setInvitePolicy('ignore');
        return { status: 'done' };
      // Sent, not awaited: the answer (EventAck or EventError) is the server's part of the flow, which the
      // flow check reads from the trace; a refusal is what some scenarios expect.
      case 'transfer':
        void app.transfer(s.interaction, { agentId: s.agent, ...(s.place ? { placeId: s.place } : {}) }).catch(() => undefined);
        return { status: 'done' };
      case 'conference':
        void app.conference(s.interaction, { agentId: s.agent, ...(s.place ? { placeId: s.place } : {}) }).catch(() => undefined);
        return { status: 'done' };
      case 'leave':
        void app.leave(s.interaction, s.reason).catch(() => undefined);
        return { status: 'done' };
      case 'place-in-queue':
        return answered(await app.ask('RequestPlaceInQueue', { InteractionId: s.interaction, Queue: s.queue }));
      case 'place-in-workbin':
        return answered(await app.ask('RequestPlaceInWorkbin', { InteractionId: s.interaction, WorkbinTypeId: s.workbin, ...(s.owner ? { WorkbinAgentId: s.owner } : {}) }));
      case 'pull':
        return answered(await app.ask('RequestPull', { InteractionId: s.interaction }));
      case 'get-workbin-content':
        return answered(await app.ask('RequestGetWorkbinContent', workbinOf(s)));
      case 'subscribe-workbin':
        return answered(await app.ask('RequestWorkbinNotifications', workbinOf(s)));
      case 'unsubscribe-workbin':
        return answered(await app.ask('RequestCancelWorkbinNotifications', workbinOf(s)));
      default:
        return this.unsupported(s);
    }
  }
}

/** The workbin a workbin stimulus names: the desktop's own agent's unless an owner is given. */
function workbinOf(s: { workbin: string; owner?: string }): Record<string, unknown> {
  return { WorkbinTypeId: s.workbin, ...(s.owner ? { WorkbinAgentId: s.owner } : {}) };
}

/** Done whatever the server answered: the answer is in the trace, and the flow checks judge it. */
function answered(answer: { message: string }): StimulusResult {
  return { status: 'done', data: { answer: answer.message } };
}

export class ReferenceMediaServerAdapter extends ReferenceClientAdapter<ReferenceMediaServer> {
  constructor(name: string) {
    super(name, 'MediaServer');
  }

  protected create(link: ReturnType<typeof serverLink>): ReferenceMediaServer {
    return new ReferenceMediaServer({ url: link.url, name: this.name, peer: link.peer, observer: link.observer });
  }

  protected async carryOut(ms: ReferenceMediaServer, s: Stimulus): Promise<StimulusResult> {
    if (s.kind !== 'submit') return this.unsupported(s);
    const interactionId = await ms.submit({ queue: s.queue, mediaType: s.mediaType, interactionType: s.interactionType ?? 'Inbound' });
    return { status: 'done', data: { interactionId } };
  }
}

export class ReferenceUrsAdapter extends ReferenceClientAdapter<ReferenceUrs> {
  constructor(name: string) {
    super(name, 'URS');
  }

  protected create(link: ReturnType<typeof serverLink>): ReferenceUrs {
    return new ReferenceUrs({ url: link.url, name: this.name, peer: link.peer, observer: link.observer });
  }

  /**
   * Routes once the interaction has been offered (EventRouteRequest), and does not wait for the
   * outcome: EventRouteUsed comes only when the agent answers or the delivering timer fires, and the
   * flow check reads it from the trace.
   */
  protected async carryOut(urs: ReferenceUrs, s: Stimulus): Promise<StimulusResult> {
    if (s.kind === 'place-in-queue' || s.kind === 'place-in-workbin') {
      // URS places what it is routing, so it waits for the offer first, as for route.
      await urs.waitForRouteRequest((r) => r.interactionId === s.interaction, { timeoutMs: 5000 });
      if (s.kind === 'place-in-workbin' && s.owner === undefined) return { status: 'failed', reason: 'URS has no workbin of its own: name the agent who owns the workbin' };
      return answered(await urs.place(s.interaction, s.kind === 'place-in-queue' ? { queue: s.queue } : { workbin: s.workbin, owner: s.owner! }));
    }
    if (s.kind !== 'route') return this.unsupported(s);
    await urs.waitForRouteRequest((r) => r.interactionId === s.interaction, { timeoutMs: 5000 });
    void urs.route(s.interaction, { agentId: s.agent, placeId: s.place });
    return { status: 'done' };
  }
}

export class ReferenceStatServerAdapter extends ReferenceClientAdapter<ReferenceStatServer> {
  constructor(name: string) {
    super(name, 'StatServer');
  }

  protected create(link: ReturnType<typeof serverLink>): ReferenceStatServer {
    return new ReferenceStatServer({ url: link.url, name: this.name, peer: link.peer, observer: link.observer });
  }

  protected async carryOut(_stat: ReferenceStatServer, s: Stimulus): Promise<StimulusResult> {
    return this.unsupported(s);
  }
}
