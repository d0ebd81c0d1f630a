import { join, resolve } from 'node:path';
import { closest } from '../diagnostic/did-you-mean.ts';
import { parseDuration } from '../cucumber/duration.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bindingFor } from '../adapters/index.ts';
import type { Bindings, ProcessBinding } from '../adapters/index.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { DRIVERS, LOADED, STAT, desktopOf } from '../load/deliver-load.ts';
import { DRIVABLE, runLoad } from '../load/load-run.ts';
import type { LoadRunOptions } from '../load/load-run.ts';
import { loadBindings } from '../session/binding-config.ts';
import { loadTable, progressLine } from '../load/load-table.ts';
import { ModelRegistry } from '../session/model-registry.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { parseFaultArgs, parseTimerArgs } from './run-options.ts';
import { LOAD_USAGE } from './usage.ts';

const OPTIONS = {
  model: { type: 'string' },
  variant: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  agents: { type: 'string' },
  limit: { type: 'string' },
  count: { type: 'string' },
  sample: { type: 'string' },
  timer: { type: 'string', multiple: true },
  'inject-fault': { type: 'string', multiple: true },
  reports: { type: 'string' },
  json: { type: 'boolean' },
  sut: { type: 'string' },
  'in-process': { type: 'boolean' },
  ramp: { type: 'string' },
} as const;

/** The bin a process of its own runs (`flowcert serve`), from src/cli/ and dist/cli/ alike. */
const BIN = fileURLToPath(new URL('../../bin/flowcert.mjs', import.meta.url));

/** `flowcert load`: argv → options → runLoad (src/load/), then the table or --json. */
export async function loadCommand(args: string[], io: CliIo): Promise<number> {
  // Listening from the first moment: a signal before the run starts still ends it as interrupted, with
  // its summary (nothing started), rather than leaving bin/flowcert.mjs nobody to tell.
  const abort = new AbortController();
  const unlisten = io.onInterrupt?.((signal) => abort.abort(signal));
  try {
    return await loadRun(args, io, abort);
  } finally {
    unlisten?.();
  }
}

async function loadRun(args: string[], io: CliIo, abort: AbortController): Promise<number> {
  const parsed = parseCommandArgs('load', args, OPTIONS);
  if (!parsed.ok) return usage(io, parsed.message);
  const v = parsed.values;
  if (v.help) {
    io.stdout(LOAD_USAGE);
    return EXIT.ok;
  }
  if (parsed.positionals.length > 0) return usage(io, `load: unexpected argument ${parsed.positionals[0]} (the model is --model NAME)`);
  const modelName = (v.model as string | undefined) ?? 'deliver-interaction-to-agent';
  const variant = (v.variant as string | undefined) ?? 'accept';
  const num = (name: string, dflt: number, min: number, integer = true): number | string => {
    const raw = v[name] as string | undefined;
    if (raw === undefined) return dflt;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) return `load: --${name} ${raw}: expected ${integer ? 'a whole number' : 'a number'} of at least ${min}`;
    return n;
  };
  const rate = num('rate', 100, 0.001, false);
  const agents = num('agents', 100, 1);
  const limit = num('limit', Infinity, 1);
  const count = num('count', Infinity, 1);
  for (const x of [rate, agents, limit, count]) if (typeof x === 'string') return usage(io, x);
  const durationMs = v.duration === undefined ? 10_000 : duration('duration', String(v.duration));
  if (typeof durationMs === 'string') return usage(io, durationMs);
  const rampMs = v.ramp === undefined ? 0 : duration('ramp', String(v.ramp));
  if (typeof rampMs === 'string') return usage(io, rampMs);
  if (rampMs > durationMs) return usage(io, `load: --ramp ${String(v.ramp)} is longer than --duration (${durationMs / 1000} s): the ramp is the start of the run`);
  const timers = parseTimerArgs((v.timer as string[] | undefined) ?? []);
  if (typeof timers === 'string') return usage(io, `load: ${timers}`);
  const unknownTimer = Object.keys(timers).find((t) => t !== 'delivering');
  if (unknownTimer) return usage(io, `load: --timer ${unknownTimer}: the load mode runs only the delivering timer`);
  const faults = parseFaultArgs((v['inject-fault'] as string[] | undefined) ?? []);
  if (typeof faults === 'string') return usage(io, `load: ${faults}`);
  const other = Object.keys(faults).find((who) => who !== LOADED.name);
  if (other) return usage(io, `load: --inject-fault ${other}=…: the load run's Interaction Server is IS1`);
  if (typeof v.sut === 'string' && v['in-process']) return usage(io, 'load: --sut with --in-process: the Interaction Server is either under test or the reference in the harness\'s process');
  if (typeof v.sut === 'string' && Object.keys(faults).length > 0) return usage(io, 'load: --inject-fault with --sut: faults are injected into the reference Interaction Server, and --sut binds one under test');

  // The model: one the load mode can drive, named as `run` and `check` name models.
  const drivable = Object.keys(DRIVABLE);
  if (!DRIVABLE[modelName]) {
    const near = closest(modelName, drivable, 2);
    return usage(io, `load: the load mode cannot drive model "${modelName}"${near.length ? ` — did you mean "${near[0]}"?` : ''}\n  models it can drive: ${drivable.join(', ')}`);
  }
  if (!DRIVABLE[modelName].includes(variant)) {
    return usage(io, `load: the load mode cannot drive variant "${variant}" of ${modelName}\n  variants it can drive: ${DRIVABLE[modelName].join(', ')}`);
  }
  let model;
  try {
    model = await new ModelRegistry(join(io.cwd, 'scenarios')).get(modelName);
  } catch (err) {
    io.stderr(`flowcert ${(err as Error).message}\n`);
    return EXIT.usage;
  }
  if (!model.variants[variant]) return usage(io, `load: model ${modelName} has no variant "${variant}" (it has ${Object.keys(model.variants).join(', ')})`);

  const expected = Math.min(count as number, Math.ceil(((rate as number) * (durationMs - rampMs / 2)) / 1000));
  const sampleEvery = sampling(v.sample as string | undefined, expected);
  if (typeof sampleEvery === 'string') return usage(io, sampleEvery);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(io.cwd, (v.reports as string | undefined) ?? 'reports', 'load', stamp);
  const who = await interactionServer(io, typeof v.sut === 'string' ? v.sut : undefined, v['in-process'] === true, outDir, sampleEvery, faults);
  if (typeof who === 'string') return usage(io, who);
  const tty = io.env.FLOWCERT_PROGRESS_TTY === '1';
  const result = await runLoad({
    model, modelName, variant, outDir,
    server: who.server, ...(who.bindings ? { bindings: who.bindings } : {}),
    // Faults go to the reference in the harness's process through the session; to its own process on its command line.
    faults: who.server.kind === 'in-process' ? faults : {},
    rate: rate as number, ...(rampMs > 0 ? { rampMs } : {}), durationMs, agents: agents as number, limit: limit as number, count: count as number,
    sampleEvery, deliveringMs: timers.delivering ?? 5000, giveUpMs: Math.max(5000, (timers.delivering ?? 5000) * 3),
    interrupt: abort.signal,
    serverCpuMicros: childrenCpuMicros,
    cpuMicros: () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    },
    onProgress: (p) => io.stderr(`${tty ? '\r' : ''}${progressLine(p, rate as number)}${tty ? '' : '\n'}`),
  });
  if (v.json) io.stdout(JSON.stringify(result, null, 2) + '\n');
  else io.stdout(loadTable(result));
  if (abort.signal.aborted) return EXIT.interrupted;
  return result.verdict === 'pass' ? EXIT.ok : result.verdict === 'fail' ? EXIT.failed : result.verdict === 'inconc' ? EXIT.inconc : EXIT.error;
}

/**
 * CPU time (µs) the processes this one started have used (the own-process Interaction Server, or a SUT
 * process): Linux's /proc, in clock ticks of 10 ms (USER_HZ 100); undefined elsewhere.
 */
function childrenCpuMicros(): number | undefined {
  try {
    const kids = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    let ticks = 0;
    for (const pid of kids) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // After "pid (comm) ": state is field 3, utime 14, stime 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks * 10_000;
  } catch {
    return undefined;
  }
}

/** `30s`, `500ms`, `2m` → ms, or the usage error. */
function duration(name: string, raw: string): number | string {
  const d = raw.replace(/^(\d+(?:\.\d+)?)(ms|s|m)$/, (_, n, u) => `${n} ${u === 'm' ? 'minutes' : u}`);
  let ms: number;
  try {
    ms = parseDuration(d);
  } catch {
    return `load: --${name} ${raw}: expected a duration such as 30s, 500ms or 2m`;
  }
  return ms > 0 ? ms : `load: --${name} ${raw}: must be above 0`;
}

/**
 * Who plays the Interaction Server: by default the reference in a process of its own (`flowcert serve
 * --control`, recording its own sampled trace, as a deployment has it: the driver keeps the harness's
 * core); --in-process the reference in the harness's own event loop; --sut FILE whatever the file binds
 * IS1 (or the role) to — the driver stays reference.
 */
async function interactionServer(io: CliIo, sut: string | undefined, inProcess: boolean, outDir: string, sampleEvery: number, faults: Record<string, string[]>): Promise<{ server: LoadRunOptions['server']; bindings?: Bindings } | string> {
  if (inProcess) return { server: { kind: 'in-process' } };
  if (sut === undefined) {
    const trace = join(outDir, `${LOADED.name}-trace.ndjson`);
    const faultArgs = Object.entries(faults).flatMap(([name, list]) => list.flatMap((f) => ['--inject-fault', `${name}=${f}`]));
    const binding: ProcessBinding = {
      kind: 'process',
      command: process.execPath,
      args: [BIN, 'serve', 'InteractionServer', '--control', '${FLOWCERT_CONTROL_URL}', '--trace', trace, '--trace-sample', String(sampleEvery), ...faultArgs],
      // From the sources, the bin compiles them first: seconds on a busy machine.
      startTimeoutMs: 30_000,
      recordsItself: true,
    };
    // The Stat Server is not the driver: it only listens to the server's Reporting (which the server's
    // trace records), so it gets a process of its own too, and the harness's core is the driver's.
    const stat: ProcessBinding = { kind: 'process', command: process.execPath, args: [BIN, 'serve', 'StatServer', '--control', '${FLOWCERT_CONTROL_URL}'], startTimeoutMs: 30_000 };
    return { server: { kind: 'process', trace }, bindings: { dir: io.cwd, participants: { [LOADED.name]: binding, [STAT.name]: stat }, roles: {}, env: io.env } };
  }
  const loaded = await loadBindings(sut, io.env, io.cwd);
  for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (!loaded.bindings) return `load: ${sut} has errors; nothing ran`;
  const b = loaded.bindings;
  if (bindingFor(b, LOADED.name, LOADED.role).kind === 'reference') return `load: ${sut} binds no Interaction Server: the load run loads ${LOADED.name} (bind it by name, or the InteractionServer role)`;
  const driven = [...DRIVERS, { name: desktopOf(1), role: 'AgentApplication' as const }].filter((p) => bindingFor(b, p.name, p.role).kind !== 'reference');
  if (driven.length > 0) return `load: ${sut} binds ${driven.map((p) => `${p.name} (${p.role})`).join(', ')}: the load run loads an Interaction Server under test; who drives it (URS, media server, the agents' desktops) and the Stat Server stay the reference`;
  return { server: { kind: 'sut', file: sut }, bindings: b };
}

/** `--sample 100` (instances, spread over the run) or `--sample 0.1` (a fraction) → every n-th instance. */
function sampling(raw: string | undefined, expected: number): number | string {
  if (raw === undefined) return Math.max(1, Math.floor(expected / 1000));
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) return `load: --sample ${raw}: expected a number of instances (100) or a fraction of them (0.1)`;
  if (n < 1) return Math.max(1, Math.round(1 / n));
  if (!Number.isInteger(n)) return `load: --sample ${raw}: a number of instances is whole; a fraction is below 1`;
  return Math.max(1, Math.floor(expected / n));
}

function usage(io: CliIo, message: string): number {
  io.stderr(`flowcert ${message}\n  see: flowcert load --help\n`);
  return EXIT.usage;
}
