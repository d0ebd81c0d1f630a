// What the build (scripts/build.mjs) compiles and whether its output is still the sources' own: the bin
// runs dist/ only when nothing under src/ or steps/ (nor tsconfig.json, nor the build script) changed since the build started, so a
// developer who edits a source never runs stale JavaScript. Plain JS, loaded before anything is compiled.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Compiled into dist/: src/X.ts → dist/X.js (dist/ stands where src/ stands, at the same depth, so a
 * `new URL('../../…', import.meta.url)` in src/ names the same file built or not); steps/X.ts → dist/steps/X.js. */
export const SOURCE_DIRS = ['src', 'steps'];
export const BUILD_DIR = 'dist';
/** Written last by the build: when it started (a source saved during the build makes it stale). */
export const STAMP = '.build-stamp.json';
/** Files outside SOURCE_DIRS that change the output: esbuild reads the compiler options; the build itself. */
const INPUT_FILES = ['tsconfig.json', 'scripts/build.mjs'];

/**
 * Why dist/ cannot be run (missing, or older than a source), or undefined when it can. Edits show in a
 * file's mtime; files added, removed or renamed show in their folder's mtime. An installed copy (under
 * node_modules) is not checked: nobody edits it, and a package manager's extraction sets mtimes of its own.
 */
export function whyNotBuilt(root) {
  let started;
  try {
    started = JSON.parse(readFileSync(join(root, BUILD_DIR, STAMP), 'utf8')).started;
  } catch {
    return `${BUILD_DIR}/ is not built`;
  }
  if (root.split(sep).includes('node_modules')) return undefined;
  for (const f of INPUT_FILES) if (newer(join(root, f), started)) return `${f} changed since the last build`;
  for (const dir of SOURCE_DIRS) {
    const changed = changedUnder(join(root, dir), started);
    if (changed) return `${relative(root, changed).split(sep).join('/')} changed since the last build`;
  }
  return undefined;
}

function newer(path, started) {
  try {
    return statSync(path).mtimeMs > started;
  } catch {
    return false;
  }
}

function changedUnder(dir, started) {
  if (newer(dir, started)) return dir;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const changed = changedUnder(path, started);
      if (changed) return changed;
    } else if (newer(path, started)) return path;
  }
  return undefined;
}
