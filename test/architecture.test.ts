import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';

// Dependencies point one way (design.md's table). Like Playwright's per-folder allow-lists, this
// checks every import of every file under src/ against what its module may use, so a shortcut
// through the layers fails here instead of quietly in review.

const SRC = join(import.meta.dirname, '..', 'src');

/** Module → the src modules it may import (its own is always allowed). */
const ALLOWED: Record<string, string[]> = {
  diagnostic: [],
  catalog: ['diagnostic'],
  codec: ['catalog', 'diagnostic'],
  transport: ['codec', 'catalog', 'diagnostic'],
  trace: ['catalog', 'diagnostic'],
  flow: ['catalog', 'diagnostic', 'trace'],
  servers: ['transport', 'codec', 'catalog', 'diagnostic'],
  adapters: ['transport', 'codec', 'catalog', 'diagnostic'],
  session: ['adapters', 'servers', 'transport', 'trace', 'flow', 'codec', 'catalog', 'diagnostic'],
  reporting: ['flow', 'trace', 'catalog', 'diagnostic'],
  cucumber: ['session', 'reporting', 'servers', 'flow', 'trace', 'catalog', 'diagnostic'],
  cli: ['cucumber', 'session', 'reporting', 'adapters', 'servers', 'transport', 'trace', 'flow', 'codec', 'catalog', 'diagnostic'],
};

/** Packages only one module may import: the seams design.md names. */
const OWNED_PACKAGES: Array<[RegExp, string]> = [
  [/^ws$/, 'transport'],
  [/^node:(net|http|https|tls|dgram)$/, 'transport'],
  [/^@cucumber\//, 'cucumber'],
  [/^allure-cucumberjs/, 'cucumber'],
];

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

test('every src/ module imports only the modules below it in design.md\'s table', () => {
  const problems: string[] = [];
  for (const file of files(SRC)) {
    const mod = moduleOf(file);
    const allowed = ALLOWED[mod];
    if (!allowed) {
      problems.push(`${relative(SRC, file)}: module ${mod} is not in the table; add it to ALLOWED with what it may use`);
      continue;
    }
    for (const spec of imports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec);
        if (!target.startsWith(SRC + sep)) continue;
        const to = moduleOf(target);
        if (to !== mod && !allowed.includes(to)) problems.push(`${relative(SRC, file)} imports ${to}/ (${spec}); ${mod}/ may use only ${allowed.join(', ') || 'nothing'}`);
      } else {
        for (const [pkg, owner] of OWNED_PACKAGES) {
          if (pkg.test(spec) && owner !== mod) problems.push(`${relative(SRC, file)} imports ${spec}; only src/${owner}/ may`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
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
