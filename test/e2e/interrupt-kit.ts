import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace } from '../../src/trace/reader.ts';
import type { Trace } from '../../src/trace/types.ts';
import { parseSvg } from '../reporting/svg-check.ts';

// What the interrupt tests share: a project whose features the test interrupts, `flowcert run` as a real
// process signalled while a scenario waits, and readers for what it leaves behind. Waits are bounded
// only so that a broken run cannot hang the suite; no assertion depends on how long anything took.

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'flowcert.mjs');
export const MODEL = join(ROOT, 'scenarios', 'deliver-interaction-to-agent.yaml');
export const DESKTOP_SCRIPT = join(ROOT, 'test', 'fixtures', 'standalone-desktop', 'desktop.mjs');
export const STUBBORN_SCRIPT = join(ROOT, 'test', 'fixtures', 'standalone-desktop', 'stubborn.mjs');

const made: string[] = [];
const running = new Set<ChildProcess>();

/** Kills any run a failed test left behind and removes every project made so far (call it from `after`). */
export function removeProjects(): void {
  for (const child of running) child.kill('SIGKILL');
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/**
 * A scenario of the Deliver feature: the desktop answers (or not) and the flow is checked against
 * `variant`. `delivering` undefined leaves the timer to the run's fast default (200 ms).
 */
export function deliver(name: string, delivering: string | undefined, policy: 'accept' | 'reject' | 'ignore', variant: string): string {
  return `
  Scenario: ${name}
    Given an Interaction Server "IS1"${delivering ? ` with a delivering timeout of ${delivering}` : ''}
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will ${policy} invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "${variant}"
`;
}

/**
 * The scenario a test interrupts: its delivering timer is a minute, so when the desktop has its
 * invitation the flow check is sure to be waiting, a minute from done — an interrupt that does not end
 * that wait shows as a run that does not end. The others run on the run's fast default.
 */
export const WAITING = 'Agent fails to respond in time';
export const FEATURE = `Feature: Interrupted delivery
${deliver('Agent accepts delivery', undefined, 'accept', 'accept')}${deliver(WAITING, '60 seconds', 'ignore', 'timeout')}${deliver('Agent rejects delivery', undefined, 'reject', 'reject')}`;

/** A user's project with these feature files, the Deliver model, and, given participants, a binding configuration (sut.json). */
export function project(features: Record<string, string>, participants?: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-interrupt-'));
  made.push(dir);
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(MODEL, join(dir, 'scenarios', 'deliver-interaction-to-agent.yaml'));
  for (const [name, text] of Object.entries(features)) writeFileSync(join(dir, 'features', name), text);
  // JSON is YAML: no quoting surprises in names like "Agent1's desktop".
  if (participants) writeFileSync(join(dir, 'sut.json'), JSON.stringify({ participants }, null, 2));
  return dir;
}

/** A participant played by node running `script`. */
export function nodeProcess(script: string): Record<string, unknown> {
  return { kind: 'process', command: process.execPath, args: [script] };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningFlowcert {
  pid: number;
  /** Sends a signal, remembering when, for the time-to-exit the tests report. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the process has exited; after 60 s a hang guard kills it (SIGKILL, which no test expects). */
  exited: Promise<Exit>;
  /** Milliseconds from the first signal sent to the exit; undefined before either. */
  msToExit(): number | undefined;
  stdout(): string;
}

/** `flowcert run ARGS` in `cwd`, as a real process. */
export function startRun(cwd: string, args: string[]): RunningFlowcert {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { cwd, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
  running.add(child);
  let stdout = '';
  let stderr = '';
  let signalledAt: number | undefined;
  let exitedAt: number | undefined;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<Exit>((resolve) => {
    const guard = setTimeout(() => {
      stderr += '\n[test] flowcert run still running 60 s in: killed by the hang guard\n';
      child.kill('SIGKILL');
    }, 60_000);
    child.on('exit', () => (exitedAt = performance.now()));
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    pid: child.pid!,
    kill(signal) {
      signalledAt ??= performance.now();
      child.kill(signal);
    },
    exited,
    msToExit: () => (signalledAt !== undefined && exitedAt !== undefined ? Math.round(exitedAt - signalledAt) : undefined),
    stdout: () => stdout,
  };
}

/** Waits until `condition` holds; throws `what` after 30 s. */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`still waiting, after 30 s, for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The trace files of a run, by scenario-name prefix (`agent-fails-to-respond-in-time-23.ndjson` under `agent-fails-to-respond-in-time`). */
export function traceFile(cwd: string, feature: string, scenarioSlug: string): string | undefined {
  const dir = join(cwd, 'reports', 'traces', feature);
  if (!existsSync(dir)) return undefined;
  const name = readdirSync(dir).find((f) => f.startsWith(`${scenarioSlug}-`) && f.endsWith('.ndjson'));
  return name ? join(dir, name) : undefined;
}

/** True once the scenario's trace shows the invitation delivered to the desktop: the flow check is waiting. */
export function invited(cwd: string, feature: string, scenarioSlug: string): boolean {
  const file = traceFile(cwd, feature, scenarioSlug);
  // Read while the run writes it: a cut last line is a warning, and the entries before it are there.
  return file !== undefined && (parseTrace(readFileSync(file, 'utf8'), file).trace?.entries.some((e) => e.type === 'message' && e.message === 'EventInvite') ?? false);
}

/** Reads a trace, failing the test if it cannot be read. */
export function readTraceFile(file: string): Trace {
  const r = parseTrace(readFileSync(file, 'utf8'), file);
  assert.ok(r.trace, `${file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.trace;
}

/** The process id the process adapter noted when it spawned `participant`. */
export function spawnedPid(trace: Trace, participant: string): number | undefined {
  for (const e of trace.entries) {
    const m = e.type === 'note' && e.participant === participant ? /started as process (\d+)/.exec(e.text) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The processes whose parent is `pid`, with their command lines (ps, on Linux and macOS). */
export function childrenOf(pid: number): { pid: number; args: string }[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return ps.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pid)
    .map((m) => ({ pid: Number(m[1]), args: m[3] }));
}

/** `flowcert check TRACE --model <Deliver> --variant V`. */
export function check(trace: string, variant: string): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [BIN, 'check', trace, '--model', MODEL, '--variant', variant], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout + r.stderr };
}

/** The last line a run printed: its summary. */
export function lastLine(s: string): string {
  return s.trimEnd().split('\n').pop() ?? '';
}

/** The JUnit report, checked well-formed (the XML declaration and CDATA sections aside, every tag closes in order). */
export function readJUnit(file: string): string {
  const xml = readFileSync(file, 'utf8');
  parseSvg(xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''));
  return xml;
}
