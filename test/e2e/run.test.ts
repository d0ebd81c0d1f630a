import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findJava } from '../../src/reporting/allure-report.ts';
import { cli } from '../cli/cli-kit.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'flowcert.mjs');
const MODEL = join(ROOT, 'scenarios', 'deliver-interaction-to-agent.yaml');

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-run-'));
  made.push(dir);
  return dir;
}

/** A user's project: feature files and the flow models they check, run with flowcert's own steps and reference servers. */
function project(features: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'features'));
  mkdirSync(join(dir, 'scenarios'));
  copyFileSync(MODEL, join(dir, 'scenarios', 'deliver-interaction-to-agent.yaml'));
  for (const [name, text] of Object.entries(features)) writeFileSync(join(dir, 'features', name), text);
  return dir;
}

function flowcert(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [BIN, 'run', ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lastLine(s: string): string {
  return s.trimEnd().split('\n').pop() ?? '';
}

const DELIVERY = `Feature: Tiny delivery

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  Scenario: Agent accepts delivery
    Given "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"

  @wrong
  Scenario: An accepting agent checked against the reject variant
    Given "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "reject"
`;

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

test('--parallel runs scenarios in worker processes, each with its own trace; more workers than cores are capped, with a warning', () => {
  const dir = project({ 'tiny.feature': DELIVERY, 'again.feature': DELIVERY.replace('Feature: Tiny delivery', 'Feature: Again') });
  const r = flowcert(dir, ['--parallel', '1000', '--no-allure']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const cores = availableParallelism();
  assert.equal(r.stderr, `flowcert run: warning: --parallel 1000 is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine; running ${cores} worker${cores === 1 ? '' : 's'}\n`);
  assert.equal(lastLine(r.stdout), 'flowcert: 4 scenarios (2 passed, 2 failed), 36 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  for (const f of ['tiny', 'again']) assert.equal(readdirSync(join(dir, 'reports', 'traces', f)).filter((x) => x.endsWith('.ndjson')).length, 2);
});

test('the Allure HTML report is generated where Java is, and named in the summary; elsewhere a hint says why not', () => {
  const dir = project({ 'tiny.feature': DELIVERY });
  const r = flowcert(dir, ['--tags', 'not @wrong']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  if (findJava(process.env)) {
    assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 passed), 9 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml, reports/allure-report/index.html');
    assert.ok(existsSync(join(dir, 'reports', 'allure-report', 'index.html')));
    assert.ok(readdirSync(join(dir, 'reports', 'allure-report', 'data', 'attachments')).some((f) => f.endsWith('.svg')));
    // Recorded as this run's, so the next run (with --no-allure too) removes it rather than leave it looking current.
    const { created } = JSON.parse(readFileSync(join(dir, 'reports', '.flowcert-manifest.json'), 'utf8')) as { created: string[] };
    assert.ok(created.includes('allure-report/') && created.includes('allure-report/index.html'), created.join(', '));
  } else {
    assert.match(r.stdout, /\nallure report skipped: Java not found \(install a JRE 17\+ to get reports\/allure-report\)\n/);
  }
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
