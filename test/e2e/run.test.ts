import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findJava } from '../../src/reporting/allure-report.ts';

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
    Given an Interaction Server "IS1" with a delivering timeout of 300 ms
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

test('--tags and a feature line select scenarios; a passing run exits 0', () => {
  const dir = project({ 'tiny.feature': DELIVERY });
  const r = flowcert(dir, ['--tags', 'not @wrong', '--no-allure']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 passed), 9 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  const byLine = flowcert(dir, ['features/tiny.feature:11', '--no-allure']);
  assert.equal(byLine.code, 0, byLine.stdout + byLine.stderr);
  assert.equal(lastLine(byLine.stdout), 'flowcert: 1 scenario (1 passed), 9 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});

test('--parallel runs scenarios in worker processes, each with its own trace', () => {
  const dir = project({ 'tiny.feature': DELIVERY, 'again.feature': DELIVERY.replace('Feature: Tiny delivery', 'Feature: Again') });
  const r = flowcert(dir, ['--parallel', '2', '--no-allure']);
  assert.equal(r.code, 1, r.stdout + r.stderr);
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
  } else {
    assert.match(r.stdout, /\nallure report skipped: Java not found \(install a JRE 17\+ to get reports\/allure-report\)\n/);
  }
});

const UNDEFINED = `Feature: Undefined
  Scenario: A step nobody wrote
    Given a step nobody wrote about "IS1"
`;

test('an undefined step fails the run and says which step, with the snippet to write', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  const r = flowcert(dir, ['features', '--no-allure']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /\? Given a step nobody wrote about "IS1"\n\s+Undefined\. Implement with the following snippet:\n/);
  assert.match(r.stdout, /Given\('a step nobody wrote about \{string\}', async function \(string\) \{/);
  assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 undefined), 1 step — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  assert.equal(r.stderr, '');
});

test('every run writes the cucumber reports, allure-results and one trace per scenario under reports/', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  flowcert(dir, ['--no-allure']);
  for (const f of ['cucumber-report.html', 'cucumber-junit.xml', 'cucumber-messages.ndjson']) assert.ok(existsSync(join(dir, 'reports', f)), f);
  assert.ok(readdirSync(join(dir, 'reports', 'allure-results')).some((f) => f.endsWith('-result.json')));
  assert.ok(existsSync(join(dir, 'reports', 'traces', 'undefined', 'a-step-nobody-wrote-2.ndjson')));
  assert.match(readFileSync(join(dir, 'reports', 'cucumber-junit.xml'), 'utf8'), /<testsuite name="flowcert"/);
});

test('--reports puts everything elsewhere and the summary says where', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  const r = flowcert(dir, ['--no-allure', '--reports', 'out/run1']);
  assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 undefined), 1 step — reports: out/run1/cucumber-report.html, out/run1/cucumber-junit.xml');
  assert.ok(existsSync(join(dir, 'out', 'run1', 'traces', 'undefined', 'a-step-nobody-wrote-2.ndjson')));
  assert.ok(!existsSync(join(dir, 'reports')));
});

test('without Java the Allure report is skipped with a one-line hint and the exit code is unaffected', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  const r = flowcert(dir, [], { JAVA_HOME: join(dir, 'no-such-jdk') });
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[lines.length - 2], 'allure report skipped: Java not found (install a JRE 17+ to get reports/allure-report)');
  assert.equal(lines[lines.length - 1], 'flowcert: 1 scenario (1 undefined), 1 step — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});

test('a feature path that does not exist is a usage error that names it', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  assert.deepEqual(flowcert(dir, ['features/undefined.feature', 'features/nope.feature:12', '--no-allure']), {
    code: 2,
    stdout: '',
    stderr: 'flowcert run: no such feature file or folder: features/nope.feature:12\n',
  });
});

test('a project without features/ is told to give paths', () => {
  const dir = tempDir();
  const r = flowcert(dir, ['--no-allure']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `flowcert run: no features/ folder in ${dir}\n  give the feature files or folders to run: flowcert run [paths...]\n`);
});

test('bad options are usage errors', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  assert.deepEqual(flowcert(dir, ['--parallel', 'two']), {
    code: 2,
    stdout: '',
    stderr: 'flowcert run: --parallel takes a whole number of worker processes (0 runs in-process), got two\n',
  });
  const r = flowcert(dir, ['--tag', '@x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^flowcert run: unknown option --tag — did you mean --tags\?/);
  assert.deepEqual(flowcert(dir, ['--tags', '@a and', '--no-allure']), {
    code: 2,
    stdout: '',
    stderr: 'flowcert run: invalid --tags: Tag expression "@a and" could not be parsed because of syntax error: Expected operand.\n',
  });
});

test('invalid Gherkin is a configuration error with file and line; nothing runs', () => {
  const dir = project({ 'broken.feature': 'Feature: Broken\n  Scenario: x\n    Given a step\n  Examples without an outline\n' });
  const r = flowcert(dir, ['--no-allure']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^flowcert run: invalid feature file:\n {2}features\/broken\.feature:4(:\d+)?: /);
  assert.ok(!existsSync(join(dir, 'reports', 'cucumber-report.html')));
});

test('tags that match no scenario fail the run: a gate that checked nothing has not passed', () => {
  const dir = project({ 'undefined.feature': UNDEFINED });
  const r = flowcert(dir, ['--tags', '@nothing', '--no-allure']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'flowcert run: no scenario in features/**/*.feature matches --tags @nothing\n');
});

test('--help shows the options and exit codes', () => {
  const r = flowcert(ROOT, ['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: flowcert run \[paths\.\.\.\] \[options\]\n/);
  assert.match(r.stdout, /--no-allure/);
});
