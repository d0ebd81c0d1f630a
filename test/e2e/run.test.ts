import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli } from '../cli/cli-kit.ts';
import { BIN, DELIVERY, flowcert, lastLine, project } from './run-kit.ts';

test('the main job: features against the reference servers, reports, a one-line summary, exit 1 on a failed scenario', () => {
  const dir = project({ 'tiny.feature': DELIVERY });
  const r = flowcert(dir, ['features', '--no-allure']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(lastLine(r.stdout), 'flowcert: 2 scenarios (1 passed, 1 failed), 18 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  // The failure says why, as the matcher explains it.
  assert.match(r.stdout, /FAIL Deliver Interaction to Agent, variant reject/);
  const traces = join(dir, 'reports', 'traces', 'tiny');
  assert.deepEqual(readdirSync(traces).sort(), [
    'agent-accepts-delivery-11.accept.pass.svg',
    'agent-accepts-delivery-11.ndjson',
    'an-accepting-agent-checked-against-the-reject-variant-17.ndjson',
    'an-accepting-agent-checked-against-the-reject-variant-17.reject.fail.svg',
  ]);
  const svg = readFileSync(join(traces, 'an-accepting-agent-checked-against-the-reject-variant-17.reject.fail.svg'), 'utf8');
  assert.match(svg, /data-status="divergent"/);
  // Every report embeds the scenario's trace and diagram.
  const messages = readFileSync(join(dir, 'reports', 'cucumber-messages.ndjson'), 'utf8');
  assert.match(messages, /"mediaType":"application\/x-ndjson"/);
  assert.match(messages, /"mediaType":"image\/svg\+xml"/);
  const junit = readFileSync(join(dir, 'reports', 'cucumber-junit.xml'), 'utf8');
  assert.match(junit, /tests="2"/);
  assert.match(junit, /failures="1"/);
  const allure = readdirSync(join(dir, 'reports', 'allure-results'));
  assert.equal(allure.filter((f) => f.endsWith('-result.json')).length, 2);
  assert.equal(allure.filter((f) => f.endsWith('-attachment.svg')).length, 2);
});

const WAITS = `Feature: Slow
  Scenario: Waits
    Given an Interaction Server "IS1"
    Then no "EventRevoked" reaches "IS1" within 30 s
`;

test('a run killed outright leaves a manifest of what it had written, and the next run removes exactly that', async () => {
  const dir = project({ 'slow.feature': WAITS });
  const reports = join(dir, 'reports');
  const manifestFile = join(reports, '.flowcert-manifest.json');
  const child = spawn(process.execPath, [BIN, 'run', '--no-allure'], { cwd: dir, stdio: 'ignore' });
  const listed = (): string[] => {
    try {
      return (JSON.parse(readFileSync(manifestFile, 'utf8')) as { created: string[] }).created;
    } catch {
      return [];
    }
  };
  // No scenario has finished: the trace being written is listed by the record made every second.
  for (let waited = 0; !listed().includes('traces/slow/waits-2.ndjson'); waited += 100) {
    assert.ok(waited < 20_000, `the manifest never listed the running scenario's trace: ${listed().join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const record = JSON.parse(readFileSync(manifestFile, 'utf8')) as { finished?: string; created: string[] };
  assert.equal(record.finished, undefined, 'a killed run never says it finished');
  for (const f of ['cucumber-report.html', 'cucumber-messages.ndjson', 'traces/slow/']) assert.ok(record.created.includes(f), f);
  writeFileSync(join(reports, 'traces', 'slow', 'mine.ndjson'), 'mine');

  writeFileSync(join(dir, 'features', 'slow.feature'), 'Feature: Slow\n  Scenario: Quick\n    Given an Interaction Server "IS1"\n');
  // The next run need not be a process of its own.
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.deepEqual(readdirSync(join(reports, 'traces', 'slow')).sort(), ['mine.ndjson', 'quick-2.ndjson']);
});

test('a flow check naming a model or a variant scenarios/ does not have is refused before anything runs: exit 2, located, nothing written', () => {
  const dir = project({ 'tiny.feature': DELIVERY.replace('variant "accept"', 'variant "acept"').replace('model "deliver-interaction-to-agent" variant "reject"', 'model "deliver-interaction-to-agnt" variant "reject"') });
  const r = flowcert(dir, ['features', '--no-allure']);
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /features\/tiny\.feature:14: model scenarios\/deliver-interaction-to-agent\.yaml has no variant "acept" — did you mean "accept"\?/);
  assert.match(r.stderr, /features\/tiny\.feature:\d+: no model "deliver-interaction-to-agnt" in scenarios\/ .* did you mean "deliver-interaction-to-agent"\?/);
  assert.equal(existsSync(join(dir, 'reports')), false, 'nothing written');
});
