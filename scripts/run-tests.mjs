// Runs every test/**/*.test.ts under node:test with tsx (Node 20's --test takes no .ts globs).
// test/slow/ (proofs that must wait: whole runs in several bindings) runs only with --slow.
// Usage: node scripts/run-tests.mjs [--slow] [--typecheck] [path-filter ...]
// --typecheck: tsc on the project and on examples/, beside the tests rather than before them — the tests
// run through tsx, which needs no types, and mostly wait on sockets and timers while tsc takes the CPU.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'fixtures') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const slow = args.includes('--slow');
const typecheck = args.includes('--typecheck');
const filters = args.filter((a) => a !== '--slow' && a !== '--typecheck');
const isSlow = (f) => f.split(/[\\/]/).includes('slow');
const files = walk('test', [])
  .filter((f) => isSlow(f) === slow)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files under test/ match ${filters.join(' ') || '*.test.ts'}`);
  process.exit(1);
}
// Pure unit tests (no sockets, no processes, no timers to wait out) share one process: node --test
// starts a process per file, and loading tsx in each cost more than the tests themselves (about 0.4 s a
// file, 62 files). Files that open sockets, spawn, or wait on timers keep a process of their own.
const SHARED = ['catalog', 'codec', 'cucumber', 'flow', 'reporting', 'secrets', 'trace'].map((d) => join('test', d) + '/');
const shared = files.filter((f) => SHARED.some((d) => f.startsWith(d)));
const own = files.filter((f) => !shared.includes(f));
let entry;
if (shared.length > 1) {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-unit-'));
  entry = join(dir, 'unit-tests.test.mjs');
  writeFileSync(entry, shared.map((f) => `import ${JSON.stringify(pathToFileURL(resolve(f)).href)};`).join('\n') + '\n');
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
/** Runs a process to its end: its exit code, and its output when `capture` (printed after the tests, so the two do not interleave). */
function run(args, capture) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    if (capture) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

// The end-to-end tests run the bin, which runs dist/ only when it is the sources' own: built first, so they
// test the build (a stale one would send every spawned flowcert through tsx, saying so on stderr).
// FLOWCERT_SOURCES=1 npm test runs them on the sources instead: the two must agree.
const built = await run([join('scripts', 'build.mjs'), '--if-stale'], true);
if (built.code !== 0) {
  process.stderr.write(`${built.out}\nthe build failed: node scripts/build.mjs\n`);
  process.exit(1);
}
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const checks = typecheck ? Promise.all(['.', 'examples', 'web'].map((project) => run([tsc, '--noEmit', '-p', project], true).then((r) => ({ project, ...r })))) : Promise.resolve([]);
const tests = await run(['--import', 'tsx', '--test', '--test-concurrency=3', ...(entry ? [entry] : shared), ...own], false);
let failed = tests.code !== 0;
for (const c of await checks) {
  if (c.code === 0) continue;
  failed = true;
  process.stderr.write(`\ntypecheck failed (tsc --noEmit -p ${c.project}):\n${c.out}`);
}
process.exit(failed ? 1 : 0);
