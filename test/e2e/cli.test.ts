import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The bin itself: the one file that hands main() the real process (argv, streams, exit code). Every
// command's behaviour is tested in-process (test/cli/); this shows the wiring works.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');

function flowcert(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the bin prints help and version, and refuses an unknown command', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(flowcert('--version'), { code: 0, stdout: `${version}\n`, stderr: '' });
  assert.deepEqual(flowcert('lnt'), { code: 2, stdout: '', stderr: 'flowcert: unknown command lnt — did you mean lint?\n  commands: lint, check, run, serve, certify, merge, profiles, load, help\n' });
});

