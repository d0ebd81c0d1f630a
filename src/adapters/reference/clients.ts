import type { Role } from '../../catalog/types.ts';
import { formatDiagnostic } from '../../diagnostic/diagnostic.ts';
import { formatVector, MultiServerDesktop, parseCapacityRules, ReferenceMediaServer, ReferenceStatServer, ReferenceUrs, RequestRefusedError } from '../../servers/index.ts';
import type { CapacitySettings } from '../../servers/index.ts';
import { AdapterError } from '../adapter.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';
import { serverLink, serverLinks } from './reach.ts';
import { StatServerWithActions } from './stat-server-actions.ts';
import { answered, submitted } from './answers.ts';

/** The bound a run put on its participants' logs (StartContext.logKeep), as client options. */
function keep(ctx: StartContext): { logKeep?: number } {
  return ctx.logKeep !== undefined ? { logKeep: ctx.logKeep } : {};
}

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

  protected abstract create(ctx: StartContext): C;

  async start(ctx: StartContext): Promise<Endpoints> {
    const client = this.create(ctx);
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

export class ReferenceAgentApplicationAdapter extends ReferenceClientAdapter<MultiServerDesktop> {
  constructor(name: string) {
    super(name, 'AgentApplication');
  }

  /** Connected to every server the scenario named, the first the primary (GenEM Login/Logout). */
  protected create(ctx: StartContext): MultiServerDesktop {
    const servers = serverLinks(ctx, this.name, this.role).map((l) => ({ url: l.url, peer: l.peer, ...(l.observer ? { observer: l.observer } : {}) }));
    const desktop = new MultiServerDesktop({ name: this.name, servers, ...(ctx.register === false ? { register: false } : {}), ...keep(ctx) });
    // What the desktop does on its own (failing over, reconnecting) goes in the trace beside what it sends.
    desktop.events.on('note', (text) => ctx.recorder.note({ kind: 'info', participant: this.name, text }));
    return desktop;
  }

  protected async carryOut(app: MultiServerDesktop, s: Stimulus): Promise<StimulusResult> {
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
      case 'submit':
        return submitted(s, () => app.submit({ queue: s.queue, mediaType: s.mediaType, interactionType: s.interactionType ?? 'Outbound', ...(s.without ? { without: s.without } : {}) }));
      case 'stop-processing':
        return answered(() => app.stopProcessing(s.interaction, s.reason));
      case 'register': {
        // Whatever the answer: a registration the scenario expects refused is judged by its flow check, not here.
        const answer = await app.send('RequestRegisterClient', { ClientName: s.clientName ?? this.name, ClientType: s.clientType ?? 'AgentApplication' });
        return { status: 'done', data: { answer: answer.message } };
      }
      case 'request': {
        const answer = await app.send(s.message, s.attributes ?? {});
        return { status: 'done', data: { answer: answer.message } };
      }
      case 'place-in-queue':
        return answered(() => app.ask('RequestPlaceInQueue', { InteractionId: s.interaction, Queue: s.queue }));
      case 'place-in-workbin':
        return answered(() => app.ask('RequestPlaceInWorkbin', { InteractionId: s.interaction, WorkbinTypeId: s.workbin, ...(s.owner ? { WorkbinAgentId: s.owner } : {}) }));
      case 'pull':
        return answered(() => app.ask('RequestPull', { InteractionId: s.interaction }));
      case 'get-workbin-content':
        return answered(() => app.ask('RequestGetWorkbinContent', workbinOf(s)));
      case 'subscribe-workbin':
        return answered(() => app.ask('RequestWorkbinNotifications', workbinOf(s)));
      case 'unsubscribe-workbin':
        return answered(() => app.ask('RequestCancelWorkbinNotifications', workbinOf(s)));
      // The flows Stat Server's media-channel actions need (issue 10).
      case 'add-media':
      case 'remove-media':
        return answered(() => app.ask(s.kind === 'add-media' ? 'RequestAddMedia' : 'RequestRemoveMedia', { MediaTypeName: s.media }));
      case 'do-not-disturb':
        return answered(() => app.ask(s.on ? 'RequestDoNotDisturbOn' : 'RequestDoNotDisturbOff', {}));
      case 'intrude':
        return answered(() => app.ask('RequestIntrude', { InteractionId: s.interaction, VisibilityMode: s.visibility }));
      case 'request-coaching':
        void app.ask('RequestConference', { InteractionId: s.interaction, AgentId: s.agent, ...(s.place ? { PlaceId: s.place } : {}), VisibilityMode: 'Coach' }).catch(() => undefined);
        return { status: 'done' };
      case 'send-response':
        return respond(app, s.interaction, s.mediaType ?? 'email');
      default:
        return this.unsupported(s);
    }
  }
}

/** A response: an Outbound child of the interaction the agent handles, (InteractionSubtype OutboundReply [INFER]). */
async function respond(app: MultiServerDesktop, parent: string, mediaType: string): Promise<StimulusResult> {
  const ack = await app.ask('RequestSubmit', { MediaType: mediaType, InteractionType: 'Outbound', InteractionSubtype: 'OutboundReply', ParentInteractionId: parent });
  return { status: 'done', data: { response: ack.attributes.InteractionId } };
}

/** The workbin a workbin stimulus names: the desktop's own agent's unless an owner is given. */
function workbinOf(s: { workbin: string; owner?: string }): Record<string, unknown> {
  return { WorkbinTypeId: s.workbin, ...(s.owner ? { WorkbinAgentId: s.owner } : {}) };
}

export class ReferenceMediaServerAdapter extends ReferenceClientAdapter<ReferenceMediaServer> {
  constructor(name: string) {
    super(name, 'MediaServer');
  }

  protected create(ctx: StartContext): ReferenceMediaServer {
    const link = serverLink(ctx, this.name, this.role);
    return new ReferenceMediaServer({ url: link.url, name: this.name, peer: link.peer, observer: link.observer, ...keep(ctx) });
  }

  protected async carryOut(ms: ReferenceMediaServer, s: Stimulus): Promise<StimulusResult> {
    switch (s.kind) {
      case 'submit':
        return submitted(s, () => ms.submit({ queue: s.queue, mediaType: s.mediaType, interactionType: s.interactionType ?? 'Inbound', ...(s.without ? { without: s.without } : {}) }));
      case 'stop-processing':
        return answered(() => ms.stopProcessing(s.interaction, s.reason));
      case 'change-properties':
        return answered(() => ms.changeProperties(s.interaction, { ...(s.changed ? { changed: s.changed } : {}), ...(s.added ? { added: s.added } : {}), ...(s.deleted ? { deleted: s.deleted } : {}) }));
      case 'reconnect':
        await ms.reconnect({ ...(s.register !== undefined ? { register: s.register } : {}), ...(s.extension ? { extension: s.extension } : {}) });
        return { status: 'done' };
      default:
        return this.unsupported(s);
    }
  }
}

export class ReferenceUrsAdapter extends ReferenceClientAdapter<ReferenceUrs> {
  constructor(name: string) {
    super(name, 'URS');
  }

  protected create(ctx: StartContext): ReferenceUrs {
    const link = serverLink(ctx, this.name, this.role);
    return new ReferenceUrs({ url: link.url, name: this.name, peer: link.peer, observer: link.observer, ...keep(ctx) });
  }

  /**
   * Routes once the interaction has been offered (EventRouteRequest), and does not wait for the
   * outcome: EventRouteUsed comes only when the agent answers or the delivering timer fires, and the
   * flow check reads it from the trace.
   */
  protected async carryOut(urs: ReferenceUrs, s: Stimulus): Promise<StimulusResult> {
    if (s.kind === 'place-in-queue' || s.kind === 'place-in-workbin') {
      // URS places what it is routing, so it waits for the offer first, as for route.
      await urs.waitForRouteRequestOf(s.interaction, { timeoutMs: 5000 });
      if (s.kind === 'place-in-workbin' && s.owner === undefined) return { status: 'failed', reason: 'URS has no workbin of its own: name the agent who owns the workbin' };
      return answered(() => urs.place(s.interaction, s.kind === 'place-in-queue' ? { queue: s.queue } : { workbin: s.workbin, owner: s.owner! }));
    }
    switch (s.kind) {
      case 'route':
        await urs.waitForRouteRequestOf(s.interaction, { timeoutMs: 5000 });
        void urs.route(s.interaction, { agentId: s.agent, placeId: s.place });
        return { status: 'done' };
      case 'stop-processing':
        return answered(() => urs.stopProcessing(s.interaction, s.reason));
      case 'change-properties':
        // RequestUpdateUserData adds and changes; it has no way to delete (that is RequestDeleteUserData / RequestDeletePair).
        if (s.deleted?.length) return { status: 'unsupported', reason: 'the reference URS changes properties with RequestUpdateUserData, which cannot delete them' };
        return answered(() => urs.updateUserData(s.interaction, { ...(s.changed ?? {}), ...(s.added ?? {}) }));
      case 'invoke-service':
        return answered(() => urs.invokeService({ interactionId: s.interaction, server: s.server, service: s.service, method: s.method, ...(s.parameters ? { parameters: s.parameters } : {}) }));
      default:
        return this.unsupported(s);
    }
  }
}

/** The rule file a scenario gave, every problem in it at once, positioned: the Stat Server does not start with a bad one. */
function loadRules(name: string, rules: { file: string; text: string }): CapacitySettings {
  const r = parseCapacityRules(rules.text, rules.file);
  if (!r.settings) throw new AdapterError(`${name}: the capacity rules in ${rules.file} have ${r.diagnostics.length} error${r.diagnostics.length === 1 ? '' : 's'}:\n${r.diagnostics.map(formatDiagnostic).join('\n')}`);
  return r.settings;
}

/**
 * The reference Stat Server, connected to every Interaction Server the scenario named, in turn (GenEM
 * Reporting Engine Connects step 4; in Disconnection and Failover the secondary reports the agent's new
 * login to it). It connects again to a server that dropped it, and takes the snapshot again there.
 * Connected to none, it is in restricted cluster mode (seed 001). Its media-channel actions:
 * stat-server-actions.ts.
 */
export class ReferenceStatServerAdapter extends ReferenceClientAdapter<StatServerWithActions> {
  constructor(name: string) {
    super(name, 'StatServer');
  }

  protected create(ctx: StartContext): StatServerWithActions {
    // Restricted cluster mode: no Interaction Server, so no Stat Server connection at all — only its (empty) actions.
    if (ctx.reach.length === 0) return new StatServerWithActions(this.name, undefined, ctx);
    const servers = serverLinks(ctx, this.name, this.role).map((link) => ({ url: link.url, peer: link.peer, ...(link.observer ? { observer: link.observer } : {}) }));
    const stat = new ReferenceStatServer({ name: this.name, servers, ...keep(ctx), ...(ctx.capacityRules ? { capacity: loadRules(this.name, ctx.capacityRules) } : {}) });
    stat.events.on('note', (text) => ctx.recorder.note({ kind: 'info', participant: this.name, text }));
    return new StatServerWithActions(this.name, stat, ctx);
  }

  /** publish-actions (its media-channel actions), capacity (its vectors and rule, for "Then Stat Server … computes the capacity …"). */
  protected async carryOut(withActions: StatServerWithActions, s: Stimulus): Promise<StimulusResult> {
    if (s.kind === 'publish-actions') {
      await withActions.publishActions();
      return { status: 'done' };
    }
    const stat = withActions.stat;
    if (s.kind !== 'capacity') return this.unsupported(s);
    // Restricted cluster mode: it follows no Interaction Server, so it knows no agent.
    if (!stat) return { status: 'done', data: { vectors: null } };
    const vectors = stat.capacityOf(s.agent);
    const choice = stat.ruleOf(s.agent);
    const data = vectors ? { vectors: Object.fromEntries(Object.entries(vectors).map(([m, v]) => [m, formatVector(v)])), rule: choice?.rule.name, via: choice?.via } : { vectors: null };
    return { status: 'done', data };
  }

}
