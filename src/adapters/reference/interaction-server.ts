import { InteractionServer, FAULT_NAMES, describeReadings } from '../../servers/index.ts';
import type { FaultName, InteractionServerOptions } from '../../servers/index.ts';
import type { TraceRecorder } from '../../trace/recorder.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
import { stimuliOf } from '../stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from '../stimulus.ts';

export interface InteractionServerBindingOptions {
  host?: string;
  port?: number;
  /** Clients must present it (`?token=`); the endpoints it offers carry it, so every client the harness starts does. */
  token?: string;
  faults?: readonly FaultName[];
}

/** Interaction servers started per recording: each gets its own id prefix, so two in one trace never share interaction ids. */
const started = new WeakMap<TraceRecorder, number>();

/** The reference Interaction Server: a real WebSocket server that records every connection it serves. */
export class ReferenceInteractionServerAdapter implements Adapter {
  readonly kind = 'reference' as const;
  readonly role = 'InteractionServer' as const;
  readonly capabilities = new Set<StimulusKind>(stimuliOf('InteractionServer'));
  private server: InteractionServer | undefined;
  /** What it was started with, to restart it the same way. */
  private serverOptions: InteractionServerOptions | undefined;
  private port = 0;
  /** Disconnected and not restarted yet. */
  private down = false;

  constructor(
    readonly name: string,
    private readonly options: InteractionServerBindingOptions = {},
  ) {
    for (const f of options.faults ?? []) {
      if (!(FAULT_NAMES as readonly string[]).includes(f)) throw new Error(`unknown Interaction Server fault "${f}"; faults: ${FAULT_NAMES.join(', ')}`);
    }
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    const n = started.get(ctx.recorder) ?? 0;
    started.set(ctx.recorder, n + 1);
    const delivering = ctx.timers.delivering;
    // A run override (--timer, the fast default) may be shorter than the option allows; configuration may not.
    const overridden = ctx.timerOverrides?.includes('delivering') === true;
    const registration = ctx.timers.registration;
    const handling = ctx.timers.handling;
    const handlingOverridden = ctx.timerOverrides?.includes('handling') === true;
    this.serverOptions = {
      name: this.name,
      observer: ctx.observer,
      interactionIdPrefix: (0x1000 + n).toString(16).toUpperCase(),
      ...(this.options.host !== undefined ? { host: this.options.host } : {}),
      ...(this.options.token !== undefined ? { token: this.options.token } : {}),
      ...(delivering !== undefined ? (overridden ? { deliveringTimeoutOverrideMs: delivering } : { deliveringTimeoutMs: delivering }) : {}),
      ...(registration !== undefined ? { registrationTimeoutMs: registration } : {}),
      ...(handling !== undefined ? (handlingOverridden ? { handlingTimeoutOverrideMs: handling } : { handlingTimeoutMs: handling }) : {}),
      ...(this.options.faults?.length ? { faults: this.options.faults } : {}),
      ...(ctx.profile !== undefined ? { profile: ctx.profile } : {}),
    };
    this.server = new InteractionServer({ ...this.serverOptions, ...(this.options.port !== undefined ? { port: this.options.port } : {}) });
    if (ctx.profile !== undefined) ctx.recorder.note({ kind: 'info', participant: this.name, text: `${this.name} acts out profile ${ctx.profile}: ${describeReadings(ctx.profile)}`, data: { profile: ctx.profile } });
    const address = await this.server.start();
    this.port = address.port;
    return { im: address.url, tlib: address.tlibUrl };
  }

  /**
   * disconnect: the server goes away — every connection closed, the port no longer listening (GenEM
   * "Interaction Server Disconnects"). restart: it listens again on the same port, as the same participant,
   * with no memory of its clients, agents or interactions (GenEM "Interaction Server Restarts").
   */
  async stimulate(s: Stimulus): Promise<StimulusResult> {
    if (s.kind === 'configure-workbin') {
      if (!this.server) return { status: 'failed', reason: `${this.name} is not started` };
      this.server.configureWorkbin(s.workbin);
      return { status: 'done' };
    }
    if (s.kind === 'disconnect') {
      if (!this.server || this.down) return { status: 'failed', reason: `${this.name} is not running, so it cannot disconnect` };
      this.down = true;
      await this.server.stop();
      return { status: 'done' };
    }
    if (s.kind === 'restart') {
      if (!this.server || this.serverOptions === undefined) return { status: 'failed', reason: `${this.name} never started, so it cannot restart` };
      if (!this.down) return { status: 'failed', reason: `${this.name} is running: disconnect it before it restarts` };
      this.server = new InteractionServer({ ...this.serverOptions, port: this.port });
      try {
        await this.server.start();
      } catch (err) {
        return { status: 'failed', reason: `${this.name} could not listen again on port ${this.port}: ${(err as Error).message}` };
      }
      this.down = false;
      return { status: 'done' };
    }
    return { status: 'unsupported', reason: `the reference Interaction Server takes no ${s.kind} stimulus` };
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}
