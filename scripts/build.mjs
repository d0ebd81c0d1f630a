// Compiles flowcert's TypeScript (src/, steps/) to JavaScript in dist/ — what the bin and cucumber load,
// so a run starts without compiling (tsx stays for development: tests, benches, a stale build).
// esbuild, the compiler tsx itself runs on every import, so the built code is the very code tsx runs,
// bundled from the few files something loads by name: the CLI (dist/cli/main.js, its commands split off
// where main.ts imports them lazily), the support code cucumber loads (dist/cli/support.js: every file
// cucumber.mjs's `import` names, in its order) and the formatters a run names (dist/cucumber/*-formatter.js).
// Code they share is split into dist/chunks/, loaded once: a module keeps one identity (one state) in a
// process, as in the sources. A run loads a few dozen files instead of three hundred, each compiled once
// (issue 13: most of what a run did before its first scenario was loading modules). Every output sits two
// folders below the package root, as its source does, so `new URL('../../…', import.meta.url)` names the
// same file built or not. Packages stay imports. Types are tsc's job (`npm run typecheck`), not the build's.
// Usage: node scripts/build.mjs [--if-stale]   (--if-stale: do nothing when dist/ is fresh)
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_DIR, SOURCE_DIRS, STAMP, whyNotBuilt } from '../bin/build-state.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

if (process.argv.includes('--if-stale') && whyNotBuilt(ROOT) === undefined) process.exit(0);

// esbuild comes with tsx (a dependency of flowcert): resolved through tsx, so no layout of node_modules is assumed.
const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
const { build } = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);

function sources(dir, out = [], ext = '.ts') {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out, ext);
    else if (entry.name.endsWith(ext) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** A relative import must stay inside the compiled folders: the build would break its path otherwise. Packages stay imports. */
const checkImports = {
  name: 'check-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point' || args.namespace === SUPPORT_NS) return undefined;
      if (!/^\.\.?\//.test(args.path)) return { path: args.path, external: true };
      const target = resolve(args.resolveDir, args.path);
      if (!target.endsWith('.ts') || !SOURCE_DIRS.some((d) => target.startsWith(join(ROOT, d) + sep))) {
        throw new Error(`${relative(ROOT, args.importer)}: imports ${args.path}, outside ${SOURCE_DIRS.join('/ and ')}/: the build would break its path`);
      }
      return undefined;
    });
  },
};

/**
 * The support code as cucumber would load it from the sources: cucumber.mjs's `import`, each glob's
 * files sorted, tsx's registration left out (a built run needs none). One module importing them in that
 * order is the entry dist/cli/support.js (src/cucumber/own-code.ts gives cucumber that file).
 */
const SUPPORT_NS = 'flowcert-support';
async function supportFiles() {
  const config = (await import(pathToFileURL(join(ROOT, 'cucumber.mjs')).href)).default;
  const files = [];
  for (const pattern of config.import) {
    if (pattern.endsWith('register-tsx.mjs')) continue;
    const m = /^(.*?)\/\*\*\/\*\.ts$/.exec(pattern);
    const matched = m ? sources(join(ROOT, m[1])).sort() : [join(ROOT, pattern)];
    for (const f of matched) if (!files.includes(f)) files.push(f);
  }
  return files;
}
const supportEntry = (files) => ({
  name: 'support-entry',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^${SUPPORT_NS}$`) }, () => ({ path: SUPPORT_NS, namespace: SUPPORT_NS }));
    b.onLoad({ filter: /.*/, namespace: SUPPORT_NS }, () => ({ contents: files.map((f) => `import ${JSON.stringify(f)};`).join('\n'), resolveDir: ROOT, loader: 'js' }));
  },
});

const started = Date.now();
const entries = SOURCE_DIRS.flatMap((d) => sources(join(ROOT, d)));
const support = await supportFiles();
// Built beside dist/ and swapped in whole: a run starting meanwhile finds the old build or none, never half of one.
const staging = join(ROOT, `${BUILD_DIR}.${process.pid}.tmp`);
const retired = join(ROOT, `${BUILD_DIR}.${process.pid}.old`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: [
      { in: 'src/cli/main.ts', out: 'cli/main' },
      // A check's second thread, which the check starts by this name (src/cli/check-thread.ts).
      { in: 'src/cli/check-thread-worker.ts', out: 'cli/check-thread-worker' },
      { in: SUPPORT_NS, out: 'cli/support' },
      { in: 'src/cucumber/progress-formatter.ts', out: 'cucumber/progress-formatter' },
      { in: 'src/cucumber/allure-formatter.ts', out: 'cucumber/allure-formatter' },
      { in: 'src/cucumber/message-formatter.ts', out: 'cucumber/message-formatter' },
      { in: 'src/cucumber/html-formatter.ts', out: 'cucumber/html-formatter' },
    ],
    outdir: staging,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [supportEntry(support), checkImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  // What the build made, by content: a rebuild that changes no output keeps the caches keyed by it (src/cli/model-summary-cache.ts).
  const code = createHash('sha256');
  for (const f of sources(staging, [], '.js').sort()) code.update(relative(staging, f)).update('\0').update(readFileSync(f));
  writeFileSync(join(staging, STAMP), JSON.stringify({ started, files: entries.length, code: code.digest('hex') }) + '\n');
  const dist = join(ROOT, BUILD_DIR);
  try {
    renameSync(dist, retired);
  } catch {}
  renameSync(staging, dist);
} finally {
  rmSync(staging, { recursive: true, force: true });
  rmSync(retired, { recursive: true, force: true });
}
console.log(`flowcert: built ${entries.length} files into ${BUILD_DIR}/ in ${Date.now() - started} ms`);
