import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { modelInventory } from '../../src/cli/model-inventory.ts';
import { cacheRoot, ModelSummaryCache } from '../../src/cli/model-summary-cache.ts';
import { ROOT } from './cli-kit.ts';

// The run's model inventory kept per file on disk (model-summary-cache.ts): the same inventory with or
// without the cache, and an entry never answers for other bytes, another file or another build.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

/** A run folder with two of the project's models and one that does not load. */
function project(): string {
  const cwd = temp('flowcert-inventory-');
  mkdirSync(join(cwd, 'scenarios'));
  for (const f of ['deliver-interaction-to-agent.yaml', 'registration.yaml']) cpSync(join(ROOT, 'scenarios', f), join(cwd, 'scenarios', f));
  writeFileSync(join(cwd, 'scenarios', 'broken.yaml'), 'model: Broken One\nparticipants: {}\n');
  return cwd;
}

const plain = (i: Awaited<ReturnType<typeof modelInventory>>) => ({ timers: [...i.timers], profiles: [...i.profiles], outlines: i.outlines, broken: i.broken });

test('the inventory read through the cache is the one parsed without it, cold and warm', async () => {
  const cwd = project();
  const cache = new ModelSummaryCache(temp('flowcert-cache-'), 'build A');
  const parsed = plain(await modelInventory(cwd));
  assert.equal(parsed.outlines.length, 2);
  assert.equal(parsed.broken.length, 1);
  assert.deepEqual(parsed.broken[0].names, ['scenarios/broken.yaml', 'broken', 'Broken One']);
  assert.deepEqual(plain(await modelInventory(cwd, [], cache)), parsed, 'cold: parsed, then written');
  assert.deepEqual(plain(await modelInventory(cwd, [], cache)), parsed, 'warm: read back');
});

test('an edited model is parsed again: the entry is keyed by its bytes', async () => {
  const cwd = project();
  const cache = new ModelSummaryCache(temp('flowcert-cache-'), 'build A');
  await modelInventory(cwd, [], cache);
  writeFileSync(join(cwd, 'scenarios', 'broken.yaml'), 'model: Still Broken\n');
  const after = await modelInventory(cwd, [], cache);
  assert.deepEqual(after.broken[0].names, ['scenarios/broken.yaml', 'broken', 'Still Broken']);
});

test('another build never reads this build’s entries, nor another file with the same bytes', async () => {
  const cwd = project();
  const root = temp('flowcert-cache-');
  const a = new ModelSummaryCache(root, 'build A');
  const file = join(cwd, 'scenarios', 'registration.yaml');
  const bytes = Buffer.from('model: X\n');
  await a.put(file, bytes, { loads: false, errors: 7 });
  assert.deepEqual(await a.get(file, bytes), { loads: false, errors: 7 });
  assert.equal(await new ModelSummaryCache(root, 'build B').get(file, bytes), undefined);
  assert.equal(await a.get(join(cwd, 'scenarios', 'other.yaml'), bytes), undefined);
  assert.equal(await a.get(file, Buffer.from('model: Y\n')), undefined);
  assert.equal(readdirSync(join(root, 'models')).length, 1);
});

test('puts made at once into a cache whose folder does not exist yet are all kept, not only the first', async () => {
  const root = temp('flowcert-cache-');
  const cache = new ModelSummaryCache(root, 'build A');
  const files = ['a', 'b', 'c', 'd', 'e'].map((n) => join(root, `${n}.yaml`));
  const bytes = Buffer.from('model: X\n');
  await Promise.all(files.map((f, n) => cache.put(f, bytes, { loads: false, errors: n })));
  assert.deepEqual(await Promise.all(files.map((f) => cache.get(f, bytes))), files.map((_, n) => ({ loads: false, errors: n })));
  const [folder] = readdirSync(join(root, 'models'));
  assert.equal(readdirSync(join(root, 'models', folder)).length, 5);
});

test('a first run through an empty cache keeps an entry for every model it read', async () => {
  const cwd = project();
  const root = temp('flowcert-cache-');
  await modelInventory(cwd, [], new ModelSummaryCache(root, 'build A'));
  const [folder] = readdirSync(join(root, 'models'));
  assert.equal(readdirSync(join(root, 'models', folder)).filter((f) => f.endsWith('.json')).length, 3);
});

test('a cache that cannot be written costs a parse, nothing else', async () => {
  const cwd = project();
  const blocked = join(temp('flowcert-cache-'), 'a-file');
  writeFileSync(blocked, 'not a folder');
  const inv = await modelInventory(cwd, [], new ModelSummaryCache(blocked, 'build A'));
  assert.equal(inv.outlines.length, 2);
});

test('the cache folder: FLOWCERT_CACHE_DIR, off, XDG_CACHE_HOME, then ~/.cache', () => {
  assert.equal(cacheRoot({ FLOWCERT_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(cacheRoot({ FLOWCERT_CACHE_DIR: 'off' }), undefined);
  assert.equal(cacheRoot({ FLOWCERT_CACHE_DIR: '' }), undefined);
  assert.equal(cacheRoot({ XDG_CACHE_HOME: '/c' }), join('/c', 'flowcert'));
  assert.match(cacheRoot({}) ?? '', /[/\\]\.cache[/\\]flowcert$/);
});
