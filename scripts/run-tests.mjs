// Runs every test/**/*.test.ts under node:test with tsx (Node 20's --test takes no .ts globs).
// test/slow/ (proofs that must wait: whole runs in several bindings) runs only with --slow.
// Usage: node scripts/run-tests.mjs [--slow] [path-filter ...]
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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
const filters = args.filter((a) => a !== '--slow');
const isSlow = (f) => f.split(/[\\/]/).includes('slow');
const files = walk('test', [])
  .filter((f) => isSlow(f) === slow)
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files under test/ match ${filters.join(' ') || '*.test.ts'}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=3', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
