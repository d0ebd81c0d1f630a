import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { inTheWay, MANIFEST_FILE, readPreviousRun, ReportsManifest } from '../../src/reporting/reports-manifest.ts';

const made: string[] = [];
after(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-manifest-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function record(dir: string): { finished?: string; created: string[] } {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as { finished?: string; created: string[] };
}

test('before the run writes anything, the manifest lists the files it is about to create; it says finished only at the end', async () => {
  const dir = folder({ 'notes.txt': 'mine' });
  const opts = { files: [join(dir, 'report.html'), join(dir, 'results', 'formatter.log')], folders: [join(dir, 'results'), join(dir, 'traces')] };
  const { manifest, removed } = await ReportsManifest.claim(dir, await readPreviousRun(dir), opts);
  assert.equal(removed, 0);
  assert.deepEqual(record(dir).created, ['report.html', 'results/', 'results/formatter.log']);
  assert.equal(record(dir).finished, undefined);

  writeFileSync(join(dir, 'report.html'), '<html>');
  mkdirSync(join(dir, 'traces', 'f'), { recursive: true });
  writeFileSync(join(dir, 'traces', 'f', 's-3.ndjson'), '{}');
  await manifest.record();
  assert.deepEqual(record(dir).created, ['report.html', 'results/', 'results/formatter.log', 'traces/', 'traces/f/', 'traces/f/s-3.ndjson']);
  assert.equal(record(dir).finished, undefined);
  await manifest.finish();
  assert.match(record(dir).finished ?? '', /^\d{4}-\d\d-\d\dT/);
  assert.ok(!existsSync(join(dir, `${MANIFEST_FILE}.tmp`)));
});

test('claiming removes the listed files, and the listed folders only when nothing else is left in them', async () => {
  const dir = folder({
    'report.html': 'old',
    'traces/f/old-3.ndjson': 'old',
    'traces/f/mine.ndjson': 'mine',
    'traces/g/old-9.ndjson': 'old',
    'notes.txt': 'mine',
    'listed-but-now-a-folder/inside.txt': 'mine',
  });
  writeFileSync(
    join(dir, MANIFEST_FILE),
    JSON.stringify({ created: ['report.html', 'traces/', 'traces/f/', 'traces/f/old-3.ndjson', 'traces/g/', 'traces/g/old-9.ndjson', 'listed-but-now-a-folder', 'gone.txt'] }),
  );
  const { manifest, removed } = await ReportsManifest.claim(dir, await readPreviousRun(dir), { files: [], folders: [join(dir, 'traces')] });
  assert.equal(removed, 4);
  assert.ok(!existsSync(join(dir, 'report.html')) && !existsSync(join(dir, 'traces', 'f', 'old-3.ndjson')) && !existsSync(join(dir, 'traces', 'g')));
  for (const f of ['traces/f/mine.ndjson', 'notes.txt', 'listed-but-now-a-folder/inside.txt']) assert.ok(existsSync(join(dir, f)), f);
  // What stayed is someone else's: never listed as this run's, even though it sits in an output folder.
  await manifest.record();
  assert.deepEqual(record(dir).created, []);
});

test('a listed path under a folder that became a link to elsewhere is not followed', async () => {
  const outside = folder({ 'precious.ndjson': 'keep' });
  const dir = folder();
  symlinkSync(outside, join(dir, 'traces'));
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ created: ['traces/precious.ndjson'] }));
  await ReportsManifest.claim(dir, await readPreviousRun(dir), { files: [], folders: [] });
  assert.equal(readFileSync(join(outside, 'precious.ndjson'), 'utf8'), 'keep');
});

test('a manifest that names anything outside the reports folder is not trusted at all', async () => {
  const dir = folder();
  for (const bad of ['../x', '/etc/passwd', 'a/../../x', 'a\\b', '', 'C:/x', MANIFEST_FILE]) {
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ created: ['ok.txt', bad] }));
    assert.equal((await readPreviousRun(dir)).kind, 'unreadable', JSON.stringify(bad));
  }
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ created: ['ok.txt', 'traces/', 'traces/a b.ndjson'], finished: 'x' }));
  assert.deepEqual(await readPreviousRun(dir), { kind: 'listed', created: ['ok.txt', 'traces/', 'traces/a b.ndjson'], finished: true });
  rmSync(join(dir, MANIFEST_FILE));
  assert.deepEqual(await readPreviousRun(dir), { kind: 'none' });
});

test('in the way: an unlisted file at a fixed output name, or an unlisted file in a folder generated whole', async () => {
  const dir = folder({ 'report.html': 'theirs', 'junit.xml': 'ours', 'allure-report/index.html': 'ours', 'allure-report/extra.txt': 'theirs' });
  const previous = { kind: 'listed' as const, created: ['junit.xml', 'allure-report/', 'allure-report/index.html'], finished: true };
  const outputs = { files: [join(dir, 'report.html'), join(dir, 'junit.xml'), join(dir, 'missing.ndjson')], wholeFolders: [join(dir, 'allure-report')] };
  assert.deepEqual(await inTheWay(dir, previous, outputs), [join(dir, 'report.html'), join(dir, 'allure-report', 'extra.txt')]);
  assert.deepEqual(await inTheWay(dir, previous, { files: [join(dir, 'junit.xml')], wholeFolders: [] }), []);
});

test('a file caught under its temporary name mid-write (.allure-write-…) is not listed: it is renamed a moment later', async () => {
  const dir = folder();
  const opts = { files: [], folders: [join(dir, 'allure-results')] };
  const { manifest } = await ReportsManifest.claim(dir, await readPreviousRun(dir), opts);
  mkdirSync(join(dir, 'allure-results'));
  writeFileSync(join(dir, 'allure-results', '.allure-write-abc-0.tmp'), '{}');
  writeFileSync(join(dir, 'allure-results', 'r1-result.json'), '{}');
  await manifest.record();
  assert.deepEqual(record(dir).created, ['allure-results/', 'allure-results/r1-result.json']);
});
