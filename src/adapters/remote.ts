import type { Role } from '../catalog/types.ts';
import type { Adapter, Endpoints, StartContext, StopOptions } from './adapter.ts';
import { AdapterError } from './adapter.ts';
import type { RemoteBinding } from './binding.ts';
import { ControlLink, connectControl } from './control-link.ts';
import { ExternalControl, withDeadline } from './external-participant.ts';
import { waitUntilHeard, waitUntilListening } from './readiness.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';

const DEFAULT_START_MS = 10_000;

/**
 * A system under test that runs on its own, started by somebody else. A server role is reached at the
 * endpoints its binding names; a client role connects to the endpoints the harness offers, which it
 * learns from the start request on its control channel (the harness connects to the control URL the
 * binding names). Without a control channel, a client must find the harness by itself (fixed ports)
 * and takes no stimuli.
 */
export class RemoteAdapter implements Adapter {
  readonly kind = 'remote' as const;
  private readonly control: ExternalControl;

  constructor(
    readonly name: string,
    readonly role: Role,
    private readonly binding: RemoteBinding,
  ) {
    this.control = new ExternalControl(name, role, `remote ${binding.control ?? Object.values(binding.endpoints ?? {})[0] ?? 'system'}`, binding.capabilities, binding.stimulusTimeoutMs ?? 10_000);
  }

  get capabilities(): ReadonlySet<StimulusKind> {
    return this.control.capabilities;
  }

  get identity(): Record<string, unknown> | undefined {
    return this.control.identity;
  }

  async start(ctx: StartContext): Promise<Endpoints> {
    try {
      return await this.begin(ctx);
    } catch (err) {
      const e = err instanceof AdapterError ? err : new AdapterError((err as Error).message);
      if (this.binding.at) e.message += ` (bound at ${this.binding.at})`;
      throw e;
    }
  }

  private async begin(ctx: StartContext): Promise<Endpoints> {
    const who = `${this.name} (${this.control.what})`;
    const deadline = performance.now() + (this.binding.startTimeoutMs ?? DEFAULT_START_MS);
    const complain = (text: string) => ctx.recorder.note({ kind: 'error', participant: this.name, text });
    let offered: Endpoints = {};
    if (this.binding.control) {
      const socket = await withDeadline(connectControl(this.binding.control, deadline), deadline, `${who}: its control endpoint ${this.binding.control} did not accept a connection`);
      offered = await this.control.begin(new ControlLink(socket, who, complain), ctx, deadline, complain);
    }
    if (this.binding.endpoints) {
      await waitUntilListening(this.binding.endpoints, deadline, who);
      return { ...offered, ...this.binding.endpoints };
    }
    if (!this.binding.control) {
      if (Object.keys(ctx.reach).length === 0) throw new AdapterError(`${who} has neither endpoints nor a control channel in its binding: the harness cannot reach it`);
      await waitUntilHeard(ctx.recorder, this.name, deadline, who);
    }
    return offered;
  }

  stimulate(s: Stimulus): Promise<StimulusResult> {
    return this.control.stimulate(s);
  }

  /** Asks it to stop; urgent (the run was interrupted), it gets a quarter of a second to answer. */
  async stop(opts: StopOptions = {}): Promise<void> {
    await this.control.end(opts.urgent ? 250 : 2000);
  }
}
