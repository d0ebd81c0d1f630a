import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  childrenOf,
  deliver,
  eventually,
  invited,
  isAlive,
  lastLine,
  project,
  readJUnit,
  readTraceFile,
  removeProjects,
  startRun,
  traceFile,
} from '../e2e/interrupt-kit.ts';

// With --parallel, scenarios run in worker processes cucumber forks. A SIGTERM sent to flowcert alone
// (a CI job cancelled, `kill PID`) never reaches them by itself: flowcert forwards it, each worker
// stops its scenario as interrupted, and the run ends as a serial one does. And a worker never
// outlives flowcert: killed with SIGKILL, flowcert can forward nothing, yet its workers stop their
// scenarios, seal their traces and exit.

after(removeProjects);

// Two scenarios that wait a minute (one per worker), one that passes first, one never run.
const FEATURE = `Feature: Parallel delivery
${deliver('Agent accepts delivery', undefined, 'accept', 'accept')}${deliver('First agent fails to respond', '60 seconds', 'ignore', 'timeout')}${deliver('Second agent fails to respond', '60 seconds', 'ignore', 'timeout')}${deliver('Agent rejects delivery', undefined, 'reject', 'reject')}`;
const FEATURE_DIR = 'parallel';
const WAITING = ['first-agent-fails-to-respond', 'second-agent-fails-to-respond'];

/** Starts the run and waits until both workers are in a scenario that waits a minute; returns it with the workers' pids. */
async function bothWaiting(dir: string) {
  const run = startRun(dir, ['--no-allure', '--parallel', '2']);
  await eventually(() => WAITING.every((s) => invited(dir, FEATURE_DIR, s)), 'both workers to be waiting for their flows');
  const workers = childrenOf(run.pid).filter((c) => c.args.includes('run_worker'));
  assert.equal(workers.length, 2, `two cucumber workers under flowcert (pid ${run.pid}): ${JSON.stringify(childrenOf(run.pid))}`);
  return { run, workers: workers.map((w) => w.pid) };
}

test('--parallel 2, SIGTERM to flowcert alone: both workers stop their scenarios as interrupted, the run ends 130, no worker left', async (t) => {
  const dir = project({ 'parallel.feature': FEATURE });
  const { run, workers } = await bothWaiting(dir);
  run.kill('SIGTERM');
  const r = await run.exited;
  t.diagnostic(`SIGTERM to exit: ${run.msToExit()} ms`);
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.equal(lastLine(r.stdout), 'flowcert: interrupted by SIGTERM — 3 of 4 scenarios ran (1 passed, 2 interrupted), 27 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  const junit = readJUnit(join(dir, 'reports', 'cucumber-junit.xml'));
  assert.equal((junit.match(/<skipped message="interrupted \(SIGTERM\) during /g) ?? []).length, 2);
  assert.match(junit, /<skipped message="not run: the run was interrupted \(SIGTERM\) before it started"\/>/);
  for (const s of WAITING) assert.equal(readTraceFile(traceFile(dir, FEATURE_DIR, s)!).footer?.status, 'interrupted', s);
  for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} is gone`);
});

test('--parallel 2, flowcert killed with SIGKILL: the workers seal their traces as interrupted and exit', async () => {
  const dir = project({ 'parallel.feature': FEATURE });
  const { run, workers } = await bothWaiting(dir);
  run.kill('SIGKILL');
  const r = await run.exited;
  assert.equal(r.signal, 'SIGKILL');
  await eventually(() => workers.every((pid) => !isAlive(pid)), `the workers ${workers.join(', ')} to be gone`);
  for (const s of WAITING) assert.equal(readTraceFile(traceFile(dir, FEATURE_DIR, s)!).footer?.status, 'interrupted', s);
});
