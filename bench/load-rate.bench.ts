// `flowcert load` at the issue's target (issue 13, item 7): Deliver/accept at 2,000 deliveries/s with
// 500 agents on loopback, everything reference, p99 invite latency under 20 ms — and where it saturates.
// Three runs through the CLI, as a user runs it:
//   1. the Interaction Server in the harness's own process (--in-process: the old way, for comparison);
//   2. the Interaction Server in a process of its own (the default);
//   3. the default with the rate ramped from 0 to twice the target, to read where it stops keeping up.
// Each prints the achieved rate, p99 invite, CPU per instance (harness, server) and the sample's
// verdicts. Exit 1 when run 2 misses the target or a sample does not pass. Timings bend under other
// load: the load average is printed before each run; CPU per instance bends less.
// LOAD_SECONDS=n runs n s each (default 30, as the issue's command); LOAD_RATE=n sets the target.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const RATE = Number(process.env.LOAD_RATE ?? 2000);
const P99_BAR_MS = 20;

interface Result {
  verdict: string;
  server: string;
  achievedRate: number;
  completed: number;
  latency: Record<string, { p50: number; p99: number }>;
  sample: { checked: number; passed: number };
  cpuPerInstanceMs?: number;
  serverCpuPerInstanceMs?: number;
  saturation?: string;
  knee?: { second: number; target: number; completed: number; inviteP99: number; why: string };
}

function load(extra: string[]): Promise<Result> {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-load-bench-'));
  const args = ['bin/flowcert.mjs', 'load', '--agents', '500', '--duration', `${SECONDS}s`, '--json', '--reports', reports, ...extra];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      rmSync(reports, { recursive: true, force: true });
      try {
        resolve(JSON.parse(out) as Result);
      } catch {
        reject(new Error(`flowcert load ${extra.join(' ')} exited ${code} without a JSON result:\n${(err + out).slice(-3000)}`));
      }
    });
  });
}

function show(title: string, r: Result): void {
  const cpu = `${r.cpuPerInstanceMs?.toFixed(3) ?? '?'} ms harness${r.serverCpuPerInstanceMs !== undefined ? ` + ${r.serverCpuPerInstanceMs.toFixed(3)} ms server` : ''} CPU per instance`;
  console.log(`${title}: achieved ${r.achievedRate.toFixed(0)}/s (target ${RATE}/s), p99 invite ${r.latency.invite.p99.toFixed(2)} ms (p50 ${r.latency.invite.p50.toFixed(2)}), p99 delivery ${r.latency.delivery.p99.toFixed(2)} ms; ${cpu}; sample ${r.sample.passed}/${r.sample.checked} pass — ${r.verdict}`);
  if (r.saturation) console.log(`  ${r.saturation}`);
  console.log(r.knee ? `  stopped keeping up at second ${r.knee.second}, at ${r.knee.target}/s asked: ${r.knee.why}` : '  kept up every second');
}

const avg = () => loadavg().map((l) => l.toFixed(1)).join(' ');
let ok = true;

console.log(`load average ${avg()} before run 1`);
const inProcess = await load(['--rate', String(RATE), '--in-process']);
show('1. in the harness\'s process', inProcess);

console.log(`load average ${avg()} before run 2`);
const own = await load(['--rate', String(RATE)]);
show('2. its own process', own);
const met = own.achievedRate >= RATE * 0.95 && own.latency.invite.p99 < P99_BAR_MS;
console.log(`  target (≥ ${RATE}/s within 5 %, p99 invite < ${P99_BAR_MS} ms): ${met ? 'MET' : 'MISSED'}`);
ok &&= met && inProcess.verdict === 'pass' && own.verdict === 'pass';

console.log(`load average ${avg()} before run 3`);
const ramp = await load(['--rate', String(RATE * 2), '--ramp', `${SECONDS}s`]);
show(`3. its own process, ramped 0 → ${RATE * 2}/s over ${SECONDS} s`, ramp);
console.log(`  saturates at: ${ramp.knee ? `${ramp.knee.target}/s (${ramp.knee.why})` : `above ${RATE * 2}/s`}`);
ok &&= ramp.verdict === 'pass';

console.log(`load average ${avg()} after`);
process.exitCode = ok ? 0 : 1;
