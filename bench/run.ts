// `npm run bench [-- filter...]`: every bench/*.bench.ts, one at a time, each in its own node process so
// one benchmark's heap and JIT state never colour the next. Output streams through as it comes;
// the exit code is non-zero if any benchmark failed.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dir = import.meta.dirname;
const filters = process.argv.slice(2);
const all = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
const chosen = all.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));

if (all.length === 0) {
  console.log('bench: no bench/*.bench.ts files');
  process.exit(0);
}
if (chosen.length === 0) {
  console.error(`bench: no benchmark matches ${filters.join(' ')}\n  benchmarks: ${all.map((f) => basename(f, '.bench.ts')).join(', ')}`);
  process.exit(2);
}

function runOne(file: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`bench: cannot start ${file}: ${err.message}`);
      resolve({ code: 1, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

const failed: string[] = [];
for (const file of chosen) {
  console.log(`\n=== ${file}`);
  const started = performance.now();
  const { code, signal } = await runOne(file);
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (code === 0) console.log(`=== ${file}: ok (${secs} s)`);
  else {
    failed.push(file);
    console.log(`=== ${file}: FAILED (${signal ? `killed by ${signal}` : `exit code ${code}`}, ${secs} s)`);
  }
}
console.log(`\nbench: ${chosen.length - failed.length} of ${chosen.length} passed${failed.length ? `; failed: ${failed.join(', ')}` : ''}`);
process.exitCode = failed.length > 0 ? 1 : 0;
