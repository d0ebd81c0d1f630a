import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SHARD_FILE, type ShardFile } from '../../src/reporting/shard-file.ts';
import { cli } from './cli-kit.ts';
import { lastLine, project, snapshot, TINY } from './run-kit.ts';

// `flowcert run --shard i/n` and `flowcert merge`, in process: a suite of two features (an outline
// among them, and a scenario that ends in error) split three ways runs every scenario exactly once,
// and the merge of the shards reports what the unsharded run reports.

const SPLIT = `Feature: Split

  Scenario: First
    Given an Interaction Server "IS1"

  Scenario: Broken
    Given an Interaction Server "IS2"
    And a URS "URS" connected to "IS9"

  Scenario Outline: Server <name>
    Given an Interaction Server "<name>"

    Examples:
      | name |
      | IS3  |
      | IS4  |

  Scenario: Last
    Given an Interaction Server "IS5"
`;

const ANOTHER = `Feature: Another

  Scenario: Alone
    Given an Interaction Server "IS6"

  Scenario: With a URS
    Given an Interaction Server "IS7"
    And a URS "URS" connected to "IS7"
`;

/** Each testcase of a JUnit file as `file|name|outcome`, sorted; and the testsuite's counts. */
function junit(file: string): { cases: string[]; counts: string } {
  const xml = readFileSync(file, 'utf8');
  const cases = [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)" file="([^"]*)" time="[^"]*">\n(\s+<(failure|error|skipped)[ >])?/g)].map((m) => `${m[2]}|${m[1]}|${m[4] ?? 'passed'}`);
  const head = /<testsuite name="flowcert" (tests="\d+" failures="\d+" errors="\d+" skipped="\d+")/.exec(xml);
  return { cases: cases.sort(), counts: head?.[1] ?? '(no testsuite)' };
}

const shardFile = (dir: string) => JSON.parse(readFileSync(join(dir, SHARD_FILE), 'utf8')) as ShardFile;
const withoutReports = (line: string) => line.replace(/ — reports: .*$/, '');

test('three shards run every scenario exactly once, and their merge reports what the unsharded run does', async () => {
  const dir = project({ 'features/split.feature': SPLIT, 'features/another.feature': ANOTHER });
  const whole = await cli(['run', '--no-allure', '--reports', 'whole'], dir);
  assert.equal(whole.code, 4, whole.stdout + whole.stderr);
  const expected = junit(join(dir, 'whole', 'cucumber-junit.xml'));
  assert.equal(expected.cases.length, 7);
  assert.ok(expected.cases.some((c) => c.endsWith('|error')), 'the suite has an outcome other than passed to compare');

  const seen: string[] = [];
  for (const i of [1, 2, 3]) {
    const r = await cli(['run', '--no-allure', '--shard', `${i}/3`, '--reports', `reports/shard-${i}`], dir);
    assert.match(lastLine(r.stdout), new RegExp(`^flowcert: shard ${i}/3 — \\d scenarios? \\(`), r.stdout + r.stderr);
    const ran = junit(join(dir, 'reports', `shard-${i}`, 'cucumber-junit.xml')).cases;
    assert.ok(ran.length === 2 || ran.length === 3, `shard ${i}/3 ran ${ran.length} of 7: not balanced`);
    const file = shardFile(join(dir, 'reports', `shard-${i}`));
    assert.deepEqual(file.shard, { index: i, total: 3 });
    assert.equal(file.assigned.length, ran.length, 'the shard ran exactly the scenarios it was given');
    assert.equal(file.suite.scenarios.length, 7, 'every shard knows the whole suite');
    seen.push(...ran);
  }
  assert.deepEqual(seen.sort(), expected.cases, 'together the shards ran each scenario once, with the unsharded outcome');

  // The CI layout: the shards' folders under reports/, merged into reports/ itself (the default --out).
  const merged = await cli(['merge', 'reports/shard-1', 'reports/shard-2', 'reports/shard-3', '--no-allure'], dir);
  assert.equal(merged.code, whole.code, merged.stdout + merged.stderr);
  assert.equal(merged.stdout.split('\n')[0], 'flowcert merge: 3 shards of flowcert run (1/3 reports/shard-1, 2/3 reports/shard-2, 3/3 reports/shard-3) merged into reports');
  assert.equal(withoutReports(lastLine(merged.stdout)), withoutReports(lastLine(whole.stdout)));
  assert.deepEqual(junit(join(dir, 'reports', 'cucumber-junit.xml')), expected);
  assert.deepEqual(readdirSync(join(dir, 'reports', 'traces', 'split')).sort(), readdirSync(join(dir, 'whole', 'traces', 'split')).sort());
  const results = readdirSync(join(dir, 'reports', 'allure-results'));
  assert.equal(results.filter((f) => f.endsWith('-result.json')).length, 7, 'every shard’s Allure results, side by side');
  assert.ok(!results.includes('cucumber-formatter.log'), 'the formatter’s log is no Allure result');
  const manifest = JSON.parse(readFileSync(join(dir, 'reports', '.flowcert-manifest.json'), 'utf8')) as { created: string[] };
  assert.ok(manifest.created.includes('cucumber-junit.xml') && manifest.created.some((p) => p.startsWith('traces/split/')), 'the next run removes what merge wrote');
  assert.ok(!manifest.created.some((p) => p.startsWith('shard-')), 'and never the shards');
  // The shards' model coverage added up is the unsharded run's.
  const coverage = (f: string) => JSON.parse(readFileSync(f, 'utf8')) as { messages: unknown; models: unknown };
  assert.deepEqual(coverage(join(dir, 'reports', 'model-coverage.json')), coverage(join(dir, 'whole', 'model-coverage.json')));
  assert.ok(manifest.created.includes('model-coverage.json') && manifest.created.includes('model-coverage.html'));
  assert.match(merged.stdout, /\nmodel coverage: 0 of 1 model checked\n/);

  // Merging again replaces the merged reports (its manifest) and leaves the shards as they are.
  const shardsBefore = snapshot(join(dir, 'reports', 'shard-2'));
  const again = await cli(['merge', 'reports/shard-3', 'reports/shard-1', 'reports/shard-2', '--no-allure'], dir);
  assert.equal(again.code, whole.code, again.stderr);
  assert.deepEqual(snapshot(join(dir, 'reports', 'shard-2')), shardsBefore);
});

test('a shard with no scenario runs nothing and exits 0, saying so; merge counts it as done', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const empty = await cli(['run', '--no-allure', '--shard', '3/3', '--reports', 'reports/shard-3'], dir);
  assert.deepEqual(empty, {
    code: 0,
    stdout:
      'flowcert run: shard 3/3 has no scenario: the suite selected 2 scenarios, fewer than its 3 shards, so nothing ran here\n' +
      '  not a failure (exit 0): reports/shard-3/flowcert-shard.json tells `flowcert merge` this shard is done\n',
    stderr: '',
  });
  assert.deepEqual(shardFile(join(dir, 'reports', 'shard-3')).assigned, []);
  assert.ok(!existsSync(join(dir, 'reports', 'shard-3', 'cucumber-junit.xml')), 'no report of nothing');

  for (const i of [1, 2]) assert.equal((await cli(['run', '--no-allure', '--shard', `${i}/3`, '--reports', `reports/shard-${i}`], dir)).code, 0);
  const merged = await cli(['merge', 'reports/shard-1', 'reports/shard-2', 'reports/shard-3', '--no-allure', '--out', 'merged'], dir);
  assert.equal(merged.code, 0, merged.stderr);
  assert.equal(lastLine(merged.stdout), 'flowcert: 2 scenarios (2 passed), 3 steps — reports: merged/cucumber-junit.xml');
});

test('merge refuses, before it writes anything: a missing shard (named), a folder that is no shard, shards of another suite, --out in a shard', async () => {
  const dir = project({ 'features/split.feature': SPLIT });
  for (const i of [1, 3]) assert.notEqual((await cli(['run', '--no-allure', '--shard', `${i}/3`, '--reports', `s${i}`], dir)).code, 2);
  await cli(['run', '--no-allure', '--shard', '2/3', '--tags', 'not @nothing', '--reports', 'tagged'], dir);
  const before = snapshot(dir);
  const refusals: Array<[string[], string]> = [
    [
      ['s1', 's3'],
      'flowcert merge: shard 2/3 is missing: got 1/3 (s1), 3/3 (s3)\n' +
        "  merge needs all 3 shards of the run: give shard 2/3's reports folder too (a shard with no scenario still writes one; a CI job that failed before writing its reports must run again)\n",
    ],
    [
      ['s1', 'features', 's3'],
      'flowcert merge: features has no flowcert-shard.json: it is not the reports folder of one shard\n' +
        '  give the folders written by `flowcert run --shard i/n --reports DIR` (or certify), one per shard\n',
    ],
    [
      ['s1', 'tagged', 's3'],
      'flowcert merge: tagged (shard 2/3) is not a shard of the same suite as s1 (shard 1/3): it was run with --tags "not @nothing", s1 without --tags\n' +
        '  run every shard from one checkout with one command line (only --shard and --reports differ), then merge their reports\n',
    ],
    [['s1', 's3', 'nowhere'], 'flowcert merge: no such folder: nowhere\n'],
    [[], 'flowcert merge: give the reports folder of every shard: flowcert merge DIR... (e.g. flowcert merge reports/shard-*)\n'],
  ];
  for (const [dirs, stderr] of refusals) {
    assert.deepEqual(await cli(['merge', ...dirs, '--out', 'merged'], dir), { code: 2, stdout: '', stderr }, dirs.join(' '));
  }
  assert.deepEqual(snapshot(dir), before, 'the refusals changed nothing');

  await cli(['run', '--no-allure', '--shard', '2/3', '--reports', 's2'], dir);
  const complete = snapshot(dir);
  assert.deepEqual(await cli(['merge', 's1', 's2', 's3', '--out', 's2/merged'], dir), {
    code: 2,
    stdout: '',
    stderr: 'flowcert merge: --out s2/merged is inside the reports folder of shard 2/3: merge writes beside the shards, not into one\n  e.g. --out reports/merged\n',
  });
  assert.deepEqual(snapshot(dir), complete);
  assert.equal((await cli(['merge', 's1', 's2', 's3', '--out', 'merged', '--no-allure'], dir)).code, 4, 'and with every shard, merge goes ahead');
});
