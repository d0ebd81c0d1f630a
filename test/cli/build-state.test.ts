import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { whyNotBuilt } from '../../bin/build-state.mjs';

// When the bin may run dist/: never when a source changed after the build started (an edit, a file added,
// removed or renamed), so a developer is never answered by stale JavaScript.

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const PAST = new Date(Date.now() - 3_600_000);

/** A package whose sources all date from an hour ago, built (stamp) half an hour ago, unless `built` is false. */
function pkg(under = '', built = true): string {
  const base = mkdtempSync(join(tmpdir(), 'flowcert-build-state-'));
  made.push(base);
  const root = join(base, under);
  const files = ['src/cli/main.ts', 'src/flow/model.ts', 'steps/flow.steps.ts', 'tsconfig.json', 'scripts/build.mjs'];
  for (const f of files) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  for (const p of [...files, 'src/cli', 'src/flow', 'src', 'steps']) utimesSync(join(root, p), PAST, PAST);
  if (built) {
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', '.build-stamp.json'), JSON.stringify({ started: Date.now() - 1_800_000 }));
  }
  return root;
}

test('a build newer than every source runs', () => {
  assert.equal(whyNotBuilt(pkg()), undefined);
});

test('no build, or a build without its stamp (cut short), does not run', () => {
  assert.equal(whyNotBuilt(pkg('', false)), 'dist/ is not built');
});

test('an edited source, tsconfig.json or build script makes the build stale, and says which', () => {
  for (const f of ['src/flow/model.ts', 'steps/flow.steps.ts', 'tsconfig.json', 'scripts/build.mjs']) {
    const root = pkg();
    writeFileSync(join(root, f), '// edited');
    assert.equal(whyNotBuilt(root), `${f} changed since the last build`);
  }
});

test('a source added, removed or renamed shows in its folder, even with the old mtime kept', () => {
  const added = pkg();
  writeFileSync(join(added, 'steps', 'new.steps.ts'), '');
  utimesSync(join(added, 'steps', 'new.steps.ts'), PAST, PAST);
  assert.equal(whyNotBuilt(added), 'steps changed since the last build');
  const removed = pkg();
  rmSync(join(removed, 'src', 'flow', 'model.ts'));
  assert.equal(whyNotBuilt(removed), 'src/flow changed since the last build');
  const renamed = pkg();
  renameSync(join(renamed, 'src', 'cli', 'main.ts'), join(renamed, 'src', 'cli', 'entry.ts'));
  assert.equal(whyNotBuilt(renamed), 'src/cli changed since the last build');
});

test('an installed copy (under node_modules) runs its build as it is: nobody edits it, extraction sets its own mtimes', () => {
  const root = pkg(join('node_modules', 'flowcert'));
  writeFileSync(join(root, 'src', 'flow', 'model.ts'), '// extracted later');
  assert.equal(whyNotBuilt(root), undefined);
  assert.equal(whyNotBuilt(pkg(join('node_modules', 'flowcert'), false)), 'dist/ is not built');
});
