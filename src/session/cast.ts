import { announceTo, bindingFor, createAdapter, startRelay, describeStimulus, AdapterError, ReplayAdapter, STIMULI, StartUnsupportedError } from '../adapters/index.ts';
import type { Adapter, Bindings, Endpoints, Reach, RecordingRelay, ReplayScript, StartContext, Stimulus, StopOptions, FaultName } from '../adapters/index.ts';
import { faceReachedBy, facesOf, PROTOCOL_LABELS, ROLE_LABELS } from '../catalog/registry.ts';
import type { ProtocolId } from '../catalog/registry.ts';
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
  /** false: it connects and does not register (a reference agent application only). */
  registers?: false;
  /** A Stat Server's capacity rule file (its text, and its path for positioned errors). */
  capacityRules?: { file: string; text: string };
}

export interface CastMember {
  readonly name: string;
  readonly role: Role;
  readonly adapter: Adapter;
  readonly endpoints: Endpoints;
  readonly isReference: boolean;
  /** An external server that records its own trace (ProcessBinding.recordsItself): no relay in front of it. */
  readonly recordsItself?: true;
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
  /**
   * The timers a participant starts with (and which of them are run overrides), asked as each starts:
   * the session may settle a timer then, by who runs it (the run's fast default only for the reference).
   */
  timers: (who: { name: string; role: Role; reference: boolean }) => { values: Readonly<Record<string, number>>; overrides: readonly string[] };
  faults: Readonly<Record<string, readonly string[]>>;
  /** The run's profile, given to every participant as it starts (a reference server acts it out). */
  profile?: string;
  /** How much of its logs each reference participant keeps (StartContext.logKeep); absent or undefined: everything. */
  logKeep?: (who: { name: string; role: Role }) => number | undefined;
  attach: StartContext['attach'];
  attachNow?: StartContext['attachNow'];
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
  /**
   * Participants whose start is under way, each with the promise that settles when start() is done with
   * it: a scenario interrupted in the middle of a start must not leave that participant running.
   */
  private readonly starting = new Map<Adapter, Promise<unknown>>();
  /** stopAll() was called: a start that finishes after it stops its participant at once. */
  private stopping = false;
  /** The run was interrupted: every stop from now on is urgent. */
  private urgent = false;
  /** The ones being stopped now, so that hurry() can hurry them. */
  private readonly stoppingNow = new Set<Adapter>();

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
    if (spec.registers === false && !(isReference && spec.role === 'AgentApplication')) {
      // A system under test registers as it was built to; flowcert cannot tell it not to, so what the scenario asks cannot be decided.
      throw new InconclusiveError(
        isReference
          ? `"${spec.name}" is a reference ${ROLE_LABELS[spec.role]}, which always registers: only a reference agent application can connect without registering`
          : `"${spec.name}" is bound to ${binding.kind}: flowcert cannot tell a system under test to connect without registering, so the scenario cannot be decided`,
      );
    }
    if (spec.capacityRules && !isReference) {
      // flowcert cannot configure a Stat Server under test: the verdicts hold only if it runs the same rules.
      this.ctx.recorder.note({ kind: 'info', participant: spec.name, text: `the capacity rules in ${spec.capacityRules.file} go to a reference Stat Server only; "${spec.name}" is bound to ${binding.kind} and runs the rules it is configured with — configure it with the same ones` });
    }
    if (!isReference && binding.protocols) this.requireDeclaredProtocols(spec, binding.kind, binding.protocols);
    const reach: Reach[] = [];
    for (const target of spec.reach ?? []) reach.push(await this.reachFor(spec, isReference, this.require(target, undefined, `a participant ${spec.name} can connect to`)));
    this.ctx.recorder.addParticipant({ name: spec.name, role: spec.role, binding: isReference ? 'reference' : 'sut', adapter: adapter.kind });
    const starting = this.startAdapter(spec, adapter, reach);
    this.starting.set(adapter, starting.catch(() => undefined));
    let endpoints: Endpoints;
    try {
      endpoints = await starting;
    } finally {
      this.starting.delete(adapter);
    }
    const recordsItself = !isReference && binding.kind === 'process' && binding.recordsItself === true;
    const member: CastMember = { name: spec.name, role: spec.role, adapter, endpoints, isReference, ...(recordsItself ? { recordsItself: true as const } : {}), reaches: [...(spec.reach ?? [])], ...(spec.origin ? { origin: spec.origin } : {}) };
    this.members.set(spec.name, member);
    this.order.push(member);
    if (Object.keys(endpoints).length > 0) {
      this.ctx.recorder.note({ kind: 'info', participant: spec.name, text: `${spec.name} listens on ${Object.entries(endpoints).map(([f, u]) => `${f} ${u}`).join(', ')}`, data: { endpoints } });
    }
    return member;
  }

  private async startAdapter(spec: ParticipantSpec, adapter: Adapter, reach: Reach[]): Promise<Endpoints> {
    let endpoints: Endpoints;
    try {
      const fail = (reason: string) => {
        this.broken.set(spec.name, reason);
        this.ctx.fail(reason);
      };
      const timers = this.ctx.timers({ name: spec.name, role: spec.role, reference: adapter.kind === 'reference' });
      endpoints = await adapter.start({ reach, observer: this.ctx.observer, recorder: this.ctx.recorder, timers: timers.values, timerOverrides: timers.overrides, ...(this.ctx.profile !== undefined ? { profile: this.ctx.profile } : {}), ...keepOf(this.ctx.logKeep?.(spec)), attach: this.ctx.attach, ...(this.ctx.attachNow ? { attachNow: this.ctx.attachNow } : {}), fail, ...(spec.registers === false ? { register: false as const } : {}), ...(spec.capacityRules ? { capacityRules: spec.capacityRules } : {}) });
    } catch (err) {
      await adapter.stop({ urgent: this.urgent }).catch(() => undefined);
      const text = err instanceof AdapterError || err instanceof ScenarioError ? err.message : `${spec.name} could not start: ${(err as Error).message}`;
      if (err instanceof StartUnsupportedError) {
        this.ctx.recorder.note({ kind: 'info', participant: spec.name, text: `${text}, so the scenario cannot be decided` });
        throw new InconclusiveError(`${text}, so the scenario cannot be decided`);
      }
      this.ctx.recorder.note({ kind: 'error', participant: spec.name, text });
      throw new SetupError(text);
    }
    if (this.stopping) {
      // The scenario ended (interrupted) while this one started: stopped now, not left running behind it.
      await adapter.stop({ urgent: this.urgent }).catch(() => undefined);
      throw new SetupError(`${spec.name} finished starting after the scenario was over`);
    }
    return endpoints;
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

  /**
   * Stops everyone in the reverse of start order: clients, then the relay in front of their server, then
   * the server. Participants still starting are the newest, so they go first: stopping one ends its start.
   * `urgent` (the run was interrupted): each is given far less time to leave, and all are stopped at
   * once — the teardown then takes as long as the slowest, not as long as all of them together.
   */
  async stopAll(onError: (name: string, err: Error) => void, opts: StopOptions = {}): Promise<void> {
    this.stopping = true;
    if (opts.urgent) this.urgent = true;
    const inFlight = [...this.starting];
    const stopStarting = async () => {
      await Promise.all(inFlight.map(([adapter]) => this.stopOne(adapter, onError)));
      // Bounded: a start that ignores its participant stopping must not hold the teardown.
      await settlesWithin(Promise.all(inFlight.map(([, p]) => p)), this.urgent ? 1000 : 10_000);
    };
    const stop = async (x: CastMember | RecordingRelay) => {
      if ('adapter' in x) await this.stopOne(x.adapter, onError);
      else {
        try {
          await x.stop();
        } catch (err) {
          onError('relay', err as Error);
        }
      }
      // Forgotten once stopped, not before: abandon() must still find the ones being stopped.
      this.order.splice(this.order.indexOf(x), 1);
    };
    const started = [...this.order].reverse();
    if (this.urgent) await Promise.all([stopStarting(), ...started.map(stop)]);
    else {
      await stopStarting();
      for (const x of started) await stop(x);
    }
    this.members.clear();
    this.broken.clear();
  }

  private async stopOne(adapter: Adapter, onError: (name: string, err: Error) => void): Promise<void> {
    this.stoppingNow.add(adapter);
    try {
      await adapter.stop({ urgent: this.urgent });
    } catch (err) {
      onError(adapter.name, err as Error);
    } finally {
      this.stoppingNow.delete(adapter);
    }
  }

  /** The run was interrupted during the teardown: the stop under way and every one after it are urgent. */
  hurry(): void {
    this.urgent = true;
    for (const adapter of this.stoppingNow) void adapter.stop({ urgent: true }).catch(() => undefined);
  }

  /** flowcert is exiting this instant (a second Ctrl-C): whatever would outlive it is ended, synchronously. */
  abandon(): void {
    for (const adapter of this.starting.keys()) adapter.abandon?.();
    for (const x of this.order) if ('adapter' in x) x.adapter.abandon?.();
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
  /**
   * A system under test that declares the protocols it speaks is not applicable to a scenario that would
   * connect it to a face carrying another: inconc before it is recorded as a participant, so a
   * certificate does not count the scenario (an Interaction Management desktop in a T-Server feature).
   */
  private requireDeclaredProtocols(spec: ParticipantSpec, kind: string, declared: readonly ProtocolId[]): void {
    for (const target of spec.reach ?? []) {
      const server = this.members.get(target);
      const face = server && faceReachedBy(spec.role, server.role);
      if (!server || face === undefined) continue;
      // A face carries several protocols (the Interaction Server's im: Interaction Management, Reporting,
      // ESP) and a client speaks the ones of its role: one in common is enough.
      const carried = facesOf(server.role)[face].protocols;
      if (!carried.some((p) => declared.includes(p))) {
        throw new InconclusiveError(
          `"${spec.name}" is bound to ${kind} and speaks ${declared.map((p) => PROTOCOL_LABELS[p]).join(', ')}; this scenario connects it to ${server.name}'s ${face} face, which carries ${carried.map((p) => PROTOCOL_LABELS[p]).join(', ')}: not applicable to it`,
        );
      }
    }
  }

  private async reachFor(client: ParticipantSpec, clientIsReference: boolean, server: CastMember): Promise<Reach> {
    const face = faceReachedBy(client.role, server.role);
    if (face === undefined || server.endpoints[face] === undefined) {
      throw new CastError(`${client.name} (${ROLE_LABELS[client.role]}) cannot connect to ${server.name} (${ROLE_LABELS[server.role]})${face ? `: it offers no ${face} endpoint` : ''}`);
    }
    const endpoints = server.isReference || server.recordsItself ? server.endpoints : (await this.relayFor(server)).endpoints;
    const own: Endpoints = { [face]: endpoints[face] };
    // An external client is named in the trace by the URL it is given, whatever it calls itself; a reference client announces itself.
    // (A tcp:// URL carries no query: there the first message names the peer, by its protocol's rule.)
    const given = clientIsReference ? own : Object.fromEntries(Object.entries(own).map(([f, u]) => [f, u.startsWith('ws') ? announceTo(u, client.name, client.role) : u]));
    // A server that records itself keeps the trace that is judged; a reference client's own record of its end is for timing.
    return { name: server.name, role: server.role, endpoints: given, record: server.recordsItself === true && clientIsReference };
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

/** Whether `p` settles within ms. */
function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function keepOf(n: number | undefined): { logKeep?: number } {
  return n !== undefined ? { logKeep: n } : {};
}
