import { join, resolve } from 'node:path';
import { closest } from '../diagnostic/did-you-mean.ts';
import { parseDuration } from '../cucumber/duration.ts';
import { DRIVABLE, runLoad } from '../load/load-run.ts';
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
} as const;

/** `flowcert load`: argv → options → runLoad (src/load/), then the table or --json. */
export async function loadCommand(args: string[], io: CliIo): Promise<number> {
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
  let durationMs = 10_000;
  if (v.duration !== undefined) {
    const d = String(v.duration).replace(/^(\d+(?:\.\d+)?)(ms|s|m)$/, (_, n, u) => `${n} ${u === 'm' ? 'minutes' : u}`);
    try {
      durationMs = parseDuration(d);
    } catch {
      return usage(io, `load: --duration ${String(v.duration)}: expected a duration such as 30s, 500ms or 2m`);
    }
    if (durationMs <= 0) return usage(io, `load: --duration ${String(v.duration)}: must be above 0`);
  }
  const timers = parseTimerArgs((v.timer as string[] | undefined) ?? []);
  if (typeof timers === 'string') return usage(io, `load: ${timers}`);
  const unknownTimer = Object.keys(timers).find((t) => t !== 'delivering');
  if (unknownTimer) return usage(io, `load: --timer ${unknownTimer}: the load mode runs only the delivering timer`);
  const faults = parseFaultArgs((v['inject-fault'] as string[] | undefined) ?? []);
  if (typeof faults === 'string') return usage(io, `load: ${faults}`);
  const other = Object.keys(faults).find((who) => who !== 'IS1');
  if (other) return usage(io, `load: --inject-fault ${other}=…: the load run's Interaction Server is IS1`);

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

  const expected = Math.min(count as number, Math.ceil(((rate as number) * durationMs) / 1000));
  const sampleEvery = sampling(v.sample as string | undefined, expected);
  if (typeof sampleEvery === 'string') return usage(io, sampleEvery);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(io.cwd, (v.reports as string | undefined) ?? 'reports', 'load', stamp);
  const abort = new AbortController();
  const unlisten = io.onInterrupt?.((signal) => abort.abort(signal));
  const tty = io.env.FLOWCERT_PROGRESS_TTY === '1';
  try {
    const result = await runLoad({
      model, modelName, variant, outDir,
      rate: rate as number, durationMs, agents: agents as number, limit: limit as number, count: count as number,
      sampleEvery, deliveringMs: timers.delivering ?? 5000, faults, giveUpMs: Math.max(5000, (timers.delivering ?? 5000) * 3),
      interrupt: abort.signal,
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
  } finally {
    unlisten?.();
  }
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
