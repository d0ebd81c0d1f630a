import { performance } from 'node:perf_hooks';
import type { Bindings } from '../adapters/index.ts';
import { Session } from '../session/session.ts';
import type { TraceEntry, TraceNote } from '../trace/types.ts';
import { deliverEvent } from './deliver-steps.ts';
import { Latency } from './latency.ts';
import type { StepName } from './deliver-steps.ts';
import { Pacer } from './pacer.ts';
import { SampleTrace } from './sample-trace.ts';
import { Timeline } from './timeline.ts';
import type { LoadSecond } from './timeline.ts';

/** What a load run of Deliver Interaction to Agent drives, as `flowcert load` was told. */
export interface DeliverLoadOptions {
  rate: number;
  /** The rate climbs from 0 to `rate` over this long first (ms; pacer.ts); 0: none. */
  rampMs?: number;
  durationMs: number;
  agents: number;
  limit: number;
  count: number;
  /** Every `sampleEvery`-th instance is kept for the model check (1: every one). */
  sampleEvery: number;
  /** The delivering timer the Interaction Server runs (ms). */
  deliveringMs: number;
  faults: Record<string, string[]>;
  bindings?: Bindings;
  /** An instance not finished this long after its route is given up (counted as incomplete, its agent freed). */
  giveUpMs: number;
  onProgress?: (p: LoadProgress) => void;
  interrupt?: AbortSignal;
  /**
   * The Interaction Server records its own trace (its own process: ProcessBinding.recordsItself), and
   * that is what the sample is checked on; the harness then keeps no sample of its own.
   */
  serverSamples?: boolean;
  /** CPU time (µs, user + system) this process has used so far: the caller's to give (only the CLI touches process). */
  cpuMicros?: () => number;
  /** CPU time (µs) the processes this one started (the Interaction Server's own) have used so far; undefined when it cannot be read. */
  serverCpuMicros?: () => number | undefined;
}

export interface LoadProgress {
  elapsedMs: number;
  started: number;
  completed: number;
  inFlight: number;
  /** Completed in the last second. */
  lastSecond: number;
  /** Event-loop utilisation of this process over the last second (0–1). */
  elu: number;
}

/** The driving part of a run: counts, latencies per step, and the sampled part of the trace. */
export interface DeliverLoadOutcome {
  session: Session;
  sample: SampleTrace;
  latency: Record<StepName, Latency>;
  started: number;
  completed: number;
  incomplete: number;
  /**
   * Submits or routes the servers refused (EventError), or that could not be carried out (no answer, a
   * connection or participant gone): the instance never began. Interrupted, only the servers' own
   * EventError answers before the interrupt are here; the rest is in `cut`.
   */
  refused: string[];
  /**
   * Instances the interrupt cut short: in flight when it came (no longer waited for), or whose request
   * failed for want of an answer once the run was interrupted — Ctrl-C in a terminal stops the server
   * processes too, and the harness may hear of it after their connections closed.
   */
  cut: number;
  /** Interrupted before the first instance started: how far the start-up got. */
  startup?: { agentsLoggedIn: number };
  heldByLimit: number;
  /** From the first start to the last completion (ms). */
  activeMs: number;
  /** Event-loop utilisation over the driving (0–1): near 1, the harness's own process is the bottleneck. */
  elu: number;
  /** CPU this process spent driving (ms), start-up and login of the agents left out; undefined when not measured. */
  cpuMs?: number;
  /** CPU the processes the run started (the Interaction Server's, the Stat Server's) spent meanwhile (ms), when there are some and it could be read. */
  serverCpuMs?: number;
  /** Second by second, for where it saturated. */
  timeline: LoadSecond[];
  /**
   * The harness's `lag` notes (its own trace's clock), for a sample checked on a trace another process
   * recorded (harness-lag.ts); filled until the session is disposed.
   */
  harnessLag: TraceNote[];
}

const IS = 'IS1';
/** Items each agent's desktop and the media server keep in their logs (the load waits on answers, never on their history). */
const PARTICIPANT_LOG_KEEP = 16;
const URS = 'URS';
const MEDIA = 'E-mail Server';

/** Who drives the load (every one stays in the harness's process, played by the reference), besides the agents' desktops (desktopOf). */
export const DRIVERS = [
  { name: 'Stat Server', role: 'StatServer' },
  { name: URS, role: 'URS' },
  { name: MEDIA, role: 'MediaServer' },
] as const;
/** The Interaction Server under load. */
export const LOADED = { name: IS, role: 'InteractionServer' } as const;
/** The Stat Server: the Interaction Server's Reporting client, in the harness's process unless the run gives it one of its own. */
export const STAT = DRIVERS[0];

/**
 * Drives Deliver/accept at a target rate: an interaction submitted to a queue, routed by URS to a free
 * agent, whose desktop accepts the invitation; the agent is free again once URS hears EventRouteUsed
 * (the model's last message). Stimuli go through the session, so a participant bound to a SUT is
 * driven through its adapter the same way; latencies are read from the trace as it is recorded.
 */
export async function driveDeliver(opts: DeliverLoadOptions): Promise<DeliverLoadOutcome> {
  const now = () => performance.now();
  const elu = performance.eventLoopUtilization;
  const session = Session.create({
    name: `load: deliver-interaction-to-agent accept at ${opts.rate}/s`,
    traceFile: null,
    // Nothing is judged on the whole trace: the sampled part is kept beside it (SampleTrace).
    maxEntriesInMemory: 0,
    // Nor does anything read the participants' history, but for URS's offers (EventRouteRequest), which a
    // route waits for: those are kept well beyond what can be in flight. Kept whole, they grew ~3 KB per instance.
    participantLogKeep: (who) => (who.role === 'URS' ? Math.max(1000, 4 * Math.min(opts.limit, opts.agents)) : PARTICIPANT_LOG_KEEP),
    timers: { delivering: opts.deliveringMs },
    faults: opts.faults,
    ...(opts.bindings ? { bindings: opts.bindings } : {}),
    ...(opts.interrupt ? { interrupt: opts.interrupt } : {}),
  });
  const sample = new SampleTrace();
  const latency = Object.fromEntries(['submit', 'invite', 'accept', 'route-used', 'delivery'].map((s) => [s, new Latency()])) as Record<StepName, Latency>;
  const pacer = new Pacer({ rate: opts.rate, limit: Math.min(opts.limit, opts.agents), count: opts.count, ...(opts.rampMs ? { rampMs: opts.rampMs } : {}) });
  const timeline = new Timeline((ms) => pacer.targetAt(ms));
  let t0 = Infinity;
  const live = new Map<string, { agent: number; route?: number; invite?: number; accept?: number; done: () => void }>();
  // Kept until the session is disposed, after the drive: a stall near the end is written when its window closes.
  const harnessLag: TraceNote[] = [];
  if (opts.serverSamples) session.recorder.subscribe((e: TraceEntry) => void (e.type === 'note' && e.kind === 'lag' && harnessLag.push(e)));
  const unsubscribe = session.recorder.subscribe((e: TraceEntry) => {
    if (!opts.serverSamples) sample.offer(e);
    const ev = deliverEvent(e);
    if (!ev) return;
    const inst = live.get(ev.interaction);
    if (!inst) return;
    const t = e.t;
    if (ev.event === 'route') inst.route ??= t;
    else if (ev.event === 'invite' && inst.invite === undefined) {
      inst.invite = t;
      if (inst.route !== undefined) {
        latency.invite.record(t - inst.route);
        timeline.invite(now() - t0, t - inst.route);
      }
    } else if (ev.event === 'accept' && inst.accept === undefined) {
      inst.accept = t;
      if (inst.invite !== undefined) latency.accept.record(t - inst.invite);
    } else if (ev.event === 'route-used' && e.type === 'message' && e.to === URS) {
      if (inst.accept !== undefined) latency['route-used'].record(t - inst.accept);
      if (inst.route !== undefined) latency.delivery.record(t - inst.route);
      inst.done();
    }
  });

  const refused: string[] = [];
  let started = 0;
  let completed = 0;
  let incomplete = 0;
  let firstAt = 0;
  let lastDoneAt = 0;
  const aborted = () => opts.interrupt?.aborted === true;
  /** What a run cut short before its first instance reports: nothing driven, the session still to dispose. */
  const cutInStartup = (agentsLoggedIn: number): DeliverLoadOutcome => ({ session, sample, latency, started: 0, completed: 0, incomplete: 0, refused: [], cut: 0, heldByLimit: 0, activeMs: 1, elu: 0, timeline: [], harnessLag, startup: { agentsLoggedIn } });
  try {
    let loggedIn = 0;
    try {
      await session.start({ name: IS, role: 'InteractionServer' });
      await session.start({ name: 'Stat Server', role: 'StatServer', reach: [IS] });
      await session.start({ name: URS, role: 'URS', reach: [IS] });
      await session.start({ name: MEDIA, role: 'MediaServer', reach: [IS] });
      for (let i = 1; i <= opts.agents; i++) {
        const desktop = desktopOf(i);
        await session.start({ name: desktop, role: 'AgentApplication', reach: [IS] });
        await session.stimulate(desktop, { kind: 'login', agent: `Agent${i}`, place: `Place${i}`, media: ['email'] });
        await session.stimulate(desktop, { kind: 'accept' });
        loggedIn = i;
      }
    } catch (err) {
      // Interrupted while starting (the start or login under way ends with an InterruptedError), or a
      // server process that died of the same Ctrl-C before this process heard it: events already
      // delivered (the signal among them) are handled before deciding which.
      if (!aborted()) await new Promise((r) => setImmediate(r));
      if (aborted()) return cutInStartup(loggedIn);
      await session.dispose();
      throw err;
    }
    if (aborted()) return cutInStartup(loggedIn);

    const free: number[] = [];
    for (let i = opts.agents; i >= 1; i--) free.push(i);
    const pending = new Set<Promise<void>>();
    t0 = now();
    const cpu0 = opts.cpuMicros?.();
    const serverCpu0 = opts.serverCpuMicros?.();
    firstAt = t0;
    let eluMark = elu();
    const eluStart = eluMark;
    let lastProgress = t0;
    let doneAtMark = 0;

    // Resolves when the run is interrupted: an instance in flight is then cut short, not waited for.
    const interrupted = new Promise<void>((resolve) => {
      if (aborted()) resolve();
      else opts.interrupt?.addEventListener('abort', () => resolve(), { once: true });
    });
    const failures: { reason: string; answered: boolean; afterInterrupt: boolean }[] = [];
    let cut = 0;
    const instance = async (n: number, agent: number): Promise<void> => {
      const t = now();
      let interaction: string | undefined;
      try {
        const sub = await session.stimulate(MEDIA, { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
        latency.submit.record(now() - t);
        interaction = sub.interactionId as string;
        if ((n - 1) % opts.sampleEvery === 0) sample.sample(interaction);
        const finished = new Promise<void>((resolve) => live.set(interaction!, { agent, done: resolve }));
        let timer: NodeJS.Timeout | undefined;
        const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), opts.giveUpMs)));
        await session.stimulate(URS, { kind: 'route', interaction, agent: `Agent${agent}`, place: `Place${agent}` });
        const late = await Promise.race([finished.then(() => false as const), gaveUp, interrupted.then(() => 'cut' as const)]);
        clearTimeout(timer);
        if (late === 'cut') cut++;
        else if (late) incomplete++;
        else {
          completed++;
          lastDoneAt = now();
          timeline.completed(lastDoneAt - t0);
        }
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        failures.push({ reason: `${interaction ?? `instance ${n}`}: ${reason}`, answered: REFUSED_BY_ANSWER.test(reason), afterInterrupt: aborted() });
      } finally {
        if (interaction !== undefined) live.delete(interaction);
        free.push(agent);
        pacer.finish();
      }
    };

    while (!aborted()) {
      const elapsed = now() - t0;
      if (elapsed >= opts.durationMs || pacer.done) break;
      let n = pacer.due(elapsed);
      while (n-- > 0 && free.length > 0) {
        pacer.start();
        started++;
        const p = instance(started, free.pop()!);
        pending.add(p);
        void p.finally(() => pending.delete(p));
      }
      if (now() - lastProgress >= 1000) {
        const e = elu(eluMark);
        eluMark = elu();
        lastProgress = now();
        opts.onProgress?.({ elapsedMs: lastProgress - t0, started, completed, inFlight: pending.size, lastSecond: completed - doneAtMark, elu: e.utilization });
        doneAtMark = completed;
      }
      const next = pacer.nextDueMs();
      // A timer of 0 still lets the servers' sockets run between batches (setImmediate would starve none, but spins).
      await sleep(next === undefined ? 5 : Math.max(0, Math.min(50, next - (now() - t0))));
    }
    await Promise.all([...pending]);
    // Decided once the drive is over, when an interrupt is surely known: uninterrupted, every failure
    // counts; interrupted, only a server's EventError answer given before the interrupt does (a request
    // left unanswered may be the interrupt's doing: it closes the connections it cuts).
    for (const f of failures) {
      if (!aborted() || (f.answered && !f.afterInterrupt)) refused.push(f.reason);
      else cut++;
    }
    const e = elu(eluStart);
    const cpuMs = cpu0 !== undefined && opts.cpuMicros ? (opts.cpuMicros() - cpu0) / 1000 : undefined;
    const serverCpu1 = opts.serverCpuMicros?.();
    const serverCpuMs = serverCpu0 !== undefined && serverCpu1 !== undefined && serverCpu1 > 0 ? (serverCpu1 - serverCpu0) / 1000 : undefined;
    // The last line says where the run ended, however short it was.
    opts.onProgress?.({ elapsedMs: now() - t0, started, completed, inFlight: 0, lastSecond: completed - doneAtMark, elu: elu(eluMark).utilization });
    return { session, sample, latency, started, completed, incomplete, refused, cut, heldByLimit: pacer.counts.heldByLimit, activeMs: Math.max(1, lastDoneAt - firstAt), elu: e.utilization, timeline: timeline.seconds(Math.min(opts.durationMs, lastDoneAt - t0)), harnessLag, ...(cpuMs !== undefined ? { cpuMs } : {}), ...(serverCpuMs !== undefined ? { serverCpuMs } : {}) };
  } finally {
    unsubscribe();
  }
}

/**
 * A refusal the server answered (EventError), as the reference clients that drive the load word it
 * (RequestRefusedError); anything else failed for want of an answer.
 */
export const REFUSED_BY_ANSWER = /\bwas refused: EventError\b/;

export function desktopOf(i: number): string {
  return `Agent${i}'s desktop`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
