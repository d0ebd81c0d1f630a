/**
 * Where cucumber loads flowcert's own support code, steps and formatters from: the sources (through
 * tsx) when this module runs from them, the build (dist/, scripts/build.mjs) when it runs built — one
 * process never mixes the two, which would load every module twice, each copy with its own state.
 */

/** True when this code is the build's JavaScript, false when tsx runs the TypeScript. */
export const BUILT = import.meta.url.endsWith('.js');

/** The build's file holding every support file and step cucumber.mjs's `import` names, in its order (scripts/build.mjs). */
const BUILT_SUPPORT = 'dist/cli/support.js';

/**
 * A module of flowcert's that cucumber loads by name, named by its source (`src/cucumber/x.ts`, from
 * the package root), as this process must load it: built, src/X.ts is dist/X.js. (Built, this code sits
 * two folders below the package root, as in the sources: scripts/build.mjs.)
 */
export function ownModule(sourcePath: string): URL {
  const path = BUILT ? `dist/${sourcePath.replace(/^src\//, '').replace(/\.ts$/, '.js')}` : sourcePath;
  return new URL(`../../${path}`, import.meta.url);
}

/**
 * cucumber.mjs's `import` (source paths and globs relative to the package root) as this process must
 * load them: from the sources as they are; built, the one file the build made of them all (no tsx:
 * the file registering it is left out).
 */
export function ownImports(paths: readonly string[]): string[] {
  return BUILT ? [BUILT_SUPPORT] : [...paths];
}
