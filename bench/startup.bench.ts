// How fast flowcert starts, built (dist/, what an installed `flowcert` runs) and from the sources through
// tsx (FLOWCERT_SOURCES=1, what a developer's stale build falls back to): `--help` (the bin itself), and a
// run's time to its first scenario — from spawning the bin to the first testCaseStarted in the run's
// cucumber messages (both wall-clock times). `npx flowcert --help` once, for what npx adds.
// Targets (issue 13): built `--help` under 150 ms, first scenario within 500 ms; gated on the built medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const HELP_TARGET_MS = 150;
const FIRST_SCENARIO_TARGET_MS = 500;
const FEATURE = 'features/agent-submits-interaction.feature';

const built = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
if (built.status !== 0) {
  console.error(built.stdout + built.stderr);
  console.error('startup: FAIL — the build failed');
  process.exit(1);
}

type Mode = 'built' | 'sources';
const envOf = (mode: Mode) => ({ ...process.env, FLOWCERT_SOURCES: mode === 'sources' ? '1' : '' });

function help(mode: Mode): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/flowcert.mjs', '--help'], { cwd: ROOT, env: envOf(mode), encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.stderr !== '') fail(`--help (${mode}) exited ${r.status}: ${r.stderr}`);
  return ms;
}

function firstScenario(mode: Mode): number {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-bench-startup-'));
  try {
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['bin/flowcert.mjs', 'run', FEATURE, '--no-allure', '--reports', reports], { cwd: ROOT, env: envOf(mode), encoding: 'utf8' });
    if (r.status !== 0) fail(`run (${mode}) exited ${r.status}:\n${r.stdout}${r.stderr}`);
    for (const line of readFileSync(join(reports, 'cucumber-messages.ndjson'), 'utf8').split('\n')) {
      if (!line.includes('"testCaseStarted"')) continue;
      const { seconds, nanos } = (JSON.parse(line) as { testCaseStarted: { timestamp: { seconds: number; nanos: number } } }).testCaseStarted.timestamp;
      return seconds * 1000 + nanos / 1e6 - t0;
    }
    return fail(`run (${mode}): no scenario started`);
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

function fail(message: string): never {
  console.error(`startup: FAIL — ${message}`);
  process.exit(1);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms: number) => `${Math.round(ms)} ms`;
/** Alternating built and sources, so a burst of load on the machine weighs on both alike. */
function measure(what: (mode: Mode) => number): Record<Mode, number> {
  const times: Record<Mode, number[]> = { built: [], sources: [] };
  for (let i = 0; i < RUNS; i++) for (const mode of ['built', 'sources'] as const) times[mode].push(what(mode));
  return { built: median(times.built), sources: median(times.sources) };
}

const h = measure(help);
console.log(`flowcert --help (node bin/flowcert.mjs), median of ${RUNS}: built ${f(h.built)} (target < ${HELP_TARGET_MS} ms), sources through tsx ${f(h.sources)}`);
const s = measure(firstScenario);
console.log(`flowcert run ${FEATURE}: first scenario started after, median of ${RUNS}: built ${f(s.built)} (target < ${FIRST_SCENARIO_TARGET_MS} ms), sources through tsx ${f(s.sources)}`);
const t0 = performance.now();
const npx = spawnSync('npx', ['--no-install', 'flowcert', '--help'], { cwd: ROOT, encoding: 'utf8' });
if (npx.status === 0) console.log(`npx flowcert --help (built), once: ${f(performance.now() - t0)} — scripts call the bin directly`);

const over = [h.built >= HELP_TARGET_MS && '--help', s.built >= FIRST_SCENARIO_TARGET_MS && 'first scenario'].filter(Boolean);
if (over.length > 0) fail(`over target: ${over.join(', ')} (on a loaded machine, rerun it quiet)`);
