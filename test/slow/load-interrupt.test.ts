import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseTrace } from '../../src/trace/reader.ts';

// `flowcert load` interrupted, as a user does it: Ctrl-C in a terminal (SIGINT to the whole process
// group: the harness and the server processes it started), SIGTERM to the group, or a signal to the
// harness alone. Each signal is sent at a point the run shows it has reached (a file it wrote, a
// progress line), never after a fixed sleep. Whatever the moment, an interrupted run exits 130, prints
// its summary, and never fails for what the interrupt cut.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-load-interrupt-'));
const running = new Set<ChildProcess>();
after(() => {
  for (const c of running) if (c.pid !== undefined) killGroup(c.pid, 'SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

interface Run {
  child: ChildProcess;
  reports: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The bin in a process group of its own (detached), so a test can signal the group as a terminal's Ctrl-C does. */
function start(name: string, args: string[]): Run {
  const reports = join(work, name);
  const child = spawn(process.execPath, [BIN, 'load', '--reports', reports, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const guard = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 90_000);
    child.on('close', (code) => {
      clearTimeout(guard);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, reports, stdout: () => stdout, stderr: () => stderr, exited };
}

async function until(condition: () => boolean, what: string, run: Run): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`still waiting, after 60 s, for ${what}\n${run.stderr()}`);
    if (run.child.exitCode !== null) throw new Error(`flowcert load exited (${run.child.exitCode}) before ${what}\n${run.stderr()}${run.stdout()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The run's folder (reports/load/<stamp>), once it exists. */
function runDir(reports: string): string | undefined {
  const dir = join(reports, 'load');
  if (!existsSync(dir)) return undefined;
  const [stamp] = readdirSync(dir);
  return stamp ? join(dir, stamp) : undefined;
}

for (const [to, signal] of [['the harness alone', 'SIGINT'], ['the whole process group', 'SIGTERM']] as const) {
  test(`${signal} to ${to} while it starts (the server process up, the agents logging in): exit 130 with the summary of what it got to, not an internal error`, async () => {
    const run = start(`startup-${signal}`, ['--duration', '10s', '--rate', '20', '--agents', '300', '--timer', 'delivering=500']);
    // The own-process Interaction Server opens its trace as it starts; the Stat Server's process and 300 logins come after.
    await until(() => {
      const d = runDir(run.reports);
      return d !== undefined && existsSync(join(d, 'IS1-trace.ndjson'));
    }, 'the Interaction Server process to start', run);
    if (to === 'the harness alone') run.child.kill(signal);
    else killGroup(run.child.pid!, signal);
    const r = await run.exited;
    assert.equal(r.code, 130, r.stderr + r.stdout);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stdout, new RegExp(`^flowcert load: deliver-interaction-to-agent variant accept — INCONC \\(interrupted by ${signal} while starting: \\d+ of 300 agents logged in, no instance started\\)$`, 'm'));
    assert.match(r.stdout, /0 started, 0 completed/);
    const summary = JSON.parse(readFileSync(join(runDir(run.reports)!, 'summary.json'), 'utf8'));
    assert.equal(summary.interrupted, true);
    assert.equal(summary.interruption.during, 'start-up');
    assert.equal(summary.verdict, 'inconc');
  });
}

// Saturated by its 20 agents (2000/s asked), 20 instances are in flight whenever the signal comes, and
// every instance is sampled: the interrupt is sure to cut sampled instances in the middle.
const SATURATED = ['--duration', '30s', '--rate', '2000', '--agents', '20', '--sample', '1000000', '--timer', 'delivering=1000', '--json'];

for (const [signal, how] of [['SIGINT', 'group'], ['SIGTERM', 'group'], ['SIGINT', 'timeout']] as const) {
  const to = how === 'group' ? 'the whole process group' : 'flowcert and then its process group, as `timeout` does (a signal flowcert may read twice)';
  test(`${signal} to ${to} while it drives: exit 130 with the summary, the instances it cut are inconc, none fails, nothing counts as refused`, async () => {
    const run = start(`${how}-${signal}`, SATURATED);
    await until(() => /^load +1 s: /m.test(run.stderr()), 'the first progress line', run);
    if (how === 'timeout') run.child.kill(signal);
    killGroup(run.child.pid!, signal);
    const r = await run.exited;
    assert.equal(r.code, 130, r.stderr + r.stdout);
    assert.doesNotMatch(r.stderr, /interrupted again/);
    const out = JSON.parse(r.stdout);
    assert.notEqual(out.verdict, 'fail', JSON.stringify({ sample: out.sample, refused: out.refused.slice(0, 3), failures: out.failures.filter((f: { verdict: string }) => f.verdict === 'fail').slice(0, 3) }));
    assert.equal(out.sample.failed, 0);
    assert.deepEqual(out.refused, []);
    assert.ok(out.sample.checked >= 1);
    assert.equal(out.interrupted, true);
    assert.equal(out.interruption?.signal, signal);
    assert.equal(out.interruption?.during, 'drive');
    assert.equal(JSON.parse(readFileSync(join(out.outDir, 'summary.json'), 'utf8')).verdict, out.verdict);
    // The server process heard the signal itself and sealed its trace as cut, not complete.
    const file = join(out.outDir, 'IS1-trace.ndjson');
    const trace = parseTrace(readFileSync(file, 'utf8'), file).trace;
    assert.equal(trace?.footer?.status, 'interrupted');
  });
}

test('SIGINT to the harness alone while it drives: the server is stopped by the harness, the cut instances are inconc, and in-flight ones are not waited for', async () => {
  const run = start('harness-only', [...SATURATED, '--timer', 'delivering=3000']);
  await until(() => /^load +1 s: /m.test(run.stderr()), 'the first progress line', run);
  run.child.kill('SIGINT');
  const r = await run.exited;
  assert.equal(r.code, 130, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.sample.failed, 0, JSON.stringify(out.failures.slice(0, 3)));
  assert.notEqual(out.verdict, 'fail');
  // Cut, not given up on: nobody waited three delivering timers for them.
  assert.equal(out.incomplete, 0);
  assert.equal(out.interruption?.during, 'drive');
  assert.ok(out.cut >= 1, `cut ${out.cut}`);
});

test('SIGINT while it waits for the last instances\' never windows: exit 130, the windows it cut are inconc, never fail', async () => {
  // 20 instances, then the wait of a delivering timer (5 s) for their never windows to close.
  const run = start('wait', ['--count', '20', '--rate', '100', '--agents', '20', '--sample', '1000', '--timer', 'delivering=5000', '--json']);
  // The drive's last progress line (nothing in flight) comes as the wait begins.
  await until(() => /^load +\d+ s: .*, 20 done, 0 in flight/m.test(run.stderr()), 'the drive\'s last progress line', run);
  run.child.kill('SIGINT');
  const r = await run.exited;
  assert.equal(r.code, 130, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.sample.failed, 0, JSON.stringify(out.failures.slice(0, 3)));
  assert.equal(out.sample.checked, 20);
  assert.equal(out.verdict, 'inconc');
  assert.equal(out.interruption?.during, 'wait');
});

test('a failure the server showed well before the interrupt still fails an interrupted run: only what the interrupt cut is inconc', async () => {
  // The server never tells the Stat Server EventAgentInvited. An instance that ended (EventRouteUsed)
  // a delivering timer and its margin before the interrupt had all the time an uninterrupted run gives it.
  const run = start('fault', ['--duration', '30s', '--rate', '50', '--agents', '20', '--sample', '1000000', '--timer', 'delivering=500', '--inject-fault', 'IS1=omitAgentInvited', '--json']);
  await until(() => /^load +2 s: /m.test(run.stderr()), 'the second progress line', run);
  run.child.kill('SIGINT');
  const r = await run.exited;
  assert.equal(r.code, 130, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verdict, 'fail');
  assert.ok(out.sample.failed >= 1 && out.sample.inconc >= 1, JSON.stringify(out.sample));
  const failed = out.failures.filter((f: { verdict: string }) => f.verdict === 'fail');
  for (const f of failed) assert.match(f.reason, /missing ixn → stat EventAgentInvited/);
  const cut = out.failures.filter((f: { verdict: string }) => f.verdict === 'inconc');
  assert.match(cut[0].reason, /cut before|the trace ends/);
});
