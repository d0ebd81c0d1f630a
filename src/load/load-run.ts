import { withHarnessLag } from './harness-lag.ts';
import { cutAt, onTheirClock, settledBy } from './interrupted-trace.ts';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { explain } from '../flow/explain.ts';
import { matchTrace } from '../flow/matcher.ts';
import type { FlowModel } from '../flow/model.ts';
import type { InstanceResult, MatchResult, Verdict } from '../flow/result.ts';
import { worst } from '../flow/result.ts';
import type { TraceMessage } from '../trace/types.ts';
import { driveDeliver } from './deliver-load.ts';
import type { DeliverLoadOptions, LoadProgress } from './deliver-load.ts';
import { STEPS } from './deliver-steps.ts';
import type { StepName } from './deliver-steps.ts';
import type { LatencySummary } from './latency.ts';
import { SampleTrace } from './sample-trace.ts';
import { Timeline } from './timeline.ts';
import type { Knee, LoadSecond } from './timeline.ts';
import { parseTrace } from '../trace/reader.ts';
import type { Trace } from '../trace/types.ts';

/** The issue's bar for a delivery: p99 invite latency under 20 ms. */
export const P99_INVITE_BAR_MS = 20;

/** The (model, variant) pairs the load mode can drive; anything else is a usage error naming these. */
export const DRIVABLE: Record<string, string[]> = { 'deliver-interaction-to-agent': ['accept'] };

export interface LoadRunOptions extends Omit<DeliverLoadOptions, 'onProgress'> {
  model: FlowModel;
  modelName: string;
  variant: string;
  /** Folder for this run's failures and summary (reports/load/<stamp>). */
  outDir: string;
  /**
   * Who the Interaction Server is: the reference in the harness's own process, the reference in a
   * process of its own (recording its own sampled trace to `serverTrace`, which the sample is checked
   * on), or a system under test bound by --sut (recorded by the harness's relay in front of it).
   */
  server: { kind: 'in-process' } | { kind: 'process'; trace: string } | { kind: 'sut'; file: string };
  onProgress?: (p: LoadProgress) => void;
}

export interface LoadFailure {
  interaction: string;
  verdict: Verdict;
  /** The explanation's first line after the header (what diverged). */
  reason: string;
  file: string;
}

export interface LoadResult {
  model: string;
  variant: string;
  verdict: Verdict;
  target: { rate: number; rampMs?: number; durationMs: number; agents: number; limit: number | null; count: number | null };
  started: number;
  completed: number;
  incomplete: number;
  refused: string[];
  /** Instances the interrupt cut short (in flight, or left unanswered once it came); 0 when not interrupted. */
  cut: number;
  achievedRate: number;
  latency: Record<StepName, LatencySummary>;
  sample: { checked: number; passed: number; failed: number; inconc: number; error: number };
  failures: LoadFailure[];
  /** Who the Interaction Server was (LoadRunOptions.server), as the table says it. */
  server: string;
  /** Set when the achieved rate fell short of the target: where it saturated and why. */
  saturation?: string;
  /** Second by second: the rate asked, completed, p99 invite. */
  timeline: LoadSecond[];
  /** The first second the run stopped keeping up (two in a row short of 95 % of the target, or p99 invite over 20 ms); absent when it kept up. */
  knee?: Knee;
  eventLoopUtilization: number;
  /** Ctrl-C or SIGTERM stopped the run before its duration: no saturation is read from it. */
  interrupted?: true;
  /**
   * The interrupt: its signal, and what the run was doing — starting (the agents it had logged in by
   * then), driving instances, waiting for the last ones' never windows to close, or checking the sample
   * (the run was over: the verdict stands, only the exit says interrupted).
   */
  interruption?: { signal: string; during: 'start-up' | 'drive' | 'wait' | 'check'; agentsLoggedIn?: number };
  /** CPU this process spent per completed instance (ms), the servers' part included when they are the reference; undefined when not measured. */
  cpuPerInstanceMs?: number;
  /** CPU the processes the run started (the own-process Interaction Server and Stat Server, or the SUT) spent per completed instance (ms), together; undefined in process, or where /proc cannot be read. */
  serverCpuPerInstanceMs?: number;
  outDir: string;
}

/**
 * A load run: drive the instances (deliver-load.ts), let the last sampled ones' never windows close,
 * stop everyone, then check each sampled instance against the model — every one that does not pass is
 * written to outDir with its explanation and its messages.
 */
export async function runLoad(opts: LoadRunOptions): Promise<LoadResult> {
  const drive = await driveDeliver({ ...opts, serverSamples: opts.server.kind === 'process' });
  const cpuPerInstanceMs = drive.cpuMs !== undefined && drive.completed > 0 ? drive.cpuMs / drive.completed : undefined;
  const serverCpuPerInstanceMs = drive.serverCpuMs !== undefined && drive.completed > 0 && opts.server.kind !== 'in-process' ? drive.serverCpuMs / drive.completed : undefined;
  // The accept phase forbids a revoke until the delivering timer (plus its margin) would have expired.
  const margin = Math.max(100, opts.deliveringMs * 0.1);
  const drivenUntilAborted = opts.interrupt?.aborted === true;
  if (!drivenUntilAborted) await drive.session.pause(opts.deliveringMs + margin + 100).catch(() => undefined);
  const closed = await drive.session.dispose();
  // Interrupted while it ran, the sample is judged on what was recorded up to the interrupt (interrupted-trace.ts).
  const interruptedAt = drive.session.interruptedAt;
  // The sample and the trace it is checked on: the server's own recording when it kept one, else the harness's.
  let sample = drive.sample;
  let trace = sample.trace(closed);
  if (interruptedAt !== undefined) trace = cutAt(trace, interruptedAt);
  let unreadable: string | undefined;
  // Cut short in its start-up, no instance began: there is nothing of the server's to check.
  if (opts.server.kind === 'process' && !drive.startup) {
    const read = await readServerTrace(opts.server.trace);
    if (typeof read === 'string') unreadable = read;
    else {
      // The agents answer from the harness's process: its stalls excuse their lateness there too.
      trace = withHarnessLag(read, drive.harnessLag, closed.header.startedAt);
      if (interruptedAt !== undefined) trace = cutAt(trace, onTheirClock(interruptedAt, closed.header.startedAt, trace));
      sample = SampleTrace.of(trace);
    }
  }
  const interrupted = opts.interrupt?.aborted === true;
  // Cut short, the server's trace may never have been written (stopped before it started, or killed at
  // the end of an urgent stop): its sample cannot be checked, which the interrupt caused — inconc, not error.
  const unreadableVerdict: Verdict = interruptedAt !== undefined ? 'inconc' : 'error';
  // Cut short in its start-up, no instance began: nothing to check (the model would find no URS even).
  const match = (t: Trace) => matchTrace(opts.model, t, { variant: opts.variant, timers: { delivering: opts.deliveringMs } });
  const result: MatchResult | undefined = drive.startup ? undefined : match(trace);
  // Which result judges each instance: the cut trace's, but for those settled before the cut, a complete one's.
  const judgedBy = new Map<InstanceResult, MatchResult>();
  if (result && interruptedAt !== undefined && trace.footer) {
    const settled = settledBy(trace, trace.footer.t - (opts.deliveringMs + margin + 100));
    if (settled.size > 0) {
      const whole = match({ ...trace, footer: { type: 'footer', t: trace.footer.t, entries: trace.footer.entries } });
      const byId = new Map(whole.instances.map((i) => [String(i.key.interaction ?? ''), i]));
      result.instances = result.instances.map((i) => {
        const id = String(i.key.interaction ?? '');
        const settledOne = settled.has(id) ? byId.get(id) : undefined;
        if (settledOne) judgedBy.set(settledOne, whole);
        return settledOne ?? i;
      });
    }
  }

  await mkdir(opts.outDir, { recursive: true });
  const counts = { checked: 0, passed: 0, failed: 0, inconc: 0, error: 0 };
  const failures: LoadFailure[] = [];
  for (const inst of result?.instances ?? []) {
    const id = String(inst.key.interaction ?? '');
    if (!sample.isSampled(id)) continue;
    counts.checked++;
    if (inst.verdict === 'pass') counts.passed++;
    else if (inst.verdict === 'fail') counts.failed++;
    else if (inst.verdict === 'inconc') counts.inconc++;
    else counts.error++;
    if (inst.verdict !== 'pass') failures.push(await keep(opts.outDir, id, inst, judgedBy.get(inst) ?? result!, sample.excerpt(id)));
  }
  // A sampled interaction the matcher never saw open (no RequestRouteCall) is a failure too, not a silent gap.
  const seen = new Set((result?.instances ?? []).map((i) => String(i.key.interaction ?? '')));
  // Nothing checked and nothing completed fails a run that ran its course; one cut short is inconc.
  let verdict: Verdict = counts.checked === 0 && drive.completed === 0 ? (interrupted ? 'inconc' : 'fail') : 'pass';
  for (const inst of result?.instances ?? []) if (sample.isSampled(String(inst.key.interaction ?? ''))) verdict = worst(verdict, inst.verdict);
  // No instance to count: the check's own verdict (error, or inconc on a cut trace without a participant) stands.
  if (result !== undefined && (result.verdict === 'error' || result.instances.length === 0)) verdict = worst(verdict, result.verdict);
  if (drive.refused.length > 0) verdict = worst(verdict, 'fail');
  const unseen = sample.size - [...seen].filter((id) => sample.isSampled(id)).length;
  // Cut short by Ctrl-C, an interaction submitted but not yet routed is not a failure of the server:
  // it was never checked, so inconc.
  if (unseen > 0) verdict = worst(verdict, interrupted ? 'inconc' : 'fail');
  if (unreadable !== undefined) verdict = worst(verdict, unreadableVerdict);

  // Completed per second from the first start to the last completion: an interrupted run is judged on what it ran.
  const achievedRate = drive.completed / (drive.activeMs / 1000);
  const knee = Timeline.knee(drive.timeline, P99_INVITE_BAR_MS);
  const latency = Object.fromEntries(STEPS.map((s) => [s, drive.latency[s].summary()])) as Record<StepName, LatencySummary>;
  const out: LoadResult = {
    model: opts.modelName,
    variant: opts.variant,
    verdict,
    target: { rate: opts.rate, ...(opts.rampMs ? { rampMs: opts.rampMs } : {}), durationMs: opts.durationMs, agents: opts.agents, limit: Number.isFinite(opts.limit) ? opts.limit : null, count: Number.isFinite(opts.count) ? opts.count : null },
    started: drive.started,
    completed: drive.completed,
    incomplete: drive.incomplete,
    refused: drive.refused.slice(0, 20),
    cut: drive.cut,
    achievedRate,
    latency,
    sample: counts,
    failures,
    eventLoopUtilization: drive.elu,
    server: serverText(opts.server),
    timeline: drive.timeline,
    ...(knee && !interrupted ? { knee } : {}),
    ...(cpuPerInstanceMs !== undefined ? { cpuPerInstanceMs } : {}),
    ...(serverCpuPerInstanceMs !== undefined ? { serverCpuPerInstanceMs } : {}),
    outDir: opts.outDir,
    ...(interrupted ? { interrupted: true, interruption: { signal: reasonOf(opts.interrupt), during: drive.startup ? 'start-up' : drivenUntilAborted ? 'drive' : interruptedAt !== undefined ? 'wait' : 'check', ...(drive.startup ? { agentsLoggedIn: drive.startup.agentsLoggedIn } : {}) } } : {}),
    // Ramped, the rate over all is below the target by design: the knee says where it stopped keeping up.
    ...(interrupted || opts.rampMs ? {} : saturation(opts, achievedRate, drive.elu, drive.heldByLimit, latency.delivery.p50, cpuPerInstanceMs, serverCpuPerInstanceMs) ?? {}),
  };
  if (unreadable !== undefined) out.failures.push({ interaction: '-', verdict: unreadableVerdict, reason: unreadable, file: opts.server.kind === 'process' ? opts.server.trace : '' });
  else if (result?.verdict === 'error' && counts.checked === 0) out.failures.push({ interaction: '-', verdict: 'error', reason: result.summary, file: '' });
  await writeFile(join(opts.outDir, 'summary.json'), JSON.stringify(out, null, 2) + '\n');
  return out;
}

/** Where the run saturated, when it fell short of its target by more than 5 %. */
export function saturation(opts: Pick<LoadRunOptions, 'rate' | 'count' | 'limit' | 'agents' | 'server'>, achieved: number, elu: number, held: number, p50: number, cpuMs: number | undefined, serverCpuMs?: number): { saturation: string } | undefined {
  if (achieved >= opts.rate * 0.95 || (Number.isFinite(opts.count) && achieved > 0)) return undefined;
  const at = `saturated at ${Math.round(achieved)}/s (target ${opts.rate}/s)`;
  const slots = Math.min(opts.limit, opts.agents);
  if (held > 0 && elu < 0.9) {
    return { saturation: `${at}: the ${slots === opts.agents ? `${opts.agents} agents` : `concurrency limit (--limit ${slots})`} held starts back — each instance takes ${p50.toFixed(1)} ms (p50), so ${slots} in flight sustain about ${Math.round((slots * 1000) / Math.max(p50, 0.001))}/s` };
  }
  const server = serverCpuMs !== undefined ? `; the server processes ${serverCpuMs.toFixed(2)} ms (about ${Math.round(1000 / serverCpuMs)}/s on a core of their own)` : '';
  const cpu = cpuMs !== undefined ? `, ${cpuMs.toFixed(2)} ms of its CPU per instance (one core sustains about ${Math.round(1000 / cpuMs)}/s)${server}` : '';
  if (elu >= 0.9) {
    const who =
      opts.server.kind === 'in-process'
        ? 'the harness is the bottleneck: the reference servers run in its one process and event loop'
        : `the harness process (the driver: URS, media server, agents${opts.server.kind === 'sut' ? ', the Stat Server, and the relay recording the server under test' : ''}) is the bottleneck`;
    return { saturation: `${at}: ${who} — busy ${Math.round(elu * 100)} % of the time${cpu}` };
  }
  return { saturation: `${at}: the harness had room (busy ${Math.round(elu * 100)} %${cpu}), so the participants answered slower than the rate needs — the ${opts.server.kind === 'sut' ? 'server under test' : opts.server.kind === 'process' ? 'Interaction Server\'s process' : 'servers'} or the machine is the bottleneck` };
}

async function keep(dir: string, id: string, inst: InstanceResult, result: MatchResult, messages: TraceMessage[]): Promise<LoadFailure> {
  const text = explain({ ...result, instances: [inst], notStarted: [], problems: [] });
  const file = join(dir, `failed-${id.replace(/[^\w.-]/g, '_')}.txt`);
  const lines = messages.map((m) => `  seq ${m.seq}  ${m.t.toFixed(3)} ms  ${m.from} → ${m.to}  ${m.message}${m.referenceId !== undefined ? ` #${m.referenceId}` : ''}  ${JSON.stringify(m.attributes)}`);
  await writeFile(file, `${text}\n\ntrace excerpt (interaction ${id}):\n${lines.join('\n')}\n`);
  const reason = text.split('\n').find((l, i) => i > 0 && l.trim() !== '')?.trim() ?? result.summary;
  return { interaction: id, verdict: inst.verdict, reason, file };
}

/** The own-process server's sampled trace, or why it cannot be read (the sample is then not checked: error). */
async function readServerTrace(file: string): Promise<Trace | string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return `the Interaction Server's own trace ${file} cannot be read: ${(err as Error).message}`;
  }
  const r = parseTrace(text, file);
  if (!r.trace) return `the Interaction Server's own trace ${file} does not parse: ${r.diagnostics.map((d) => d.message).slice(0, 3).join('; ')}`;
  return r.trace;
}

function reasonOf(signal: AbortSignal | undefined): string {
  return typeof signal?.reason === 'string' ? signal.reason : 'an interrupt';
}

function serverText(s: LoadRunOptions['server']): string {
  if (s.kind === 'in-process') return 'reference, in the harness\'s process';
  if (s.kind === 'process') return `reference, its own process, as is the Stat Server's (its sampled trace: ${s.trace})`;
  return `under test, bound by ${s.file}`;
}
