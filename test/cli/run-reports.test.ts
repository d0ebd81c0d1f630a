import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from './cli-kit.ts';
import { lastLine, project, snapshot, TINY } from './run-kit.ts';

// The reports folder holds flowcert's files and whatever else its user puts there. A run removes the
// files the previous run's manifest lists, and nothing else; it refuses to overwrite a file it did not
// write; with --no-allure no earlier Allure report is left to pass for this run's.

const MANIFEST = '.flowcert-manifest.json';

function manifest(reports: string): { started: string; finished?: string; created: string[] } {
  return JSON.parse(readFileSync(join(reports, MANIFEST), 'utf8')) as { started: string; finished?: string; created: string[] };
}

/** As if the previous run had written `files` too: its manifest lists them. */
function alsoWrote(reports: string, files: Record<string, string>): void {
  const m = manifest(reports);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(reports, name, '..'), { recursive: true });
    writeFileSync(join(reports, name), text);
    m.created.push(name);
  }
  writeFileSync(join(reports, MANIFEST), JSON.stringify(m));
}

test('a run removes what the previous run wrote and nothing else: a user\'s files in the reports folder stay', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const reports = join(dir, 'reports');
  assert.equal((await cli(['run', '--no-allure'], dir)).code, 0);
  const first = manifest(reports);
  assert.ok(first.finished, 'a run that ended says so');
  for (const f of ['cucumber-report.html', 'cucumber-junit.xml', 'cucumber-messages.ndjson', 'allure-results/', 'traces/', 'traces/tiny/', 'traces/tiny/one-server-4.ndjson']) {
    assert.ok(first.created.includes(f), `the manifest lists ${f}`);
  }
  assert.ok(first.created.some((f) => /^allure-results\/.+-result\.json$/.test(f)));

  writeFileSync(join(reports, 'notes.txt'), 'my notes');
  writeFileSync(join(reports, 'traces', 'mine.ndjson'), 'my trace');
  writeFileSync(join(reports, 'traces', 'tiny', 'kept.ndjson'), 'my other trace');
  writeFileSync(join(dir, 'features', 'tiny.feature'), TINY.replace('Scenario: One server', 'Scenario: Renamed'));
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);

  assert.equal(readFileSync(join(reports, 'notes.txt'), 'utf8'), 'my notes');
  assert.equal(readFileSync(join(reports, 'traces', 'mine.ndjson'), 'utf8'), 'my trace');
  assert.equal(readFileSync(join(reports, 'traces', 'tiny', 'kept.ndjson'), 'utf8'), 'my other trace');
  // The renamed scenario's old trace was the previous run's: gone, so no stale trace passes for this run's.
  assert.deepEqual(readdirSync(join(reports, 'traces', 'tiny')).sort(), ['another-server-9.ndjson', 'kept.ndjson', 'renamed-4.ndjson']);
  const second = manifest(reports);
  assert.ok(!second.created.some((f) => f.includes('notes') || f.includes('mine') || f.includes('kept')), 'a user\'s file is never listed');
  assert.ok(second.created.includes('traces/tiny/renamed-4.ndjson'));
  // The previous run's allure-results went with it: the Allure report shows this run only.
  const results = readdirSync(join(reports, 'allure-results')).filter((f) => f.endsWith('-result.json'));
  assert.equal(results.length, 2);
  assert.ok(results.every((f) => second.created.includes(`allure-results/${f}`)));
});

test('--reports at a folder with other content deletes none of it, run after run', async () => {
  const dir = project({
    'features/tiny.feature': TINY,
    'docs/guide.md': 'a guide',
    'docs/traces/tiny/one-server-40.ndjson': 'looks like a trace',
    'docs/allure-results/theirs.json': '{}',
  });
  const theirs = () => Object.fromEntries(['docs/guide.md', 'docs/traces/tiny/one-server-40.ndjson', 'docs/allure-results/theirs.json'].map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const before = theirs();
  for (let i = 0; i < 2; i++) {
    const r = await cli(['run', '--no-allure', '--reports', 'docs'], dir);
    assert.equal(lastLine(r.stdout), 'flowcert: 2 scenarios (2 passed), 3 steps — reports: docs/cucumber-report.html, docs/cucumber-junit.xml');
    assert.deepEqual(theirs(), before);
  }
  assert.ok(!existsSync(join(dir, 'reports')));
  const listed = manifest(join(dir, 'docs')).created;
  // Folders that were there before are not flowcert's to remove, even when it wrote into them.
  assert.ok(!listed.includes('traces/') && !listed.includes('allure-results/') && listed.includes('traces/tiny/one-server-4.ndjson'));
});

test('a file flowcert would overwrite but did not write is in the way: the run refuses and changes nothing', async () => {
  const dir = project({ 'features/tiny.feature': TINY, 'out/cucumber-report.html': '<p>my report</p>', 'out/traces/old.ndjson': 'old' });
  const before = snapshot(dir);
  assert.deepEqual(await cli(['run', '--no-allure', '--reports', 'out'], dir), {
    code: 2,
    stdout: '',
    stderr:
      'flowcert run: out/cucumber-report.html is in the way: flowcert did not write it (out/.flowcert-manifest.json does not list it), and this run would overwrite it\n' +
      '  move it elsewhere, or choose another folder with --reports; reports an older flowcert wrote (before manifests) are removed once by hand\n',
  });
  assert.deepEqual(snapshot(dir), before);
});

test('a manifest flowcert cannot trust changes nothing: unreadable, or naming a path outside the reports folder', async () => {
  const dir = project({ 'features/tiny.feature': TINY, 'precious.txt': 'keep', 'reports/cucumber-report.html': 'old' });
  writeFileSync(join(dir, 'reports', MANIFEST), JSON.stringify({ created: ['cucumber-report.html', '../precious.txt'] }));
  const before = snapshot(dir);
  const outside = await cli(['run', '--no-allure'], dir);
  assert.equal(outside.code, 2);
  assert.equal(
    outside.stderr,
    'flowcert run: reports/.flowcert-manifest.json cannot be read: it lists "../precious.txt", which is not a path inside the reports folder\n' +
      '  it records what the last run wrote; without it flowcert cannot tell its files from yours there, so it changes nothing\n' +
      '  remove it (and whatever of the last run\'s reports you do not want), or choose another folder with --reports\n',
  );
  writeFileSync(join(dir, 'reports', MANIFEST), '{"created": [');
  const unreadable = await cli(['run', '--no-allure'], dir);
  assert.equal(unreadable.code, 2);
  assert.match(unreadable.stderr, /^flowcert run: reports\/\.flowcert-manifest\.json cannot be read: not JSON \(/);
  assert.equal(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep');
  assert.deepEqual(Object.keys(snapshot(dir)), Object.keys(before));
});

test('--no-allure removes the Allure report the previous run made; one flowcert did not make stays, with a warning', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const reports = join(dir, 'reports');
  assert.equal((await cli(['run', '--no-allure'], dir)).code, 0);
  alsoWrote(reports, { 'allure-report/index.html': '<html>', 'allure-report/data/suites.json': '{}' });
  const m = manifest(reports);
  m.created.push('allure-report/', 'allure-report/data/');
  writeFileSync(join(reports, MANIFEST), JSON.stringify(m));

  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.ok(!existsSync(join(reports, 'allure-report')), 'the previous run\'s Allure report is gone: it would pass for this run\'s');

  mkdirSync(join(reports, 'allure-report'));
  writeFileSync(join(reports, 'allure-report', 'index.html'), 'made by hand');
  const again = await cli(['run', '--no-allure'], dir);
  assert.equal(again.stderr, 'flowcert run: warning: reports/allure-report is not this run\'s (--no-allure), and flowcert did not write what is in it, so it is left as it is\n');
  assert.equal(readFileSync(join(reports, 'allure-report', 'index.html'), 'utf8'), 'made by hand');
  // Generating the report would wipe that folder: refused before anything changes.
  const before = snapshot(dir);
  const generating = await cli(['run'], dir);
  assert.equal(generating.code, 2);
  assert.match(generating.stderr, /^flowcert run: reports\/allure-report\/index\.html is in the way: flowcert did not write it/);
  assert.deepEqual(snapshot(dir), before);
});
