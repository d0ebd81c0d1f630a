import { faceReachedBy } from '../../catalog/registry.ts';
import { configurationFromData, IvrServer, ReferenceIvr } from '../../servers/index.ts';
import type { IvrConfiguration } from '../../servers/index.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { AdapterError } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';
import { serverLink } from './reach.ts';

/**
 * The reference IVR Server as an adapter: a TCP listener for IVRs (`ivr` face, tcp://) recording
 * every connection it serves, and a T-Library client of each T-Server the scenario connects it to. Its
 * IVR configuration comes by the configure-ivr stimulus (a feature's Background names the file).
 */
export class ReferenceIvrServerAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly role = 'IVRServer' as const;
  readonly capabilities = new Set<StimulusKind>(stimuliOf('IVRServer'));
  private server: IvrServer | undefined;

  constructor(
    readonly name: string,
    private readonly options: { host?: string; port?: number; token?: string; configuration?: IvrConfiguration } = {},
  ) {}

  async start(ctx: StartContext): Promise<Endpoints> {
    const tservers = ctx.reach.map((r) => {
      const face = faceReachedBy('IVRServer', r.role);
      const url = face === undefined ? undefined : r.endpoints[face];
      if (url === undefined) throw new AdapterError(`${this.name} (IVR Server) connects to T-Servers only; ${r.name} offers ${Object.keys(r.endpoints).join(', ') || 'nothing'} it can use`);
      // A T-Server that is external is recorded at this end; a reference one records its own connections.
      return { name: r.name, url, participant: r.name, ...(r.record ? { observer: ctx.observer } : {}) };
    });
    this.server = new IvrServer({
      name: this.name,
      observer: ctx.observer,
      tservers,
      ...(this.options.host !== undefined ? { host: this.options.host } : {}),
      ...(this.options.port !== undefined ? { port: this.options.port } : {}),
      ...(this.options.token !== undefined ? { token: this.options.token } : {}),
      ...(this.options.configuration ? { configuration: this.options.configuration } : {}),
    });
    const { url } = await this.server.start();
    return { ivr: url };
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const server = this.server;
    if (!server) return { status: 'failed', reason: `${this.name} is not started` };
    switch (s.kind) {
      case 'configure-ivr': {
        const config = configurationFromData(s.configuration);
        if (typeof config === 'string') return { status: 'failed', reason: `${this.name}: the IVR configuration is not usable: ${config}` };
        server.configure(config);
        return { status: 'done' };
      }
      case 'ivr-initialisation':
        server.setInitialising(s.state === 'held');
        return { status: 'done' };
      case 'port-usability': {
        const problem = server.setPortUsable(s.ivr, s.port, s.usable);
        return problem === undefined ? { status: 'done' } : { status: 'failed', reason: problem };
      }
      default:
        return { status: 'unsupported', reason: `the reference IVR Server takes no ${s.kind} stimulus` };
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}

/** The reference IVR as an adapter: one connection to the IVR Server it reaches; stimuli become XML requests. */
export class ReferenceIvrAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly role = 'IVR' as const;
  readonly capabilities = new Set<StimulusKind>(stimuliOf('IVR'));
  private ivr: ReferenceIvr | undefined;

  constructor(readonly name: string) {}

  async start(ctx: StartContext): Promise<Endpoints> {
    const link = serverLink(ctx, this.name, 'IVR');
    this.ivr = new ReferenceIvr({ url: link.url, name: this.name, peer: link.peer, ...(link.observer ? { observer: link.observer } : {}) });
    await this.ivr.start();
    return {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const ivr = this.ivr;
    if (!ivr) return { status: 'failed', reason: `${this.name} is not started` };
    try {
      switch (s.kind) {
        case 'ivr-login': {
          const r = await ivr.login({ ...(s.clientName !== undefined ? { clientName: s.clientName } : {}), ...(s.version !== undefined ? { version: s.version } : {}) });
          return { status: 'done', data: { result: r.attributes.Result, status: r.attributes.Status } };
        }
        case 'agent-control': {
          // A Login resolves with the Ready or NotReady that follows LoggedIn.
          const r = await ivr.agentControl(s);
          const agent = r.attributes.Agent as Record<string, unknown> | undefined;
          return { status: 'done', data: { answer: r.message, ...(agent ? { status: agent.Status } : {}), ...(r.attributes.FailedReq ? { failedReq: r.attributes.FailedReq } : {}) } };
        }
        case 'new-call': {
          const r = await ivr.newCall(s);
          return { status: 'done', data: { answer: r.message, ...(r.attributes.Event !== undefined ? { event: r.attributes.Event } : {}), ...(r.attributes.FailedReq !== undefined ? { failedReq: r.attributes.FailedReq } : {}) } };
        }
        case 'route-request':
          // Done once sent: the answer comes when URS has routed, which is another participant's step.
          ivr.send('RouteRequest', { CallId: s.call, RouteDN: s.routeDN });
          return { status: 'done' };
        case 'udata-set':
        case 'udata-get': {
          const r = s.kind === 'udata-set' ? await ivr.uDataSet(s.call, s.userData, s.action) : await ivr.uDataGet(s.call, s.keys);
          return { status: 'done', data: { answer: r.message, ...(r.attributes.UDataEx ? { userData: r.attributes.UDataEx } : {}) } };
        }
        case 'end-call':
          ivr.endCall(s.call, s.cause);
          return { status: 'done' };
        case 'keep-alive':
          await ivr.keepAlive();
          return { status: 'done' };
        case 'disconnect':
          await ivr.stop();
          return { status: 'done' };
        default:
          return { status: 'unsupported', reason: `the reference IVR takes no ${s.kind} stimulus` };
      }
    } catch (err) {
      return { status: 'failed', reason: (err as Error).message };
    }
  }

  async stop(): Promise<void> {
    await this.ivr?.stop();
  }
}
