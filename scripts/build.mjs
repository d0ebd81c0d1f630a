// Compiles flowcert's TypeScript (src/, steps/) to JavaScript in dist/ — what the bin and cucumber load,
// so a run starts without compiling (tsx stays for development: tests, benches, a stale build).
// esbuild, the compiler tsx itself runs on every import, so the built code is the very code tsx runs:
// one file per source (module identity stays as in the sources), relative `.ts` imports rewritten to the
// built `.js`, packages left to node. Types are tsc's job (`npm run typecheck`), not the build's.
// Usage: node scripts/build.mjs [--if-stale]   (--if-stale: do nothing when dist/ is fresh)
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_DIR, SOURCE_DIRS, STAMP, whyNotBuilt } from '../bin/build-state.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

if (process.argv.includes('--if-stale') && whyNotBuilt(ROOT) === undefined) process.exit(0);

// esbuild comes with tsx (a dependency of flowcert): resolved through tsx, so no layout of node_modules is assumed.
const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
const { build } = await import(pathToFileURL(fromTsx.resolve('esbuild')).href);

/** Where a source file's JavaScript goes, relative to the build folder (without .js). */
function outputOf(source) {
  const rel = relative(ROOT, source).split(sep).join('/').replace(/\.ts$/, '');
  return rel.startsWith('src/') ? rel.slice('src/'.length) : rel;
}

function sources(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every import stays an import; a relative one to a source file points at that file's output instead. */
const sourcesToOutputs = {
  name: 'sources-to-outputs',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!/^\.\.?\//.test(args.path)) return { path: args.path, external: true };
      const target = resolve(args.resolveDir, args.path);
      if (!target.endsWith('.ts') || !SOURCE_DIRS.some((d) => target.startsWith(join(ROOT, d) + sep))) {
        throw new Error(`${relative(ROOT, args.importer)}: imports ${args.path}, outside ${SOURCE_DIRS.join('/ and ')}/: the build would break its path`);
      }
      let path = relative(dirname(outputOf(args.importer)), outputOf(target)).split(sep).join('/') + '.js';
      if (!path.startsWith('.')) path = `./${path}`;
      return { path, external: true };
    });
  },
};

const started = Date.now();
const entries = SOURCE_DIRS.flatMap((d) => sources(join(ROOT, d)));
// Built beside dist/ and swapped in whole: a run starting meanwhile finds the old build or none, never half of one.
const staging = join(ROOT, `${BUILD_DIR}.${process.pid}.tmp`);
const retired = join(ROOT, `${BUILD_DIR}.${process.pid}.old`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: entries.map((f) => ({ in: f, out: outputOf(f) })),
    outdir: staging,
    bundle: true,
    plugins: [sourcesToOutputs],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(join(staging, STAMP), JSON.stringify({ started, files: entries.length }) + '\n');
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
