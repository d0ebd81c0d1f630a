import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cli, ROOT } from './cli-kit.ts';
import { lastLine, project, TINY } from './run-kit.ts';

// What a run says about the features themselves, in-process: the steps it selects, an undefined step
// with the defined steps it was probably meant to be, a timer set too late, a broken model nobody uses.

test('--tags and a feature line select the scenarios that run', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const tagged = await cli(['run', '--no-allure', '--tags', 'not @other'], dir);
  assert.equal(tagged.code, 0, tagged.stdout + tagged.stderr);
  assert.equal(lastLine(tagged.stdout), 'flowcert: 1 scenario (1 passed), 2 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
  const byLine = await cli(['run', '--no-allure', 'features/tiny.feature:9'], dir);
  assert.equal(lastLine(byLine.stdout), 'flowcert: 1 scenario (1 passed), 1 step — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});

const UNDEFINED = `Feature: Undefined
  Scenario: Steps nobody wrote
    Given an Interaction Sever "IS1"
    And agent "Agent1" at place "Place1" is logged into "IS1" for "email" through "Agent1's desktop"
    And a step nobody wrote about "IS1"
`;

test('an undefined step fails the run (exit 1) and names the closest defined steps, in plain words, before the snippet', async () => {
  const dir = project({ 'features/undefined.feature': UNDEFINED });
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.ok(
    r.stdout.includes(
      // The closest first; other steps close enough may follow it (more roles bring more steps).
      '   ? Given an Interaction Sever "IS1"\n' +
        '       The closest defined step' ,
    ),
    r.stdout,
  );
  assert.match(r.stdout, /\? Given an Interaction Sever "IS1"\n {7}The closest defined steps?:\n {9}an Interaction Server \{string\}\n( {9}.*\n)* {7}Undefined\. Implement with the following snippet:\n\n {9}Given\('an Interaction Sever \{string\}', async function \(string\) \{\n/);
  assert.ok(
    r.stdout.includes(
      '   ? And agent "Agent1" at place "Place1" is logged into "IS1" for "email" through "Agent1\'s desktop"\n' +
        '       The closest defined steps:\n' +
        '         agent {string} at place {string} is logged in to {string} for {string} through {string}\n' +
        '         agent {string} at place {string} handles interaction {string} through {string}\n',
    ),
    r.stdout,
  );
  assert.ok(r.stdout.includes('   ? And a step nobody wrote about "IS1"\n       No defined step is close to these words.\n       Undefined. Implement with the following snippet:\n'), r.stdout);
  assert.match(r.stdout, /Given\('a step nobody wrote about \{string\}', async function \(string\) \{/);
  assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 undefined), 3 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});

test('a timer step after the server it configures ends the scenario in error at that step, naming the line to move', async () => {
  const dir = project({
    'features/late.feature': 'Feature: Late\n  Scenario: Timer after the server\n    Given an Interaction Server "IS1"\n    And the "delivering" timer is 200 ms\n',
  });
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stdout, /✖ And the "delivering" timer is 200 ms # .*\n(?:.*\n)*? {7}the delivering timer is set after IS1 started at features\/late\.feature:3, so IS1 runs without it: move this step above that one\n/);
  assert.equal(lastLine(r.stdout), 'flowcert: 1 scenario (1 error), 2 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});

test('a model in scenarios/ that does not load and no feature uses is a warning; the run goes on', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  copyFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'broken', 'broken-invite.yaml'), join(dir, 'scenarios', 'broken-invite.yaml'));
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stderr, 'flowcert run: warning: scenarios/broken-invite.yaml does not load (5 errors) and no feature uses it; `flowcert lint scenarios/broken-invite.yaml` says why\n');
  // Named by a feature (unselected here), it is no longer forgotten: that feature will say what is wrong when it runs.
  const used = project({ 'features/tiny.feature': TINY, 'features/uses.feature': 'Feature: Uses\n  @later\n  Scenario: x\n    Then the flow follows model "Broken Invite" variant "accept"\n' });
  copyFileSync(join(ROOT, 'test', 'fixtures', 'cli', 'broken', 'broken-invite.yaml'), join(used, 'scenarios', 'broken-invite.yaml'));
  const quiet = await cli(['run', '--no-allure', '--tags', 'not @later'], used);
  assert.equal(quiet.code, 0, quiet.stdout + quiet.stderr);
  assert.equal(quiet.stderr, '');
});

/** A for-each without in: — once an internal error (exit 4) of every command that loads scenarios/. */
const FOR_EACH_WITHOUT_IN = `model: For Each
participants:
  agent: { role: AgentApplication }
  ixn: { role: InteractionServer }
phases:
  p:
    title: P
    steps:
      - { for-each: s, steps: [ {from: agent, to: ixn, message: RequestAgentLogout} ] }
variants:
  v: { phases: [p] }
`;

test('a model whose step lacks a required key is a model that does not load: a warning when no feature uses it', async () => {
  const dir = project({ 'features/tiny.feature': TINY, 'scenarios/for-each.yaml': FOR_EACH_WITHOUT_IN });
  const r = await cli(['run', '--no-allure'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(r.stderr, 'flowcert run: warning: scenarios/for-each.yaml does not load (1 error) and no feature uses it; `flowcert lint scenarios/for-each.yaml` says why\n');
});

test('without Java the Allure report is skipped with a one-line hint and the exit code is unaffected', async () => {
  const dir = project({ 'features/tiny.feature': TINY });
  const r = await cli(['run'], dir);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[lines.length - 2], 'allure report skipped: Java not found (install a JRE 17+ to get reports/allure-report)');
  assert.equal(lines[lines.length - 1], 'flowcert: 2 scenarios (2 passed), 3 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');
});
