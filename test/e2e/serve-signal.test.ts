import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `flowcert serve` as a real process: Ctrl-C or SIGTERM once it printed its endpoints stops it as
// `serve --help` says — exit 0, a server stopped on purpose — not as an interrupted run (130).

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'flowcert.mjs');

function serveThenSignal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'flowcert-serve-signal-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--no-trace'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (!sent && stdout.includes('Ctrl-C stops.\n')) {
      sent = true;
      child.kill(signal);
    }
  });
  child.stderr.resume();
  // Bounded only so that a server that does not stop cannot hang the suite.
  const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise((resolve) => {
    child.on('exit', (code, sig) => {
      clearTimeout(guard);
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, signal: sig, stdout });
    });
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`serve stopped by ${signal} after printing its endpoints exits 0, saying so`, async () => {
    const r = await serveThenSignal(signal);
    assert.deepEqual([r.code, r.signal], [0, null], r.stdout);
    assert.match(r.stdout, /^IS1 \(Interaction Server\)\n {2}im {4}ws:\/\/127\.0\.0\.1:\d+\//);
    assert.ok(r.stdout.endsWith(`Ctrl-C stops.\nflowcert serve: stopped (${signal})\n`), r.stdout);
  });
}
