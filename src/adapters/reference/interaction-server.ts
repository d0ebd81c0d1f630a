import { InteractionServer, FAULT_NAMES } from '../../servers/index.ts';
import type { FaultName } from '../../servers/index.ts';
import type { TraceRecorder } from '../../trace/recorder.ts';
import type { Adapter, Endpoints, StartContext } from '../adapter.ts';
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
  readonly capabilities = new Set<StimulusKind>(['configure-workbin']);
  private server: InteractionServer | undefined;

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
    const handling = ctx.timers.handling;
    const handlingOverridden = ctx.timerOverrides?.includes('handling') === true;
    this.server = new InteractionServer({
      name: this.name,
      observer: ctx.observer,
      interactionIdPrefix: (0x1000 + n).toString(16).toUpperCase(),
      ...(this.options.host !== undefined ? { host: this.options.host } : {}),
      ...(this.options.port !== undefined ? { port: this.options.port } : {}),
      ...(this.options.token !== undefined ? { token: this.options.token } : {}),
      ...(delivering !== undefined ? (overridden ? { deliveringTimeoutOverrideMs: delivering } : { deliveringTimeoutMs: delivering }) : {}),
      ...(handling !== undefined ? (handlingOverridden ? { handlingTimeoutOverrideMs: handling } : { handlingTimeoutMs: handling }) : {}),
      ...(this.options.faults?.length ? { faults: this.options.faults } : {}),
    });
    const address = await this.server.start();
    return { im: address.url, tlib: address.tlibUrl };
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    if (s.kind === 'configure-workbin') {
      if (!this.server) return { status: 'failed', reason: `${this.name} is not started` };
      this.server.configureWorkbin(s.workbin);
      return { status: 'done' };
    }
    return { status: 'unsupported', reason: `the reference Interaction Server takes no ${s.kind} stimulus (Interaction Server disconnect and restart come with the Disconnection and Failover model, not built yet)` };
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}
