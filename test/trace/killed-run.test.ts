import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTrace } from '../../src/trace/reader.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'record-until-killed.ts');

/**
 * Starts the recording child, SIGKILLs it once it reports at least `atLeast` messages, returns the last
 * count it printed (and, in burst mode, how many of them the 64 KiB threshold had written out).
 */
function recordThenKill(file: string, mode: 'turns' | 'idle' | 'burst', atLeast: number): Promise<{ printed: number; written?: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, file, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let printed = 0;
    let written: number | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const last = [...out.matchAll(/recorded (\d+)(?:, (\d+) written)?\n/g)].at(-1);
      printed = last ? Number(last[1]) : 0;
      written = last?.[2] !== undefined ? Number(last[2]) : undefined;
      if (printed >= atLeast && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`recorder child ended by itself (code ${code}): ${err}`));
      else resolve({ printed, written });
    });
  });
}

test('a run killed with SIGKILL leaves every message the writer had written readable on disk', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-killed-')), 'traces', 'run.ndjson');
  const { printed } = await recordThenKill(file, 'turns', 2000);
  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(trace!.footer, undefined, 'a killed run writes no footer');
  assert.ok(trace!.entries.length >= printed, `${trace!.entries.length} entries on disk, ${printed} reported written`);
  trace!.entries.forEach((e, i) => assert.equal(e.seq, i + 1));
  assert.deepEqual(trace!.header.participants.map((p) => p.name), ['IS1', 'Agent1']);
});

test('a run killed a moment after its last message has all of them on disk, with no close and no wait for the writer', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-killed-')), 'run.ndjson');
  await recordThenKill(file, 'idle', 2000);
  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.equal(trace!.entries.length, 2000);
  trace!.entries.forEach((e, i) => assert.equal(e.seq, i + 1));
});

test('a run killed in the middle of a long turn leaves a readable prefix: the lines the writer got out, in order', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-killed-')), 'run.ndjson');
  await recordThenKill(file, 'burst', 5000);
  const { trace, diagnostics } = await readTrace(file);
  // The writer writes in order and each write names its place: no hole, no line out of order, at most
  // a cut last line (a warning), however far it got before the kill.
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(trace!.entries.length <= 5000);
  trace!.entries.forEach((e, i) => assert.equal(e.seq, i + 1));
});
