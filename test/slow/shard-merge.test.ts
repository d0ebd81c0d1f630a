import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Certificate } from '../../src/reporting/certificate.ts';
import { expand, flowcertCommand, workflow } from '../cli/workflow-kit.ts';

// Scale-out, proven: the careless desktop (which fails 6 of the 9 Deliver scenarios, so there is
// something to compare) certified as one run, and as 3 shards merged — with the very commands of
// docs/examples/github-actions.yml, in a project laid out as the workflow's checkout is. The merged
// JUnit, summary lines and certificate say what the unsharded run's say; only times, dates and the
// trace excerpts (which show times) may differ.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const project = mkdtempSync(join(tmpdir(), 'flowcert-shards-'));
after(() => rmSync(project, { recursive: true, force: true }));
for (const d of ['scenarios', 'examples']) cpSync(join(ROOT, d), join(project, d), { recursive: true });
// The Deliver feature only: the other models' features take stimuli the careless desktop does not (inconc by design).
cpSync(join(ROOT, 'features', 'deliver-interaction-to-agent.feature'), join(project, 'features', 'deliver-interaction-to-agent.feature'));
// The examples run with the project's tsx and ws, as in a checkout after npm ci.
symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');

function flowcert(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: project, env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What the runner's shell does with `reports/shard-*`: the matching folders, sorted. */
function glob(words: string[]): string[] {
  return words.flatMap((w) => {
    if (!w.includes('*')) return [w];
    const [dir, pattern] = [w.slice(0, w.lastIndexOf('/')), w.slice(w.lastIndexOf('/') + 1)];
    const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return readdirSync(join(project, dir)).filter((n) => re.test(n)).sort().map((n) => `${dir}/${n}`);
  });
}

/** Each testcase as `file|name|outcome`, sorted, and the testsuite's counts. */
function junit(file: string): { cases: string[]; counts: string } {
  const xml = readFileSync(join(project, file), 'utf8');
  const cases = [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)" file="([^"]*)" time="[^"]*">\n(\s+<(failure|error|skipped)[ >])?/g)].map((m) => `${m[2]}|${m[1]}|${m[4] ?? 'passed'}`);
  return { cases: cases.sort(), counts: /<testsuite name="flowcert" (tests="\d+" failures="\d+" errors="\d+" skipped="\d+")/.exec(xml)?.[1] ?? '(no testsuite)' };
}

type Decided = Omit<Certificate, 'harness' | 'failures'> & { files: Certificate['harness']['files']; failures: Omit<Certificate['failures'][number], 'excerpt' | 'diagram'>[] };

/**
 * The certificate without what may differ between two runs of the same suite: the harness's date,
 * machine and options (a merged one says how many shards), and each failure's trace excerpt and
 * diagram, which show the times the messages came at.
 */
function decided(dir: string): Decided {
  const { harness, failures, ...rest } = JSON.parse(readFileSync(join(project, dir, 'certificate.json'), 'utf8')) as Certificate;
  // Trace seq numbers are the order messages reached the recorder: independent messages on different
  // connections (a status to the desktop, an event to the reporting engine) may come either way round in
  // two runs, so whatever quotes a seq (explanations, reasons) is compared with its seqs masked.
  const decided = { ...rest, files: harness.files, failures: failures.map(({ excerpt: _e, diagram: _d, ...f }) => f) };
  return JSON.parse(JSON.stringify(decided).replace(/\bseq \d+/g, 'seq N')) as Decided;
}

const line = (out: string, prefix: string) => out.split('\n').find((l) => l.startsWith(prefix))?.replace(/ — (reports|certificate): .*$/, '');

test('certified in 3 shards and merged, the careless desktop gets the unsharded run’s JUnit, summary and certificate', async () => {
  const { jobs } = workflow();
  const shardCommand = flowcertCommand(jobs.certify, 'certify');
  const mergeCommand = flowcertCommand(jobs.merge, 'merge');

  const at = shardCommand.indexOf('--shard');
  const whole = shardCommand.filter((_, i) => i !== at && i !== at + 1).map((w) => (w.startsWith('reports/shard-') ? 'reports/whole' : w));
  const unsharded = await flowcert(whole);
  assert.equal(unsharded.code, 1, unsharded.stdout.slice(-2000) + unsharded.stderr);
  assert.match(line(unsharded.stdout, 'flowcert: ') ?? '', /^flowcert: \d+ scenarios \(\d+ passed, \d+ failed(, \d+ inconc)?\), \d+ steps$/);

  const sizes: number[] = [];
  for (const shard of [1, 2, 3]) {
    const r = await flowcert(expand(shardCommand, { 'matrix.shard': shard, 'strategy.job-total': 3 }));
    assert.ok(r.code === 0 || r.code === 1, `shard ${shard}/3: exit ${r.code}\n${r.stdout.slice(-2000)}${r.stderr}`);
    const size = new RegExp(`^flowcert: shard ${shard}/3 — (\\d+) scenarios \\(`, 'm').exec(r.stdout);
    assert.ok(size, `shard ${shard}/3 says how many scenarios it ran`);
    sizes.push(Number(size[1]));
  }
  // Every scenario once, balanced: the unsharded run's count, dealt ±1.
  const total = Number(/^flowcert: (\d+) scenarios/.exec(line(unsharded.stdout, 'flowcert: ') ?? '')?.[1]);
  assert.equal(sizes.reduce((a, b) => a + b, 0), total);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced: ${sizes.join(', ')}`);
  const merged = await flowcert(glob(mergeCommand));
  assert.equal(merged.code, unsharded.code, merged.stdout + merged.stderr);
  assert.match(merged.stdout, /^flowcert merge: 3 shards of flowcert certify \(1\/3 reports\/shard-1, 2\/3 reports\/shard-2, 3\/3 reports\/shard-3\) merged into reports$/m);
  assert.equal(line(merged.stdout, 'flowcert: '), line(unsharded.stdout, 'flowcert: '));
  assert.equal(line(merged.stdout, 'flowcert certify: '), line(unsharded.stdout, 'flowcert certify: '));

  assert.deepEqual(junit('reports/cucumber-junit.xml'), junit('reports/whole/cucumber-junit.xml'));
  const [one, split] = [decided('reports/whole/certificate'), decided('reports/certificate')];
  assert.equal(split.verdict, 'fail');
  assert.deepEqual(split.score, one.score);
  assert.deepEqual(split.models, one.models, 'model, variant and phase verdicts');
  assert.deepEqual(split.failures, one.failures, 'each failure, with its explanation, model step and diagram file');
  assert.deepEqual(split, one, 'and everything else: the system, its scenarios, coverage, the files it rests on');
  const traces = (dir: string) => readdirSync(join(project, dir, 'traces', 'deliver-interaction-to-agent')).sort();
  assert.deepEqual(traces('reports'), traces('reports/whole'));

  const verify = await flowcert(['certify', '--verify', 'reports/certificate']);
  assert.equal(verify.code, 0, verify.stdout);
});
