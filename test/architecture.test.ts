import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

// Dependencies point one way. Like Playwright's per-folder allow-lists, this checks every import of
// every file under src/ and steps/ against what its module may use — and it reads those allow-lists
// from docs/architecture.md, so the documented map and the enforced one are the same text.

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');
const DOC = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');

/** The `| module | holds | may use |` rows of a markdown table whose header starts with `first`. */
function tableRows(first: string): string[][] {
  const lines = DOC.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  assert.ok(start >= 0, `docs/architecture.md has no table starting with "| ${first} |"`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

function allowLists(first: string): Record<string, string[]> {
  return Object.fromEntries(tableRows(first).map(([mod, , uses]) => [mod, uses === '—' ? [] : uses.split(',').map((u) => u.trim())]));
}

const ALLOWED = allowLists('module');
const STEPS_ALLOWED = allowLists('folder');
const OWNED: Array<[RegExp, string]> = tableRows('package').flatMap(([pkgs, ownerCell]) =>
  pkgs.split(',').map((p) => {
    const owner = ownerCell.split(/\s/)[0];
    const name = p.trim().replace(/`/g, '');
    return [new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace('\\*', '.*')}$`), owner] as [RegExp, string];
  }),
);

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|mjs)$/.test(name)) out.push(p);
  }
  return out;
}

function moduleOf(file: string): string {
  return relative(SRC, file).split(sep)[0];
}

function imports(text: string): string[] {
  const found: string[] = [];
  const re = /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\s)import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

function check(file: string, mod: string, allowed: string[], problems: string[], label: string): void {
  for (const spec of imports(readFileSync(file, 'utf8'))) {
    if (spec.startsWith('.')) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) continue;
      const to = moduleOf(target);
      if (to !== mod && !allowed.includes(to)) problems.push(`${label} imports ${to}/ (${spec}); ${mod}/ may use only ${allowed.join(', ') || 'nothing'}`);
    } else {
      for (const [pkg, owner] of OWNED) if (pkg.test(spec) && owner !== mod) problems.push(`${label} imports ${spec}; only src/${owner}/ may`);
    }
  }
}

test('every src/ module imports only the modules its row of docs/architecture.md allows', () => {
  const problems: string[] = [];
  for (const file of files(SRC)) {
    const mod = moduleOf(file);
    const allowed = ALLOWED[mod];
    if (!allowed) problems.push(`${relative(SRC, file)}: module ${mod} is not in docs/architecture.md; add its row with what it may use`);
    else check(file, mod, allowed, problems, relative(SRC, file));
  }
  assert.deepEqual(problems, []);
});

test('the table names only modules that exist, and every row may use only rows below it', () => {
  const order = Object.keys(ALLOWED);
  const dirs = readdirSync(SRC).filter((d) => statSync(join(SRC, d)).isDirectory()).sort();
  assert.deepEqual([...order].sort(), dirs);
  for (const [mod, uses] of Object.entries(ALLOWED)) {
    for (const u of uses) assert.ok(order.indexOf(u) > order.indexOf(mod), `${mod} may use ${u}, which is not below it in the table`);
  }
});

test('step definitions under steps/ use only what docs/architecture.md allows them (never a server)', () => {
  const problems: string[] = [];
  for (const file of files(join(ROOT, 'steps'))) check(file, 'steps', STEPS_ALLOWED.steps, problems, relative(ROOT, file));
  assert.deepEqual(problems, []);
});

test('the matcher and everything it imports touch no node: module', () => {
  const seen = new Set<string>();
  const nodeImports: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of imports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('node:')) nodeImports.push(`${relative(SRC, file)} imports ${spec}`);
      else if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
    }
  };
  visit(join(SRC, 'flow', 'matcher.ts'));
  assert.ok(seen.size > 5, `the walk saw only ${seen.size} files`);
  assert.deepEqual(nodeImports, []);
});

test('only src/cli/ touches process', () => {
  const offenders = files(SRC)
    .filter((f) => moduleOf(f) !== 'cli')
    .filter((f) => /\bprocess\.(argv|exit|env|cwd|stdout|stderr|stdin|on|exitCode)\b|from ['"]node:process['"]/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(SRC, f));
  assert.deepEqual(offenders, []);
});

test('the import scanner sees every import form it must police', () => {
  assert.deepEqual(
    imports(`import { a } from '../x/a.ts';\nimport type { B } from "ws";\nimport 'allure-cucumberjs';\nexport * from './c.ts';\nconst m = await import('@cucumber/cucumber/api');`),
    ['../x/a.ts', 'ws', 'allure-cucumberjs', './c.ts', '@cucumber/cucumber/api'],
  );
});

test('only the browser adapter imports playwright-core, and only web-desktop.ts imports esbuild', () => {
  const by = (pkg: RegExp) => files(SRC).filter((f) => imports(readFileSync(f, 'utf8')).some((s) => pkg.test(s))).map((f) => relative(SRC, f));
  const playwright = by(/^playwright-core(\/|$)/);
  assert.ok(playwright.length > 0, 'nothing imports playwright-core: the check would prove nothing');
  assert.deepEqual(playwright.filter((f) => !/^adapters[\\/]browser[\w-]*\.ts$/.test(f)), []);
  assert.deepEqual(by(/^esbuild$/), [join('adapters', 'web-desktop.ts')]);
});

test('browser code under web/ imports only web/: nothing of src/, no package, no node: module', () => {
  const WEB = join(ROOT, 'web');
  const problems: string[] = [];
  const all = files(WEB);
  assert.ok(all.length > 0, 'web/ holds no code: the check would prove nothing');
  for (const file of all) {
    for (const spec of imports(readFileSync(file, 'utf8'))) {
      const inside = spec.startsWith('.') && resolve(dirname(file), spec).startsWith(WEB + sep);
      if (!inside) problems.push(`${relative(ROOT, file)} imports ${spec}; web/ may import only web/`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the examples are third parties: nothing under examples/ imports src/', () => {
  const EXAMPLES = join(ROOT, 'examples');
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(name)) all.push(p);
    }
  };
  walk(EXAMPLES);
  assert.ok(all.some((f) => f.endsWith(join('web-desktop', 'desktop.js'))), 'the web desktop example is among the files checked');
  const problems = all.flatMap((file) => imports(readFileSync(file, 'utf8')).filter((spec) => spec.startsWith('.') && resolve(dirname(file), spec).startsWith(SRC + sep)).map((spec) => `${relative(ROOT, file)} imports ${spec}`));
  assert.deepEqual(problems, []);
});
