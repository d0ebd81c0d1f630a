import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { mergeCertifyParts } from '../../src/reporting/certificate-merge.ts';
import type { ScenarioResult } from '../../src/reporting/run-summary.ts';
import type { ScenarioRecord } from '../../src/reporting/scenario-record.ts';
import { readShardFile, recordFromShard, SHARD_FILE, shardFileData, type ShardFile } from '../../src/reporting/shard-file.ts';
import { mergeShards, type ShardInput } from '../../src/reporting/shard-merge.ts';
import { scenarioKey, shardOf } from '../../src/reporting/shard.ts';

// What `flowcert merge` accepts as the shards of one run, and what it refuses, each in words that say
// what to do — on shard files made here, as the shards' runs would write them.

const SUITE = [18, 35, 45, 56, 71, 72, 73].map((line) => ({ uri: 'features/deliver.feature', line, name: `scenario at ${line}` }));
const FILES = [
  { path: 'features/deliver.feature', sha256: 'a'.repeat(64) },
  { path: 'scenarios/deliver.yaml', sha256: 'b'.repeat(64) },
];

function result(s: { uri: string; line: number; name: string }, outcome: ScenarioResult['outcome'] = 'passed'): ScenarioResult {
  return { uri: s.uri, feature: 'Deliver', name: s.name, line: s.line, outcome, durationMs: 100, steps: [{ text: 'a step', status: 'passed' }] };
}

function record(s: { uri: string; line: number; name: string }, verdict: ScenarioRecord['verdict']): ScenarioRecord {
  return {
    uri: s.uri,
    name: s.name,
    line: s.line,
    verdict,
    participants: [{ name: "Agent1's desktop", role: 'AgentApplication', binding: 'sut', adapter: 'process' }],
    capabilities: {},
    checks: [],
    exercised: [],
    trace: `traces/deliver/s-${s.line}.ndjson`,
  };
}

/** Shard i of n of SUITE as its run writes it; `change` edits it afterwards. */
function shard(index: number, total: number, change: (f: ShardFile) => void = () => {}, command: 'run' | 'certify' = 'run'): ShardInput {
  const mine = shardOf(SUITE, { index, total });
  const file = shardFileData({
    command,
    shard: { index, total },
    flowcertVersion: '0.1.0',
    started: `2026-11-30T00:00:0${index}Z`,
    suite: { scenarios: SUITE, files: FILES, options: { tags: 'not @redelivery' } },
    assigned: mine.map(scenarioKey),
    results: mine.map((s) => result(s, s.line === 45 ? 'failed' : 'passed')),
    files: [],
    ...(command === 'certify'
      ? {
          certify: {
            role: 'AgentApplication' as const,
            identity: { name: 'desk', version: '1' },
            harness: { flowcertVersion: '0.1.0', date: `2026-11-30T00:0${index}:00Z`, node: 'v20', platform: 'linux x64', files: FILES.slice(0, index === 1 ? 1 : 2), options: { tags: 'not @redelivery', shard: `${index}/${total}` } },
            records: mine.map((s) => record(s, s.line === 45 ? 'fail' : 'pass')),
          },
        }
      : {}),
  });
  change(file);
  return { shown: `reports/shard-${index}`, file };
}

const problem = (inputs: ShardInput[]) => {
  const r = mergeShards(inputs);
  return 'problem' in r ? r.problem : undefined;
};

test('every shard of one run, in any order: each scenario once, in feature-then-line order, from the earliest start', () => {
  const r = mergeShards([shard(3, 3), shard(1, 3), shard(2, 3)]);
  assert.ok('merged' in r, JSON.stringify(r));
  assert.deepEqual(r.merged.results.map((x) => x.line), [18, 35, 45, 56, 71, 72, 73]);
  assert.deepEqual(r.merged.shards.map((s) => s.file.shard.index), [1, 2, 3]);
  assert.equal(r.merged.started, '2026-11-30T00:00:01Z');
  assert.equal(r.merged.results.find((x) => x.line === 45)?.outcome, 'failed');
});

test('a missing shard is named, with the shards that came', () => {
  assert.equal(
    problem([shard(1, 3), shard(3, 3)]),
    'shard 2/3 is missing: got 1/3 (reports/shard-1), 3/3 (reports/shard-3)\n' +
      "  merge needs all 3 shards of the run: give shard 2/3's reports folder too (a shard with no scenario still writes one; a CI job that failed before writing its reports must run again)",
  );
  assert.match(problem([shard(2, 4)]) ?? '', /^shards 1\/4, 3\/4 and 4\/4 are missing: got 2\/4 \(reports\/shard-2\)\n/);
});

test('overlapping shards: the same shard twice, or a scenario in two shards', () => {
  assert.equal(problem([shard(1, 2), { ...shard(1, 2), shown: 'copy/shard-1' }, shard(2, 2)]), "shard 1/2 is given twice, as reports/shard-1 and copy/shard-1: give each shard's reports folder once");
  const stray = shard(2, 2, (f) => f.results.push(result(SUITE[0])));
  assert.match(problem([shard(1, 2), stray]) ?? '', /^features\/deliver\.feature:18 \(scenario at 18\) ran in two shards, reports\/shard-1 \(shard 1\/2\) and reports\/shard-2 \(shard 2\/2\): shards overlap/);
});

test('shards split differently, of another command or flowcert, or of another suite are refused, saying what differs', () => {
  assert.match(problem([shard(1, 3), shard(2, 4)]) ?? '', /^reports\/shard-1 \(shard 1\/3\) and reports\/shard-2 \(shard 2\/4\) split the suite differently \(into 3 and 4 shards\)/);
  assert.match(problem([shard(1, 2), shard(2, 2, () => {}, 'certify')]) ?? '', /is a shard of flowcert run, reports\/shard-2 \(shard 2\/2\) of flowcert certify: the shards of one run come from one command/);
  assert.match(problem([shard(1, 2), shard(2, 2, (f) => (f.flowcertVersion = '0.2.0'))]) ?? '', /was written by flowcert 0\.1\.0, reports\/shard-2 \(shard 2\/2\) by flowcert 0\.2\.0/);
  const edited = shard(2, 2, (f) => (f.suite.files = [FILES[0], { path: FILES[1].path, sha256: 'c'.repeat(64) }]));
  assert.equal(
    problem([shard(1, 2), edited]),
    'reports/shard-2 (shard 2/2) is not a shard of the same suite as reports/shard-1 (shard 1/2): scenarios/deliver.yaml differs (sha-256 cccccccccccc… there, bbbbbbbbbbbb… in reports/shard-1)\n' +
      '  run every shard from one checkout with one command line (only --shard and --reports differ), then merge their reports',
  );
  assert.match(problem([shard(1, 2), shard(2, 2, (f) => (f.suite.options = { tags: 'not @redelivery', timers: { delivering: 200 } }))]) ?? '', /: it was run with --timer \{"delivering":200\}, reports\/shard-1 without --timer\n/);
  assert.match(problem([shard(1, 2), shard(2, 2, (f) => (f.suite.scenarios = SUITE.slice(1)))]) ?? '', /: its suite does not select features\/deliver\.feature:18, which reports\/shard-1's does\n/);
});

test('a shard that was interrupted, or did not run all it was given, is refused: run it again', () => {
  const cut = shard(2, 2, (f) => {
    f.interrupted = 'SIGTERM';
    f.results[1] = { ...f.results[1], outcome: 'not-run' };
  });
  assert.equal(problem([shard(1, 2), cut]), 'reports/shard-2 (shard 2/2) was interrupted (SIGTERM): 2 of its 3 scenarios ran\n  run that shard again, then merge');
  const short = shard(2, 2, (f) => f.results.pop());
  assert.equal(problem([shard(1, 2), short]), 'reports/shard-2 (shard 2/2) has no result for features/deliver.feature:72, which it was given: its run did not finish\n  run that shard again, then merge');
  const reassigned = shard(2, 2, (f) => f.assigned.reverse());
  assert.match(problem([shard(1, 2), reassigned]) ?? '', /says it was given other scenarios than the shard rule gives shard 2\/2 of this suite/);
});

test('certify shards make one certificate input: every record, the union of the files, the last date, the role they share', () => {
  const shards = [shard(1, 2, undefined, 'certify'), shard(2, 2, undefined, 'certify')];
  const r = mergeCertifyParts(shards, '/out');
  assert.ok('input' in r, JSON.stringify(r));
  assert.equal(r.input.role, 'AgentApplication');
  assert.deepEqual(r.input.records.map((x) => x.line), [18, 35, 45, 56, 71, 72, 73]);
  assert.equal(r.input.records[0].trace, join('/out', 'traces', 'deliver', 's-18.ndjson'), 'trace paths under where merge copied them');
  assert.deepEqual(r.input.harness.files, FILES);
  assert.equal(r.input.harness.date, '2026-11-30T00:02:00Z');
  assert.deepEqual(r.input.harness.options, { tags: 'not @redelivery', shards: 2 });
});

test('certify shards that disagree on a file, the role or the system are refused', () => {
  const other = shard(2, 2, (f) => (f.certify!.harness.files = [{ path: FILES[0].path, sha256: 'd'.repeat(64) }]), 'certify');
  assert.match((mergeCertifyParts([shard(1, 2, undefined, 'certify'), other], '/out') as { problem: string }).problem, /^features\/deliver\.feature differs between reports\/shard-1 \(shard 1\/2\) and reports\/shard-2 \(shard 2\/2\)/);
  const urs = shard(2, 2, (f) => (f.certify!.role = 'URS'), 'certify');
  assert.match((mergeCertifyParts([shard(1, 2, undefined, 'certify'), urs], '/out') as { problem: string }).problem, /^the shards certify different roles, AgentApplication \(reports\/shard-1\) and URS \(reports\/shard-2\): name the role to certify with --role/);
  const renamed = shard(2, 2, (f) => (f.certify!.identity = { name: 'other' }), 'certify');
  assert.match((mergeCertifyParts([shard(1, 2, undefined, 'certify'), renamed], '/out') as { problem: string }).problem, /certified \{"name":"other"\}, reports\/shard-1 \(shard 1\/2\) \{"name":"desk","version":"1"\}: the shards of one certificate certify one system/);
});

test('a shard file naming a path outside the shard’s traces and Allure results is refused, and a record’s is dropped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-shard-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const [stray, ok] of [['traces/deliver/s-18.ndjson', true], ['traces/../../../home/x', false], ['cucumber-report.html', false], ['/etc/passwd', false]] as const) {
    const file = shard(1, 1).file;
    file.files = [stray];
    writeFileSync(join(dir, SHARD_FILE), JSON.stringify(file));
    const read = await readShardFile(dir, 'shard-1');
    if (ok) assert.ok('file' in read, stray);
    else assert.equal((read as { problem: string }).problem, `shard-1/${SHARD_FILE} lists ${JSON.stringify(stray)}, which is not a file under allure-results/ or traces/ of the shard: it was edited; run that shard again`);
  }
  const r = recordFromShard({ ...record(SUITE[0], 'fail'), trace: '../../secret.ndjson' }, '/out');
  assert.equal(r.trace, undefined);
});
