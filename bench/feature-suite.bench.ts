// The whole feature suite (features/) through the CLI, as CI runs it, with the delivering timer shortened
// to 200 ms: wall and CPU time (the flowcert process and every worker it started), serially and with
// --parallel 2; and the harness's overhead per scenario. Reported, and the overhead gated at 50 ms.
//
// Harness overhead of a scenario: its wall time (Cucumber's testCaseStarted → testCaseFinished) minus the
// time its trace covers (session created → recording ended, the trace footer's t). What is left is what
// flowcert costs around the flow itself: the hooks, disposing of the session, the trace, diagrams and
// coverage attached and written, Cucumber's own bookkeeping. Inside the trace are the participants, the
// messages, the deliberate waits (timers, never-windows) and the flow checks.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const OVERHEAD_TARGET_MS = 50;

interface Run {
  wallMs: number;
  cpuMs: number;
  overheads: number[];
  summary: string;
}

function once(parallel: boolean): Run {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-bench-suite-'));
  try {
    const cmd = [process.execPath, 'bin/flowcert.mjs', 'run', '--timer', 'delivering=200', '--no-allure', '--reports', reports, ...(parallel ? ['--parallel', '2'] : [])];
    // bash's `times` prints the CPU its children used once they were reaped: flowcert and, through it, its workers.
    const script = `${cmd.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')} > "$1/stdout.txt" 2>&1; code=$?; times; exit $code`;
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', script, 'bench', reports], { cwd: ROOT, encoding: 'utf8' });
    const wallMs = performance.now() - t0;
    const stdout = readFileSync(join(reports, 'stdout.txt'), 'utf8');
    if (r.status !== 0) {
      console.error(stdout);
      console.error('feature suite: FAIL — the suite did not pass, so its time means nothing');
      process.exit(1);
    }
    return { wallMs, cpuMs: childCpu(r.stdout), overheads: overheads(join(reports, 'cucumber-messages.ndjson')), summary: /flowcert: (.*?) —/.exec(stdout)?.[1] ?? '' };
  } finally {
    rmSync(reports, { recursive: true, force: true });
  }
}

/** The second line of `times`: the children's user and system time, e.g. `0m3.120s 0m0.410s`. */
function childCpu(times: string): number {
  const line = times.trim().split('\n').pop() ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return parts.reduce((a, b) => a + b, 0);
}

/** Each scenario's wall time minus the time its trace covers (its attached trace's footer). */
function overheads(messagesFile: string): number[] {
  const started = new Map<string, number>();
  const traced = new Map<string, number>();
  const out: number[] = [];
  const at = (ts: { seconds: number; nanos: number }) => ts.seconds * 1000 + ts.nanos / 1e6;
  for (const line of readFileSync(messagesFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const e = JSON.parse(line) as Record<string, { id?: string; testCaseStartedId?: string; timestamp: { seconds: number; nanos: number }; mediaType?: string; body?: string }>;
    if (e.testCaseStarted) started.set(e.testCaseStarted.id!, at(e.testCaseStarted.timestamp));
    else if (e.attachment?.mediaType === 'application/x-ndjson' && e.attachment.testCaseStartedId) {
      const last = e.attachment.body!.trimEnd().split('\n').pop()!;
      const footer = JSON.parse(last) as { type: string; t: number };
      if (footer.type === 'footer') traced.set(e.attachment.testCaseStartedId, footer.t);
    } else if (e.testCaseFinished) {
      const id = e.testCaseFinished.testCaseStartedId!;
      const t = traced.get(id);
      if (t !== undefined) out.push(at(e.testCaseFinished.timestamp) - started.get(id)! - t);
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let over = false;
const walls: number[] = [];
for (const parallel of [false, true]) {
  const runs = Array.from({ length: RUNS }, () => once(parallel));
  walls.push(median(runs.map((r) => r.wallMs)));
  const all = runs.flatMap((r) => r.overheads);
  const ovh = median(all);
  console.log(`feature suite ${parallel ? '--parallel 2' : 'serial'} (${runs[0].summary}), delivering timer 200 ms, ${RUNS} runs, median of each:`);
  console.log(`  wall ${f(median(runs.map((r) => r.wallMs)))} (min ${f(Math.min(...runs.map((r) => r.wallMs)))})   CPU ${f(median(runs.map((r) => r.cpuMs)))} (user + system, every process)`);
  console.log(`  harness overhead per scenario: median ${ovh.toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms over ${all.length} scenarios (target < ${OVERHEAD_TARGET_MS} ms)`);
  if (!parallel && ovh >= OVERHEAD_TARGET_MS) over = true;
}
// Issue 13 asks ≥ 1.6× on two cores; reported, not gated: a loaded machine decides it more than flowcert does.
console.log(`  --parallel 2 speed-up over serial: ${(walls[0] / walls[1]).toFixed(2)}× (target ≥ 1.6× on 2 cores)`);
if (over) {
  console.log(`feature suite: FAIL — the serial median harness overhead is over ${OVERHEAD_TARGET_MS} ms`);
  process.exit(1);
}
