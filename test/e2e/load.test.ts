import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../cli/cli-kit.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** `flowcert load` as a user runs it: the bin, its own process, reports in a temp folder. */
function load(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; reports: string }> {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-load-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/flowcert.mjs', 'load', '--reports', reports, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, reports }));
  });
}

// In the harness's own process: no second process to start, so these stay quick. The default, the
// Interaction Server in a process of its own, and --sut are proven in test/slow/load-process.test.ts.
const SHORT = ['--duration', '1s', '--rate', '50', '--agents', '10', '--timer', 'delivering=1000', '--in-process'];

test('a short run drives every instance, checks them all against the model, and reports each step', async () => {
  const r = await load([...SHORT, '--json', '--sample', '1000']);
  try {
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.verdict, 'pass');
    assert.equal(out.model, 'deliver-interaction-to-agent');
    assert.equal(out.variant, 'accept');
    assert.ok(out.started >= 1 && out.completed === out.started, `started ${out.started}, completed ${out.completed}`);
    assert.equal(out.sample.checked, out.started);
    assert.equal(out.sample.passed, out.started);
    assert.deepEqual(Object.keys(out.latency), ['submit', 'invite', 'accept', 'route-used', 'delivery']);
    for (const step of Object.values(out.latency) as Array<Record<string, number>>) {
      assert.deepEqual(Object.keys(step), ['count', 'p50', 'p90', 'p99', 'p999', 'max', 'mean']);
      assert.equal(step.count, out.completed);
      assert.ok(step.p50 <= step.p99 && step.p99 <= step.max);
    }
    assert.ok(existsSync(join(out.outDir, 'summary.json')));
    assert.match(r.stderr, /^load +\d+ s: \d+\/s \(target 50\/s\)/m);
  } finally {
    rmSync(r.reports, { recursive: true, force: true });
  }
});

test('the table names every step, the rate and the sample', async () => {
  const r = await load(SHORT);
  try {
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^flowcert load: deliver-interaction-to-agent variant accept — PASS$/m);
    for (const s of ['submit', 'invite', 'accept', 'route used', 'delivery']) assert.match(r.stdout, new RegExp(`^  ${s} \\(`, 'm'));
    assert.match(r.stdout, /achieved [\d.]+\/s: \d+ started/);
    assert.match(r.stdout, /model check on a sample: \d+ instances checked — \d+ pass, 0 fail/);
  } finally {
    rmSync(r.reports, { recursive: true, force: true });
  }
});

test('a fault that breaks Deliver fails the run, and each failed instance is kept with its trace excerpt', async () => {
  const r = await load([...SHORT, '--json', '--inject-fault', 'IS1=omitAgentInvited']);
  try {
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const out = JSON.parse(r.stdout);
    assert.equal(out.verdict, 'fail');
    assert.ok(out.sample.failed >= 1);
    assert.equal(out.failures.length, out.sample.failed);
    assert.match(out.failures[0].reason, /missing ixn → stat EventAgentInvited/);
    const kept = readdirSync(out.outDir).filter((f: string) => f.startsWith('failed-'));
    assert.equal(kept.length, out.sample.failed);
    const text = readFileSync(out.failures[0].file, 'utf8');
    assert.match(text, /trace excerpt \(interaction \w+\):\n  seq \d+ .* URS → IS1  RequestRouteCall/);
  } finally {
    rmSync(r.reports, { recursive: true, force: true });
  }
});

test('--sut must bind the Interaction Server, and only it: the driver stays the reference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-load-sut-'));
  try {
    const none = join(dir, 'none.yaml');
    writeFileSync(none, JSON.stringify({ roles: { URS: { kind: 'process', command: 'node' } } }));
    const a = await cli(['load', '--sut', none]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /binds no Interaction Server: the load run loads IS1/);
    const agents = join(dir, 'agents.yaml');
    writeFileSync(agents, JSON.stringify({ participants: { IS1: { kind: 'process', command: 'node' } }, roles: { AgentApplication: { kind: 'process', command: 'node' } } }));
    const b = await cli(['load', '--sut', agents]);
    assert.equal(b.code, 2);
    assert.match(b.stderr, /binds Agent1's desktop \(AgentApplication\): the load run loads an Interaction Server under test/);
    const missing = await cli(['load', '--sut', join(dir, 'nope.yaml')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such configuration file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors: a model it cannot drive (did you mean), a variant it cannot drive, a bad number', async () => {
  const m = await cli(['load', '--model', 'deliver-interaction']);
  assert.equal(m.code, 2);
  assert.match(m.stderr, /cannot drive model "deliver-interaction" — did you mean "deliver-interaction-to-agent"\?\n  models it can drive: deliver-interaction-to-agent/);
  const v = await cli(['load', '--variant', 'reject']);
  assert.equal(v.code, 2);
  assert.match(v.stderr, /cannot drive variant "reject" of deliver-interaction-to-agent\n  variants it can drive: accept/);
  const n = await cli(['load', '--rate', 'fast']);
  assert.equal(n.code, 2);
  assert.match(n.stderr, /--rate fast: expected a number/);
  const r = await cli(['load', '--ramp', '2s', '--duration', '1s']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--ramp 2s is longer than --duration \(1 s\)/);
  const both = await cli(['load', '--sut', 'x.yaml', '--in-process']);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--sut with --in-process/);
  const fault = await cli(['load', '--sut', 'x.yaml', '--inject-fault', 'IS1=omitAgentInvited']);
  assert.equal(fault.code, 2);
  assert.match(fault.stderr, /--inject-fault with --sut/);
  const h = await cli(['load', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /^Usage: flowcert load \[options\]/);
});
