/**
 * Where cucumber loads flowcert's own support code and steps from: the sources (through tsx) when this
 * module runs from them, the build (dist/, scripts/build.mjs) when it runs built — one process never
 * mixes the two, which would load every module twice, each copy with its own state.
 */

/** True when this code is the build's JavaScript, false when tsx runs the TypeScript. */
export const BUILT = import.meta.url.endsWith('.js');

/** A module of flowcert's beside `base` (an import.meta.url), named by its source name (`./x.ts`), as this process must load it. */
export function ownModule(sourceName: string, base: string): URL {
  return new URL(BUILT ? sourceName.replace(/\.ts$/, '.js') : sourceName, base);
}

/**
 * cucumber.mjs's `import` (source paths and globs relative to the package root) as this process must
 * load them. The build's layout (bin/build-state.mjs): src/X.ts → dist/X.js, steps/X.ts → dist/steps/X.js.
 * A built run needs no tsx: the file registering it is left out.
 */
export function ownImports(paths: readonly string[]): string[] {
  if (!BUILT) return [...paths];
  return paths
    .filter((p) => !p.endsWith('register-tsx.mjs'))
    .map((p) => {
      if (!p.endsWith('.ts')) return p;
      const js = p.replace(/\.ts$/, '.js');
      return js.startsWith('src/') ? `dist/${js.slice('src/'.length)}` : `dist/${js}`;
    });
}
