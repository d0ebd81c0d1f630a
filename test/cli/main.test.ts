import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { CHECK_USAGE, LINT_USAGE, MAIN_USAGE } from '../../src/cli/usage.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}

test('--help prints the commands on stdout and exits 0; no command prints them on stderr and exits 2', async () => {
  assert.deepEqual(await cli(['--help']), { code: 0, stdout: MAIN_USAGE, stderr: '' });
  assert.deepEqual(await cli(['-h']), { code: 0, stdout: MAIN_USAGE, stderr: '' });
  assert.deepEqual(await cli(['help']), { code: 0, stdout: MAIN_USAGE, stderr: '' });
  assert.deepEqual(await cli([]), { code: 2, stdout: '', stderr: MAIN_USAGE });
  assert.match(MAIN_USAGE, /^Usage: flowcert <command> \[options\]\n/);
});

test('each command has its help, with --help or through help', async () => {
  assert.deepEqual(await cli(['help', 'lint']), { code: 0, stdout: LINT_USAGE, stderr: '' });
  assert.deepEqual(await cli(['help', 'check']), { code: 0, stdout: CHECK_USAGE, stderr: '' });
  assert.deepEqual(await cli(['lint', '--help']), { code: 0, stdout: LINT_USAGE, stderr: '' });
  assert.deepEqual(await cli(['check', '-h']), { code: 0, stdout: CHECK_USAGE, stderr: '' });
  assert.match(CHECK_USAGE, /Exit codes:\n {2}0 {2}pass\n {2}1 {2}fail\n {2}2 {2}usage or input error .*\n {2}3 {2}inconc .*\n {2}4 {2}error /);
});

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.deepEqual(await cli(['--version']), { code: 0, stdout: `${version}\n`, stderr: '' });
  assert.deepEqual(await cli(['-V']), { code: 0, stdout: `${version}\n`, stderr: '' });
});

test('an unknown command or option names what is allowed and exits 2', async () => {
  assert.deepEqual(await cli(['lnt']), {
    code: 2, stdout: '', stderr: 'flowcert: unknown command lnt — did you mean lint?\n  commands: lint, check, run, serve, certify, merge, profiles, load, help\n',
  });
  assert.deepEqual(await cli(['certify']), { code: 2, stdout: '', stderr: 'flowcert certify: no system under test: give its binding configuration with --sut FILE (or put flowcert.config.yaml in this folder)\n' });
  assert.deepEqual(await cli(['--verbose', 'lint']), {
    code: 2, stdout: '', stderr: 'flowcert: unknown option --verbose\n  allowed before a command: --help, --version\n  commands: lint, check, run, serve, certify, merge, profiles, load, help\n',
  });
  assert.deepEqual(await cli(['help', 'chek']), {
    code: 2, stdout: '', stderr: 'flowcert help: unknown command chek — did you mean check?\n  commands: lint, check, run, serve, certify, merge, profiles, load, help\n',
  });
  assert.deepEqual(await cli(['lint', '--formt', 'json']), {
    code: 2, stdout: '', stderr: 'flowcert lint: unknown option --formt — did you mean --format?\n  allowed: --format, --help\n',
  });
  assert.deepEqual(await cli(['lint', '--format', 'xml']), { code: 2, stdout: '', stderr: 'flowcert lint: --format must be text or json, not xml\n' });
});

test('run hands over to the run command', async () => {
  const r = await cli(['run', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /flowcert run/);
});
