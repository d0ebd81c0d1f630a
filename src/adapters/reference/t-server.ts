import { AFTER_LOGIN, AGENT_ACTIONS, TServer, TServerError } from '../../servers/index.ts';
import type { AfterLogin, AgentAction, DnType } from '../../servers/index.ts';
import type { TraceRecorder } from '../../trace/recorder.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';

export interface TServerBindingOptions {
  host?: string;
  port?: number;
  token?: string;
}

/** T-Servers started per recording: each gets its own ConnID prefix, so two in one trace never share a ConnID. */
const started = new WeakMap<TraceRecorder, number>();

/**
 * The reference T-Server as a participant: it records its own connections; a scenario takes its CTI
 * link down and back, makes calls arrive from outside, and says what the switch does after a login.
 */
export class ReferenceTServerAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly role = 'TServer' as const;
  readonly capabilities = new Set<StimulusKind>(stimuliOf('TServer'));
  private server: TServer | undefined;

  constructor(
    readonly name: string,
    private readonly options: TServerBindingOptions = {},
  ) {}

  async start(ctx: StartContext): Promise<Endpoints> {
    const n = started.get(ctx.recorder) ?? 0;
    started.set(ctx.recorder, n + 1);
    this.server = new TServer({
      name: this.name,
      observer: ctx.observer,
      connIdPrefix: (0x6f + n).toString(16).padStart(4, '0'),
      ...(this.options.host !== undefined ? { host: this.options.host } : {}),
      ...(this.options.port !== undefined ? { port: this.options.port } : {}),
      ...(this.options.token !== undefined ? { token: this.options.token } : {}),
    });
    const { url } = await this.server.start();
    return { tlib: url };
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    const server = this.server;
    if (!server) return { status: 'failed', reason: `${this.name} is not started` };
    try {
      switch (s.kind) {
        case 'link-down':
          return server.linkDown() ? { status: 'done' } : { status: 'failed', reason: `the CTI link of ${this.name} is already down` };
        case 'link-up':
          return server.linkUp() ? { status: 'done' } : { status: 'failed', reason: `the CTI link of ${this.name} is up` };
        case 'call-arrives':
          return { status: 'done', data: { connId: server.callArrives(s.dn, s.ani) } };
        case 'caller-hangs-up':
          server.callerHangsUp(s.dn);
          return { status: 'done' };
        case 'configure-after-login':
          if (!(AFTER_LOGIN as readonly string[]).includes(s.state)) return { status: 'failed', reason: `after a login an agent is ${AFTER_LOGIN.join(' or ')}, not ${s.state}` };
          server.setAfterLogin(s.state as AfterLogin);
          return { status: 'done' };
        case 'configure-dn':
          server.configureDn(s.dn, s.type as DnType);
          return { status: 'done' };
        case 'agent-at-set':
          if (!(AGENT_ACTIONS as readonly string[]).includes(s.action)) return { status: 'failed', reason: `an agent at the phone set can ${AGENT_ACTIONS.join(', ')}, not ${s.action}` };
          server.agentAtSet(s.dn, s.action as AgentAction, s.agent);
          return { status: 'done' };
        case 'disconnect':
          await server.stop();
          return { status: 'done' };
        default:
          return { status: 'unsupported', reason: `the reference T-Server takes no ${s.kind} stimulus` };
      }
    } catch (err) {
      if (err instanceof TServerError) return { status: 'failed', reason: `${err.message} (TERR ${err.code})` };
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}
