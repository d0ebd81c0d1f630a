// Wall time of the whole Deliver Interaction to Agent feature through the CLI, as a user runs it
// (`flowcert run`), with the delivering timeout set to 200 ms for every scenario. Whole-process
// timing: node start, tsx, cucumber, reference servers, flow checks, reports (Allure HTML off: it is
// Java's time, not the harness's). Reported, not gated: the issue names no target for it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 5;

const times: number[] = [];
let scenarios = '';
for (let i = 0; i < RUNS; i++) {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-bench-'));
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    ['bin/flowcert.mjs', 'run', 'features/deliver-interaction-to-agent.feature', '--timer', 'delivering=200', '--no-allure', '--reports', reports],
    { cwd: ROOT, encoding: 'utf8' },
  );
  times.push(performance.now() - t0);
  rmSync(reports, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(r.stdout + r.stderr);
    console.error('deliver feature: FAIL — the feature did not pass, so its time means nothing');
    process.exit(1);
  }
  scenarios = /flowcert: (.*?) —/.exec(r.stdout)?.[1] ?? '';
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`deliver feature (${scenarios}), delivering timeout 200 ms, ${RUNS} runs`);
console.log(`  wall time  min ${times[0].toFixed(0)} ms   median ${median.toFixed(0)} ms   max ${times[times.length - 1].toFixed(0)} ms`);
