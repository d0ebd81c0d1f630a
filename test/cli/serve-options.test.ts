import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { serveInProcess } from './serve-kit.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// serve's options refused before anything starts (exit 2, nothing written), and a Ctrl-C while it is
// still starting: a server stopped on purpose, exit 0, what it started stopped and its trace sealed.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-serve-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const serve = (args: string[]) => serveInProcess(args, dir);

test('--trace with --no-trace is a usage error: the two are exclusive, and no trace is written', async () => {
  const file = join(dir, 'both.ndjson');
  const s = serve(['--trace', file, '--no-trace']);
  assert.equal(await s.done, 2);
  assert.equal(s.err(), `flowcert serve: --trace ${file} with --no-trace: give one — a trace to that file, or none\n`);
  assert.equal(s.out(), '');
  assert.equal(existsSync(file), false);
  assert.equal(existsSync(join(dir, 'reports')), false);
});

test('a --timer no served participant runs is a usage error with a did-you-mean, as run and load refuse one', async () => {
  const typo = serve(['--timer', 'delivring=2000']);
  assert.equal(await typo.done, 2);
  assert.equal(typo.err(), 'flowcert serve: --timer delivring=2000: no served participant runs a timer delivring — did you mean delivering?\n  timers: delivering (IS1), registration (IS1), handling (IS1)\n');
  // A T-Server runs none of the Interaction Server's timers.
  const tServer = serve(['TServer=TS1', '--timer', 'delivering=2000']);
  assert.equal(await tServer.done, 2);
  assert.equal(tServer.err(), 'flowcert serve: --timer delivering=2000: no served participant runs a timer delivering\n  timers: none: TS1 (T-Server) runs no timer\n');
  const both = serve(['InteractionServer', 'TServer=TS1', '--timer', 'handling=1000', '--timer', 'registraton=5']);
  assert.equal(await both.done, 2);
  assert.match(both.err(), /^flowcert serve: --timer registraton=5: no served participant runs a timer registraton — did you mean registration\?\n/);
  assert.equal(existsSync(join(dir, 'reports')), false, 'nothing started, no trace written');
});

test('Ctrl-C while serve is still starting stops it once it is up: exit 0, the trace sealed', { timeout: 30_000 }, async () => {
  const trace = join(dir, 'early.ndjson');
  const s = serve(['--trace', trace]);
  // Before its servers listen, before its code has even loaded: the bin has handed on the signal.
  s.interrupt('SIGINT');
  assert.equal(await s.done, 0);
  assert.match(s.out(), /Ctrl-C stops\.\nflowcert serve: stopped \(SIGINT\); trace .*early\.ndjson\n$/);
  const read = parseTrace(readFileSync(trace, 'utf8'), trace);
  assert.ok(read.trace?.footer, 'the trace ends with its footer');
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('early')), ['early.ndjson']);
});
