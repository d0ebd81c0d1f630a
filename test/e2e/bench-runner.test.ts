import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A bench/ folder of its own: the runner with two benchmarks, one passing and one failing. */
function benchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-bench-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  copyFileSync(join(ROOT, 'bench', 'run.ts'), join(dir, 'run.ts'));
  writeFileSync(join(dir, 'alpha.bench.ts'), "const n: number = 41;\nconsole.log(`alpha ${n + 1} msg/s`);\n");
  writeFileSync(join(dir, 'beta.bench.ts'), "console.log('beta too slow');\nprocess.exit(3);\n");
  writeFileSync(join(dir, 'helper.ts'), "console.log('not a benchmark');\n");
  return dir;
}

function bench(dir: string, ...filter: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'run.ts'), ...filter], { cwd: ROOT, encoding: 'utf8' });
  // Durations vary; everything else is word for word.
  return { code: r.status, stdout: r.stdout.replace(/\d+\.\d s\)/g, 'N s)'), stderr: r.stderr };
}

test('runs every benchmark in turn, streams their output, and fails if any failed', () => {
  assert.deepEqual(bench(benchDir()), {
    code: 1,
    stdout: '\n=== alpha.bench.ts\nalpha 42 msg/s\n=== alpha.bench.ts: ok (N s)\n' +
      '\n=== beta.bench.ts\nbeta too slow\n=== beta.bench.ts: FAILED (exit code 3, N s)\n' +
      '\nbench: 1 of 2 passed; failed: beta.bench.ts\n',
    stderr: '',
  });
});

test('a name filter picks benchmarks; one that matches nothing lists them', () => {
  const dir = benchDir();
  assert.deepEqual(bench(dir, 'alph'), {
    code: 0, stdout: '\n=== alpha.bench.ts\nalpha 42 msg/s\n=== alpha.bench.ts: ok (N s)\n\nbench: 1 of 1 passed\n', stderr: '',
  });
  assert.deepEqual(bench(dir, 'gamma'), { code: 2, stdout: '', stderr: 'bench: no benchmark matches gamma\n  benchmarks: alpha, beta\n' });
});
