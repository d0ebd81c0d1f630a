import { announceTo, bindingFor, createAdapter, startRelay, describeStimulus, AdapterError, ReplayAdapter, STIMULI } from '../adapters/index.ts';
import type { Adapter, Bindings, Endpoints, Reach, RecordingRelay, ReplayScript, StartContext, Stimulus, FaultName } from '../adapters/index.ts';
import { faceReachedBy, ROLE_LABELS } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import type { TraceRecorder } from '../trace/recorder.ts';
import { InconclusiveError, ScenarioError, SetupError } from './scenario-error.ts';

/** A name a step used that no participant of the right kind answers to. */
export class CastError extends ScenarioError {
  override name = 'CastError';
}

export interface ParticipantSpec {
  name: string;
  role: Role;
  /** The participants it connects to, by name (started before it). */
  reach?: readonly string[];
  /** Where the scenario started it (`features/x.feature:12`), for messages that point back at the step. */
  origin?: string;
}

export interface CastMember {
  readonly name: string;
  readonly role: Role;
  readonly adapter: Adapter;
  readonly endpoints: Endpoints;
  readonly isReference: boolean;
  /** The participants it connected to. */
  readonly reaches: readonly string[];
  readonly origin?: string;
}

export interface CastContext {
  /** Replaying a recorded run: participants are looked up in it, nothing is started. */
  replay?: ReplayScript;
  recorder: TraceRecorder;
  observer: StartContext['observer'];
  bindings: Bindings;
  timers: () => Readonly<Record<string, number>>;
  faults: Readonly<Record<string, readonly string[]>>;
  attach: StartContext['attach'];
  fail: StartContext['fail'];
}

/**
 * The participants of one scenario, by the names the feature gives them: each bound to an adapter (the
 * run's bindings, else the reference), started with the endpoints it must reach, stimulated, stopped.
 * Who records a connection is decided here, once per connection: a reference server records its own;
 * in front of an external server a recording relay records every connection to it.
 */
export class Cast {
  private readonly members = new Map<string, CastMember>();
  /** One recording relay per external server, shared by all its clients. */
  private readonly relays = new Map<string, RecordingRelay>();
  /** Why a participant broke on its own (a SUT process that died), by name. */
  private readonly broken = new Map<string, string>();
  /** In start order, for stopping in reverse. */
  private readonly order: (CastMember | RecordingRelay)[] = [];

  constructor(private readonly ctx: CastContext) {}

  get(name: string): CastMember | undefined {
    return this.members.get(name);
  }

  all(): CastMember[] {
    return [...this.members.values()];
  }

  /** The one participant of a role, for steps that say just "URS". */
  only(role: Role, hint: string): CastMember {
    const of = this.all().filter((m) => m.role === role);
    if (of.length === 1) return of[0];
    throw new CastError(of.length === 0 ? `no ${ROLE_LABELS[role]} is running in this scenario: ${hint}` : `several ${ROLE_LABELS[role]}s are running (${of.map((m) => m.name).join(', ')}): name the one you mean`);
  }

  require(name: string, role: Role | undefined, what: string): CastMember {
    const m = this.members.get(name);
    if (!m || (role !== undefined && m.role !== role)) {
      const running = this.all().map((x) => `${x.name} (${ROLE_LABELS[x.role]})`).join(', ') || 'none';
      throw new CastError(`"${name}" is not ${what} in this scenario (running: ${running})`);
    }
    return m;
  }

  async start(spec: ParticipantSpec): Promise<CastMember> {
    if (this.members.has(spec.name)) throw new CastError(`a participant named "${spec.name}" is already running in this scenario`);
    if (this.ctx.replay) return this.replayed(spec, this.ctx.replay);
    const binding = bindingFor(this.ctx.bindings, spec.name, spec.role);
    if (binding.kind === 'replay') throw new SetupError(`"${spec.name}" is bound to replay, but this scenario runs live: replay binds every participant (use \`default: { kind: replay }\`)`);
    const faults = this.ctx.faults[spec.name] ?? [];
    if (faults.length > 0 && (binding.kind !== 'reference' || spec.role !== 'InteractionServer')) {
      throw new SetupError(`--inject-fault ${spec.name}=${faults.join(',')}: faults are injected into a reference Interaction Server, and "${spec.name}" is ${binding.kind === 'reference' ? `a ${ROLE_LABELS[spec.role]}` : `bound to ${binding.kind}`}`);
    }
    let adapter: Adapter;
    try {
      adapter = createAdapter(binding, spec.name, spec.role, { bindings: this.ctx.bindings, ...(faults.length ? { reference: { faults: faults as FaultName[] } } : {}) });
    } catch (err) {
      throw new SetupError((err as Error).message);
    }
    const isReference = adapter.kind === 'reference';
    const reach: Reach[] = [];
    for (const target of spec.reach ?? []) reach.push(await this.reachFor(spec, isReference, this.require(target, undefined, `a participant ${spec.name} can connect to`)));
    this.ctx.recorder.addParticipant({ name: spec.name, role: spec.role, binding: isReference ? 'reference' : 'sut', adapter: adapter.kind });
    let endpoints: Endpoints;
    try {
      const fail = (reason: string) => {
        this.broken.set(spec.name, reason);
        this.ctx.fail(reason);
      };
      endpoints = await adapter.start({ reach, observer: this.ctx.observer, recorder: this.ctx.recorder, timers: this.ctx.timers(), attach: this.ctx.attach, fail });
    } catch (err) {
      await adapter.stop().catch(() => undefined);
      const text = err instanceof AdapterError || err instanceof ScenarioError ? err.message : `${spec.name} could not start: ${(err as Error).message}`;
      this.ctx.recorder.note({ kind: 'error', participant: spec.name, text });
      throw new SetupError(text);
    }
    const member: CastMember = { name: spec.name, role: spec.role, adapter, endpoints, isReference, reaches: [...(spec.reach ?? [])], ...(spec.origin ? { origin: spec.origin } : {}) };
    this.members.set(spec.name, member);
    this.order.push(member);
    if (Object.keys(endpoints).length > 0) {
      this.ctx.recorder.note({ kind: 'info', participant: spec.name, text: `${spec.name} listens on ${Object.entries(endpoints).map(([f, u]) => `${f} ${u}`).join(', ')}`, data: { endpoints } });
    }
    return member;
  }

  private async replayed(spec: ParticipantSpec, script: ReplayScript): Promise<CastMember> {
    const adapter = new ReplayAdapter(spec.name, spec.role, script);
    try {
      await adapter.start();
    } catch (err) {
      throw new SetupError((err as Error).message);
    }
    const recorded = script.participant(spec.name);
    const member: CastMember = { name: spec.name, role: spec.role, adapter, endpoints: {}, isReference: recorded?.binding === 'reference', reaches: [...(spec.reach ?? [])], ...(spec.origin ? { origin: spec.origin } : {}) };
    this.members.set(spec.name, member);
    this.order.push(member);
    return member;
  }

  /**
   * Carries out a stimulus; resolves with what it produced. A stimulus the participant declares it
   * cannot take makes the scenario inconc; one it tried and could not carry out fails the step.
   */
  async stimulate(name: string, s: Stimulus): Promise<Record<string, unknown>> {
    const m = this.require(name, undefined, `a participant that can ${describeStimulus(s)}`);
    if (!STIMULI[s.kind].roles.includes(m.role)) {
      throw new CastError(`"${name}" is a ${ROLE_LABELS[m.role]}, which does not ${describeStimulus(s)} (a ${STIMULI[s.kind].roles.map((r) => ROLE_LABELS[r]).join(' or ')} does)`);
    }
    const where = m.isReference ? '' : ` (${m.adapter.kind})`;
    this.ctx.recorder.note({ kind: 'stimulus', participant: name, text: `${name}${where}: ${describeStimulus(s)}`, data: { stimulus: s } });
    if (!m.adapter.capabilities.has(s.kind)) {
      const declared = [...m.adapter.capabilities].join(', ') || 'none';
      const reason = `${name} declares no ${s.kind} capability (it declares: ${declared}), so the scenario cannot be decided`;
      this.ctx.recorder.note({ kind: 'stimulus', participant: name, text: `not sent: ${reason}`, data: { result: { status: 'unsupported', reason } } });
      throw new InconclusiveError(reason);
    }
    let r;
    try {
      r = await m.adapter.stimulate(s);
    } catch (err) {
      throw new SetupError(`${name} could not be asked to ${describeStimulus(s)}: ${(err as Error).message}`);
    }
    this.ctx.recorder.note({ kind: 'stimulus', participant: name, text: `${name}: ${r.status}${r.status !== 'done' ? `: ${r.reason}` : ''}`, data: { result: r } });
    if (r.status === 'unsupported') throw new InconclusiveError(`${name} cannot ${describeStimulus(s)}: ${r.reason}`);
    if (r.status === 'failed') {
      // A participant that broke under the stimulus (its process died) did not fail to conform: the setup broke, and its reason says how.
      const broke = this.broken.get(name);
      if (broke !== undefined) throw new SetupError(`while ${name} was asked to ${describeStimulus(s)}: ${broke}`);
      throw new ScenarioError(`${name} could not ${describeStimulus(s)}: ${r.reason}`, m.isReference ? 'error' : 'fail');
    }
    return r.data ?? {};
  }

  /** Stops everyone in the reverse of start order: clients, then the relay in front of their server, then the server. */
  async stopAll(onError: (name: string, err: Error) => void): Promise<void> {
    for (const x of this.order.splice(0).reverse()) {
      try {
        if ('adapter' in x) await x.adapter.stop();
        else await x.stop();
      } catch (err) {
        onError('adapter' in x ? x.name : 'relay', err as Error);
      }
    }
    this.members.clear();
    this.broken.clear();
  }

  /**
   * What a client is given to reach a server. A reference server records its own connections. In
   * front of an external server the harness places one recording relay, and every client reaches the
   * server through it — reference clients too: with one recording point per server, the trace orders
   * the server's connections as the server's neighbour saw them. Recorded at each client's end, frames
   * of different sockets would reach the trace in whatever order the OS handed them over, and a model
   * that orders messages on two connections (RequestReject after the Reporting EventAgentInvited) would
   * fail a conformant server now and then.
   */
  private async reachFor(client: ParticipantSpec, clientIsReference: boolean, server: CastMember): Promise<Reach> {
    const face = faceReachedBy(client.role, server.role);
    if (face === undefined || server.endpoints[face] === undefined) {
      throw new CastError(`${client.name} (${ROLE_LABELS[client.role]}) cannot connect to ${server.name} (${ROLE_LABELS[server.role]})${face ? `: it offers no ${face} endpoint` : ''}`);
    }
    const endpoints = server.isReference ? server.endpoints : (await this.relayFor(server)).endpoints;
    const own: Endpoints = { [face]: endpoints[face] };
    // An external client is named in the trace by the URL it is given, whatever it calls itself; a reference client announces itself.
    // (A tcp:// URL carries no query: there the first message names the peer, by its protocol's rule.)
    const given = clientIsReference ? own : Object.fromEntries(Object.entries(own).map(([f, u]) => [f, u.startsWith('ws') ? announceTo(u, client.name, client.role) : u]));
    return { name: server.name, role: server.role, endpoints: given, record: false };
  }

  private async relayFor(server: CastMember): Promise<RecordingRelay> {
    let relay = this.relays.get(server.name);
    if (!relay) {
      relay = await startRelay({ server: { name: server.name, role: server.role, endpoints: server.endpoints }, observer: this.ctx.observer });
      this.relays.set(server.name, relay);
      this.order.push(relay);
      this.ctx.recorder.note({ kind: 'info', participant: server.name, text: `recording relay in front of ${server.name}: ${Object.entries(relay.endpoints).map(([f, u]) => `${f} ${u}`).join(', ')}`, data: { endpoints: relay.endpoints } });
    }
    return relay;
  }
}
