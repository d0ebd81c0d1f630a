import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, ROOT } from '../cli/cli-kit.ts';
import { parseTrace } from '../../src/trace/reader.ts';

// Reporting Engine Connects through the CLI: an Interaction Server that drops the Stat Server
// mid-snapshot (a robustness fault: the reference Stat Server reconnects, takes the snapshot again and
// the feature still passes), and a rule file with errors, which stops the scenario before anything runs.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(feature: string, extra: string[]) {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-rec-'));
  dirs.push(reports);
  const r = await cli(['run', feature, '--no-allure', '--reports', reports, ...extra], ROOT);
  return { code: r.code, out: r.stdout + r.stderr, reports };
}

test('IS1 drops the Stat Server after half its snapshot: it reconnects, subscribes again, every agent gets its status', async () => {
  // Every scenario runs with the fault; only the first has two agents on IS1, enough for a snapshot to stop halfway.
  const r = await run('features/reporting-engine-connects.feature', ['--inject-fault', 'IS1=dropReportingEngineMidSnapshot']);
  assert.equal(r.code, 0, r.out);
  const folder = join(r.reports, 'traces', 'reporting-engine-connects');
  const trace = readFileSync(join(folder, readdirSync(folder).find((f) => f.startsWith('one-interaction-server') && f.endsWith('.ndjson'))!), 'utf8');
  assert.match(trace, /dropped mid-snapshot after 1 of 2 EventPlaceAgentState/);
  assert.match(trace, /connected to IS1 again and subscribed/);
  const messages = parseTrace(trace).trace!.entries.filter((e) => e.type === 'message' && e.message === 'RequestStartPlaceAgentReportingAll');
  assert.equal(messages.length, 2);
});

test('a capacity rule file with several errors: the scenario ends in error listing each, positioned', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-rec-rules-'));
  dirs.push(dir);
  const rules = join(dir, 'bad-rules.yaml');
  writeFileSync(rules, 'rules:\n  R:\n    media:\n      chat: { max: many }\nassign:\n  agent: { Agent1: Rr }\n');
  const feature = join(dir, 'bad.feature');
  writeFileSync(
    feature,
    [
      'Feature: bad rules',
      '  Scenario: a Stat Server given a rule file with errors',
      '    Given an Interaction Server "IS1"',
      `    And the Stat Server "Stat" runs the capacity rules in "${rules}"`,
      '    And a Stat Server "Stat" connected to "IS1"',
      '',
    ].join('\n'),
  );
  const r = await run(feature, []);
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /Stat: the capacity rules in .*bad-rules\.yaml have 2 errors:/);
  assert.match(r.out, /bad-rules\.yaml:4:20 error CAPACITY_BAD_NUMBER rule R media chat max must be a whole number ≥ 0, got "many"/);
  assert.match(r.out, /bad-rules\.yaml:6:20 error CAPACITY_UNKNOWN_RULE assign\.agent\.Agent1 names rule Rr, which is not defined[\s\S]*did you mean R\?/);
});
