// Timing that survives load (issue 7, item 1). The shipped Deliver feature through the CLI, as a user
// runs it, 20 times on an idle machine and 20 times with four busy-loop processes hogging the cores;
// then every fault the reference Interaction Server can inject, once idle and once loaded.
// Targets: idle, every run passes; loaded, no scenario fails or errs (pass or inconc only: a miss the
// harness's own lag explains is inconc); each fault fails loaded as it fails idle — the same scenarios,
// for the same reason (the explanation's first lines, seq numbers and times aside). Exit 1 on a miss.
// Minutes long: it belongs here, not in npm test. LOAD_RUNS=n runs n times instead of 20.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeReason, scenarioVerdicts, type ScenarioVerdict, type Verdict } from './scenario-verdicts.ts';

const ROOT = join(import.meta.dirname, '..');
const FEATURE = 'features/deliver-interaction-to-agent.feature';
const RUNS = Number(process.env.LOAD_RUNS ?? 20);
const HOGS = 4;
const FAULTS = ['omitAgentInvited', 'routeUsedBeforeAccept', 'omitTicketId', 'keepTimerAfterAccept', 'rejectedToAgent'];

/** One `flowcert run` of the feature; its scenarios' verdicts, as its summary and JUnit count them. */
function runFeature(extra: string[] = []): Promise<ScenarioVerdict[]> {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-load-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/flowcert.mjs', 'run', FEATURE, '--no-allure', '--reports', reports, ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      try {
        resolve(scenarioVerdicts(join(reports, 'cucumber-messages.ndjson')));
      } catch (err) {
        reject(new Error(`no Cucumber messages from the run (${(err as Error).message}):\n${out.slice(-3000)}`));
      } finally {
        rmSync(reports, { recursive: true, force: true });
      }
    });
  });
}

/** Busy loops, one process each, so the run competes for the CPU the way other work on the machine makes it. */
function hog(n: number): () => void {
  const kids: ChildProcess[] = [];
  for (let i = 0; i < n; i++) kids.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  const stop = () => {
    for (const k of kids) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
  };
  process.once('exit', stop);
  return stop;
}

async function loaded<T>(fn: () => Promise<T>): Promise<T> {
  const stop = hog(HOGS);
  try {
    return await fn();
  } finally {
    stop();
  }
}

function tally(runs: ScenarioVerdict[][]): Record<Verdict, number> {
  const t: Record<Verdict, number> = { pass: 0, fail: 0, inconc: 0, error: 0 };
  for (const r of runs) for (const s of r) t[s.verdict]++;
  return t;
}

const misses: string[] = [];
const show = (s: ScenarioVerdict) => `${s.verdict} ${s.name}: ${s.second.trim() || s.first}`;

console.log(`deliver feature under load: ${FEATURE}, ${RUNS} runs idle and ${RUNS} with ${HOGS} busy loops on ${cpus().length} cores`);

const idle: ScenarioVerdict[][] = [];
for (let i = 0; i < RUNS; i++) idle.push(await runFeature());
const idleAllPass = idle.filter((r) => r.every((s) => s.verdict === 'pass')).length;
const it = tally(idle);
console.log(`  idle:   ${idleAllPass} of ${RUNS} runs all pass (scenarios: ${it.pass} pass, ${it.inconc} inconc, ${it.fail} fail, ${it.error} error)`);
for (const r of idle) for (const s of r) if (s.verdict !== 'pass') console.log(`          ${show(s)}`);
if (idleAllPass !== RUNS) misses.push(`idle: ${idleAllPass} of ${RUNS} runs all pass`);

const busy = await loaded(async () => {
  const runs: ScenarioVerdict[][] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await runFeature());
  return runs;
});
const bt = tally(busy);
console.log(`  loaded: ${bt.fail} fail, ${bt.error} error, ${bt.inconc} inconc, ${bt.pass} pass (scenarios over ${RUNS} runs); ${busy.filter((r) => r.every((s) => s.verdict === 'pass')).length} runs all pass`);
for (const r of busy) for (const s of r) if (s.verdict !== 'pass') console.log(`          ${show(s)}`);
if (bt.fail + bt.error > 0) misses.push(`loaded: ${bt.fail} fail, ${bt.error} error`);

/** Scenario → verdict and reason, the reason as the comparison sees it. */
const reasons = (r: ScenarioVerdict[]) => new Map(r.map((s) => [s.name, { verdict: s.verdict, reason: normalizeReason(`${s.first}\n${s.second}`), line: s.second.trim() || s.first }]));

console.log('  injected faults, idle vs loaded (scenarios that fail, and the line that says why):');
for (const fault of FAULTS) {
  const args = ['--inject-fault', `IS1=${fault}`];
  const quiet = reasons(await runFeature(args));
  const hard = reasons(await loaded(() => runFeature(args)));
  const failing = [...quiet].filter(([, v]) => v.verdict === 'fail');
  const problems: string[] = [];
  if (failing.length === 0) problems.push('does not fail idle');
  for (const [name, q] of quiet) {
    const h = hard.get(name);
    if (!h) problems.push(`${name}: not run loaded`);
    else if (q.verdict === 'fail' && (h.verdict !== 'fail' || h.reason !== q.reason)) problems.push(`${name}: idle ${q.verdict} "${q.line}", loaded ${h.verdict} "${h.line}"`);
    else if (q.verdict !== 'fail' && (h.verdict === 'fail' || h.verdict === 'error')) problems.push(`${name}: idle ${q.verdict}, loaded ${h.verdict} "${h.line}"`);
  }
  const loadedFails = [...hard.values()].filter((v) => v.verdict === 'fail').length;
  console.log(`    ${fault}: ${failing.length} fail idle, ${loadedFails} fail loaded — ${problems.length === 0 ? 'same reasons' : 'DIFFERENT'}`);
  const lines = new Map(failing.map(([, v]) => [normalizeReason(v.line), v.line]));
  for (const line of lines.values()) console.log(`      ${line}`);
  for (const p of problems) console.log(`      ✗ ${p}`);
  if (problems.length > 0) misses.push(`fault ${fault}: ${problems.length} difference(s)`);
}

if (misses.length > 0) {
  console.log(`deliver under load: MISSED — ${misses.join('; ')}`);
  process.exitCode = 1;
} else console.log('deliver under load: all targets met');
