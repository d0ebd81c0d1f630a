import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseTrace } from '../../src/trace/reader.ts';
import type { Trace } from '../../src/trace/types.ts';

// The adapters issue's proof: the shipped Deliver feature, unchanged, through the CLI, in four
// bindings — (a) everything reference, (b) the agent application a standalone process that uses
// nothing of flowcert, (c) the Interaction Server a process (`flowcert serve --control`), (d) both
// external, talking through the recording relay — gives the same verdicts, and every trace the same
// message sequence on each direction of each connection (ids and times aside). Across connections
// the trace's order is the recording point's (the reference server, or the relay in front of an
// external one), which is as near as the harness can see; the test does not ask more of it.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const DESKTOP = join(ROOT, 'test', 'fixtures', 'standalone-desktop', 'desktop.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-bindings-'));
after(() => rmSync(work, { recursive: true, force: true }));

const desktopProcess = (extra: string[] = []) => ({
  kind: 'process',
  command: process.execPath,
  args: [DESKTOP, ...extra],
});
const isProcess = { kind: 'process', command: process.execPath, args: [BIN, 'serve', 'InteractionServer', '--control', '${FLOWCERT_CONTROL_URL}'] };

function config(name: string, participants: Record<string, unknown> | undefined): string[] {
  if (!participants) return [];
  const file = join(work, `${name}.yaml`);
  // JSON is YAML: no quoting surprises in names like "Agent1's desktop".
  writeFileSync(file, JSON.stringify({ participants }, null, 2));
  return ['--sut', file];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  reports: string;
  /** The harness process's peak resident memory (MB), as the kernel counted it (VmHWM), last read before it exited. */
  peakMb: number;
}

function run(name: string, participants: Record<string, unknown> | undefined, extra: string[] = [], nodeArgs: string[] = []): Promise<Run> {
  const reports = join(work, name);
  // The Deliver feature only: the other models' features take stimuli the fixture desktop does not (inconc by design).
  const args = [...nodeArgs, BIN, 'run', 'features/deliver-interaction-to-agent.feature', '--no-allure', '--reports', reports, ...config(name, participants), ...extra];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    let stdout = '';
    let stderr = '';
    let peakMb = 0;
    const watch = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakMb = Math.max(peakMb, kb / 1024);
      } catch {
        // gone already
      }
    }, 50);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, stdout, stderr, reports, peakMb });
    });
  });
}

function traces(reports: string): Map<string, Trace> {
  const dir = join(reports, 'traces', 'deliver-interaction-to-agent');
  const out = new Map<string, Trace>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.ndjson'))) {
    const r = parseTrace(readFileSync(join(dir, f), 'utf8'), f);
    assert.ok(r.trace, `${f}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    out.set(f, r.trace);
  }
  return out;
}

/**
 * `from → to`: the messages of that direction, in order, by name, until the scenario is over. What the
 * participants say while they are being stopped (a desktop that leaves is logged out) reaches a relay
 * or not depending on who closes first, and is no part of the scenario.
 */
function sequences(trace: Trace): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of trace.entries) {
    if (e.type === 'note' && e.data?.teardown === true) break;
    if (e.type === 'message') (out[`${e.from} → ${e.to}`] ??= []).push(e.message);
  }
  return out;
}

function participants(trace: Trace): Record<string, string> {
  const all = new Map<string, string>();
  for (const p of trace.header.participants) all.set(p.name, `${p.binding}/${p.adapter}`);
  for (const e of trace.entries) {
    if (e.type === 'note' && e.kind === 'participant' && e.data) all.set(String(e.data.name), `${e.data.binding}/${e.data.adapter}`);
  }
  return Object.fromEntries([...all].sort());
}

const summary = (r: Run) => r.stdout.trimEnd().split('\n').pop() ?? '';

test('the Deliver feature gives the same verdicts and message sequences in all four bindings', async () => {
  const bindings: Record<string, Record<string, unknown> | undefined> = {
    'a-all-reference': undefined,
    'b-desktop-process': { "Agent1's desktop": desktopProcess() },
    'c-interaction-server-process': { IS1: isProcess },
    'd-both-through-relay': { IS1: isProcess, "Agent1's desktop": desktopProcess() },
  };
  const runs: Record<string, Run> = {};
  // One at a time: the feature's timers are real, and four runs at once on two cores would measure the machine.
  // The Deliver feature only: the fixture desktop takes the Deliver stimuli, not the later models' (submit, stop-processing).
  // One delivering timer for every binding (a run override): a served Interaction Server is a system under
  // test and would otherwise run the option's 30 s default, which every timeout scenario waits out.
  for (const [name, p] of Object.entries(bindings)) runs[name] = await run(name, p, ['--timer', 'delivering=200']);
  for (const [name, r] of Object.entries(runs)) {
    assert.equal(r.code, 0, `${name}: ${r.stdout.slice(-3000)}\n${r.stderr}`);
    assert.match(summary(r), /^flowcert: 9 scenarios \(9 passed\), 98 steps/, name);
  }
  const reference = traces(runs['a-all-reference'].reports);
  assert.equal(reference.size, 9);
  for (const [name, r] of Object.entries(runs)) {
    const got = traces(r.reports);
    assert.deepEqual([...got.keys()].sort(), [...reference.keys()].sort(), name);
    for (const [file, trace] of got) assert.deepEqual(sequences(trace), sequences(reference.get(file)!), `${name}: ${file}`);
  }
  // Who was under test, as the traces say.
  const first = (name: string) => participants(traces(runs[name].reports).values().next().value!);
  assert.equal(first('a-all-reference')["Agent1's desktop"], 'reference/reference');
  assert.equal(first('b-desktop-process')["Agent1's desktop"], 'sut/process');
  assert.equal(first('b-desktop-process').IS1, 'reference/reference');
  assert.equal(first('c-interaction-server-process').IS1, 'sut/process');
  assert.equal(first('c-interaction-server-process')["Agent1's desktop"], 'reference/reference');
  assert.equal(first('d-both-through-relay').IS1, 'sut/process');
  assert.equal(first('d-both-through-relay')["Agent1's desktop"], 'sut/process');
  const relayed = [...traces(runs['c-interaction-server-process'].reports).values(), ...traces(runs['d-both-through-relay'].reports).values()].every((t) => t.entries.some((e) => e.type === 'note' && /^recording relay in front of IS1/.test(e.text)));
  assert.ok(relayed, 'bindings (c) and (d) record every connection to IS1 at the relay in front of it');
});

/** A scenario's trace by its name, whatever line the feature puts it on. */
function byScenario<T>(all: Map<string, T>, slug: string): T {
  const found = [...all.entries()].filter(([file]) => new RegExp(`^${slug}-\\d+\\.ndjson$`).test(file));
  assert.equal(found.length, 1, `one trace of scenario ${slug} among ${[...all.keys()].join(', ')}`);
  return found[0][1];
}

test('a desktop that declares no reject capability makes the reject scenarios inconc, not fail: summary, JUnit and exit code', async () => {
  const r = await run('e-no-reject', { "Agent1's desktop": desktopProcess(['--capabilities', 'login,accept,ignore']) }, ['--tags', '@phase-agent-rejects-delivery or @phase-agent-accepts-delivery']);
  assert.equal(summary(r).split(' — ')[0], 'flowcert: 2 scenarios (1 passed, 1 inconc), 23 steps');
  assert.equal(r.code, 3, 'nothing failed, something was inconclusive');
  const junit = readFileSync(join(r.reports, 'cucumber-junit.xml'), 'utf8');
  assert.match(junit, /tests="2" failures="0" errors="0" skipped="1"/);
  assert.match(junit, /<skipped message="inconclusive: Agent1&apos;s desktop declares no reject capability|<skipped message="inconclusive: Agent1's desktop declares no reject capability/);
  const trace = byScenario(traces(r.reports), 'agent-rejects-delivery');
  assert.ok(!trace.entries.some((e) => e.type === 'message' && e.message === 'RequestReject'), 'nothing was sent for the stimulus the desktop cannot take');
});

test('a desktop process that exits at start ends each scenario in error with its stderr, and the run goes on', async () => {
  const r = await run('f-exit-at-start', { "Agent1's desktop": desktopProcess(['--mode', 'exit-at-start']) }, ['--tags', '@phase-agent-rejects-delivery or @phase-agent-accepts-delivery']);
  assert.equal(summary(r).split(' — ')[0], 'flowcert: 2 scenarios (2 error), 23 steps');
  assert.equal(r.code, 4);
  const junit = readFileSync(join(r.reports, 'cucumber-junit.xml'), 'utf8');
  assert.match(junit, /tests="2" failures="0" errors="2" skipped="0"/);
  assert.equal((junit.match(/exited \(code 3\) before it was ready; its stderr ends:\ndesktop: configured to fail at start/g) ?? []).length, 2, junit);
});

test('a desktop process that sends garbage fails the flow (the SUT did not conform), with the bad frames named', async () => {
  const r = await run('g-garbage', { "Agent1's desktop": desktopProcess(['--mode', 'garbage']) }, ['--tags', '@phase-agent-accepts-delivery']);
  assert.equal(summary(r).split(' — ')[0], 'flowcert: 1 scenario (1 failed), 11 steps');
  assert.equal(r.code, 1);
  assert.match(r.stdout, /NOT_JSON/);
});

test('a desktop process that floods the Interaction Server is cut off by the backlog limit: the run ends with a verdict, the harness stays small', async () => {
  // V8 lets garbage pile up as far as its heap limit allows before it collects, so an unconstrained
  // harness's peak says more about the collector's mood than about what it keeps (288–312 MB measured
  // for a live set near 80 MB). Under a 160 MB old-space limit, a harness that kept what the flood
  // sends would run out of heap and crash; one that does not stays well under 300 MB (~210 measured).
  const r = await run('h-flood', { "Agent1's desktop": desktopProcess(['--mode', 'flood']) }, ['--tags', '@phase-agent-accepts-delivery'], ['--max-old-space-size=160']);
  // The flood ends as the SUT's fault: its connection was closed, so the login it was then asked for cannot be done.
  assert.equal(summary(r).split(' — ')[0], 'flowcert: 1 scenario (1 failed), 11 steps');
  assert.equal(r.code, 1);
  const trace = byScenario(traces(r.reports), 'agent-accepts-delivery');
  assert.ok(trace.entries.some((e) => e.type === 'bad-frame' && e.violations.some((v) => v.code === 'BACKLOG_EXCEEDED')), 'the backlog limit recorded its violation');
  assert.ok(r.peakMb > 0 && r.peakMb < 300, `the harness peaked at ${r.peakMb.toFixed(0)} MB`);
});
