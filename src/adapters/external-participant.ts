import { ROLE_LABELS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import type { Endpoints, Reach, StartContext } from './adapter.ts';
import { AdapterError, StartUnsupportedError } from './adapter.ts';
import type { ControlLink, ControlReply } from './control-link.ts';
import { describeStimulus, isStimulusKind } from './stimulus.ts';
import type { Stimulus, StimulusKind, StimulusResult } from './stimulus.ts';

/**
 * What the process and remote adapters share: capabilities (the binding's claim, else the hello's), the
 * start request with the endpoints to reach, stimuli and stop over the control channel.
 */
export class ExternalControl {
  private declared: Set<StimulusKind> | undefined;
  private link: ControlLink | undefined;
  identity: Record<string, unknown> | undefined;

  constructor(
    readonly name: string,
    readonly role: Role,
    /** `process node desktop.mjs`, `remote ws://…`: how errors name the SUT. */
    readonly what: string,
    claimed: readonly StimulusKind[] | undefined,
    private readonly stimulusTimeoutMs: number,
  ) {
    if (claimed) this.declared = new Set(claimed);
  }

  get capabilities(): ReadonlySet<StimulusKind> {
    return this.declared ?? new Set();
  }

  /** Whether the control channel is up (it goes down when the SUT stops or dies). */
  get connected(): boolean {
    return this.link?.isOpen === true;
  }

  /** Hello, then start; resolves with the endpoints the SUT says it offers. */
  async begin(link: ControlLink, ctx: StartContext, deadline: number, complain: (t: string) => void): Promise<Endpoints> {
    this.link = link;
    const hello = await withDeadline(link.hello, deadline, `${this.name} (${this.what}) did not say hello on its control channel`);
    if (hello.participant !== undefined && hello.participant !== this.name) {
      complain(`${this.name} said hello as "${hello.participant}"; the scenario names it "${this.name}" and so does the trace`);
    }
    if (this.declared === undefined && hello.capabilities) {
      const known = hello.capabilities.filter(isStimulusKind);
      const unknown = hello.capabilities.filter((c) => !isStimulusKind(c));
      if (unknown.length) complain(`${this.name} claims capabilities flowcert does not know: ${unknown.join(', ')}`);
      this.declared = new Set(known);
    }
    this.identity = hello.identity;
    const reply = await withDeadline(
      link.request({ type: 'start', participant: this.name, role: this.role, endpoints: endpointsByName(ctx.reach), roles: Object.fromEntries(ctx.reach.map((r) => [r.name, r.role])), timers: { ...ctx.timers }, timerOverrides: [...(ctx.timerOverrides ?? [])], ...(ctx.profile !== undefined ? { profile: ctx.profile } : {}), ...(ctx.logKeep !== undefined ? { logKeep: ctx.logKeep } : {}) }, Math.max(1, deadline - performance.now())),
      deadline,
      `${this.name} (${this.what}) did not finish starting`,
    );
    if (reply.status === 'unsupported') throw new StartUnsupportedError(`${this.name} (${this.what}) cannot take part as this scenario sets it up: ${reply.reason ?? 'it answered its start unsupported'}`);
    if (reply.status !== 'done') throw new AdapterError(`${this.name} (${this.what}) could not start: ${reply.status}${reply.reason ? `: ${reply.reason}` : ''}`);
    const offered = reply.data?.endpoints ?? hello.endpoints;
    return isEndpoints(offered) ? offered : {};
  }

  async stimulate(s: Stimulus): Promise<StimulusResult> {
    if (!this.capabilities.has(s.kind)) {
      const has = [...this.capabilities].join(', ') || 'none';
      return { status: 'unsupported', reason: `${this.name} (${this.what}) declares no ${s.kind} capability (it declares: ${has}), so it cannot be asked to ${describeStimulus(s)}` };
    }
    if (!this.link) return { status: 'unsupported', reason: `${this.name} (${this.what}) has no control channel, so it cannot be asked to ${describeStimulus(s)}` };
    let reply: ControlReply;
    try {
      reply = await this.link.request({ type: 'stimulus', stimulus: s }, this.stimulusTimeoutMs);
    } catch (err) {
      return { status: 'failed', reason: (err as Error).message };
    }
    if (reply.status === 'done') return { status: 'done', ...(reply.data ? { data: reply.data } : {}) };
    return { status: reply.status, reason: reply.reason ?? `${this.name} gave no reason` };
  }

  /** Asks the SUT to stop (it disconnects from everything), then closes the channel. Never throws. */
  async end(timeoutMs: number): Promise<void> {
    const link = this.link;
    this.link = undefined;
    if (!link?.isOpen) return;
    try {
      await link.request({ type: 'stop' }, timeoutMs);
    } catch {
      // Gone or silent: the adapter stops it the hard way.
    }
    link.close();
  }
}

/** `{ IS1: { im: 'ws://…' } }`: the endpoints a SUT must reach, by participant name, as the start request carries them. */
export function endpointsByName(reach: readonly Reach[]): Record<string, Record<string, string>> {
  return Object.fromEntries(reach.map((r) => [r.name, { ...r.endpoints }]));
}

/** The environment a spawned SUT gets: its name and role, its control URL, and the endpoints it must reach. */
export function sutEnvironment(name: string, role: Role, reach: readonly Reach[], controlUrl: string | undefined, timers: Readonly<Record<string, number>>, profile?: string): Record<string, string> {
  const env: Record<string, string> = {
    FLOWCERT_PARTICIPANT: name,
    FLOWCERT_ROLE: role,
    FLOWCERT_ENDPOINTS: JSON.stringify(endpointsByName(reach)),
    FLOWCERT_TIMERS: JSON.stringify(timers),
  };
  if (controlUrl !== undefined) env.FLOWCERT_CONTROL_URL = controlUrl;
  if (profile !== undefined) env.FLOWCERT_PROFILE = profile;
  // The common case, one server to reach over one face, gets a plain URL too.
  if (reach.length === 1) {
    const urls = Object.values(reach[0].endpoints);
    if (urls.length >= 1) env.FLOWCERT_SERVER_URL = urls[0];
  }
  return env;
}

export function describeParticipant(name: string, role: Role): string {
  return `${name} (${ROLE_LABELS[role]})`;
}

function isEndpoints(v: unknown): v is Endpoints {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((u) => typeof u === 'string');
}

/** A promise, or an AdapterError `<what> within N ms` once the deadline passes. */
export function withDeadline<T>(p: Promise<T>, deadline: number, what: string): Promise<T> {
  const left = deadline - performance.now();
  if (left <= 0) return Promise.reject(new AdapterError(`${what}: no time left`));
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AdapterError(`${what} within ${Math.round(left)} ms`)), left);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof AdapterError ? err : new AdapterError(`${what}: ${(err as Error).message}`));
      },
    );
  });
}
