import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseTrace } from '../../src/trace/reader.ts';

// `flowcert load` as it runs by default — the reference Interaction Server in a process of its own,
// recording its own sampled trace, which the sample is checked on — and with --sut, an Interaction
// Server under test loaded through its adapter (a process binding), recorded by the harness's relay.
// No timing is asserted: rates and latencies are the bench's (bench/load-rate.bench.ts).

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowcert-load-process-'));
after(() => rmSync(work, { recursive: true, force: true }));

function load(name: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'load', '--reports', join(work, name), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const MODEST = ['--rate', '100', '--duration', '2s', '--agents', '20', '--timer', 'delivering=1000', '--json'];

test('by default the Interaction Server runs in its own process; its own sampled trace is what the sample is checked on', async () => {
  const r = await load('own-process', [...MODEST, '--sample', '20']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verdict, 'pass');
  assert.match(out.server, /^reference, its own process, as is the Stat Server's \(its sampled trace: .*IS1-trace\.ndjson\)$/);
  assert.ok(out.started >= 1 && out.completed === out.started, `started ${out.started}, completed ${out.completed}`);
  assert.deepEqual(Object.keys(out.latency), ['submit', 'invite', 'accept', 'route-used', 'delivery']);
  for (const step of Object.values(out.latency) as Array<Record<string, number>>) {
    assert.deepEqual(Object.keys(step), ['count', 'p50', 'p90', 'p99', 'p999', 'max', 'mean']);
    assert.equal(step.count, out.completed);
  }
  assert.ok(out.timeline.length >= 1);
  assert.deepEqual(Object.keys(out.timeline[0]), ['second', 'target', 'completed', 'inviteP99']);

  // The sample: every 10th interaction (200 expected / 20), as the server's own trace kept them.
  const file = join(out.outDir, 'IS1-trace.ndjson');
  assert.ok(existsSync(file));
  const trace = parseTrace(readFileSync(file, 'utf8'), file).trace;
  assert.ok(trace);
  assert.equal(trace.header.meta?.sample, 'every 10th interaction');
  const routed = new Set(trace.entries.flatMap((e) => (e.type === 'message' && e.message === 'RequestRouteCall' ? [String(e.attributes.InteractionId)] : [])));
  assert.equal(out.sample.checked, routed.size);
  assert.equal(out.sample.passed, out.sample.checked);
  assert.equal(out.sample.checked, Math.ceil(out.started / 10));
  // Only the sampled interactions' messages are in it: nothing of the first unsampled one (the second to appear).
  const ids = [...new Set(trace.entries.flatMap((e) => (e.type === 'message' && typeof e.attributes.InteractionId === 'string' ? [e.attributes.InteractionId] : [])))];
  assert.equal(ids.length, routed.size);
  assert.match(r.stderr, /^load +\d+ s: \d+\/s \(target 100\/s\)/m);
});

test('--sut: a broken Interaction Server under test fails the run, and each failed instance is kept with its trace excerpt', async () => {
  // A process binding like any SUT's: flowcert's own server with a fault, so it leaves out the Reporting EventAgentInvited.
  const sut = join(work, 'broken.yaml');
  writeFileSync(sut, JSON.stringify({ sut: { name: 'broken IS' }, participants: { IS1: { kind: 'process', command: process.execPath, args: [BIN, 'serve', 'InteractionServer', '--control', '${FLOWCERT_CONTROL_URL}', '--inject-fault', 'IS1=omitAgentInvited'], startTimeoutMs: 30000 } } }));
  const r = await load('broken', [...MODEST, '--sut', sut, '--sample', '10']);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.equal(out.verdict, 'fail');
  assert.match(out.server, /^under test, bound by .*broken\.yaml$/);
  assert.ok(out.sample.checked >= 1);
  assert.equal(out.sample.failed, out.sample.checked);
  assert.equal(out.failures.length, out.sample.failed);
  assert.match(out.failures[0].reason, /missing ixn → stat EventAgentInvited/);
  const kept = readdirSync(out.outDir).filter((f: string) => f.startsWith('failed-'));
  assert.equal(kept.length, out.sample.failed);
  const text = readFileSync(out.failures[0].file, 'utf8');
  assert.match(text, /trace excerpt \(interaction \w+\):\n(  seq .*\n)*  seq \d+ .* URS → IS1  RequestRouteCall/);
  assert.match(text, /IS1 → Agent\d+'s desktop  EventInvite/);
});

test('the default own-process server takes --inject-fault on its command line: failures kept from its own trace', async () => {
  const r = await load('fault', [...MODEST, '--sample', '5', '--inject-fault', 'IS1=omitAgentInvited']);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  const out = JSON.parse(r.stdout);
  assert.ok(out.sample.failed >= 1 && out.failures.length === out.sample.failed);
  const text = readFileSync(out.failures[0].file, 'utf8');
  assert.match(text, /trace excerpt \(interaction \w+\):\n(  seq .*\n)*  seq \d+ .* URS → IS1  RequestRouteCall/);
});
