import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPassed, RunSummaryCollector, summaryLine } from '../../src/reporting/run-summary.ts';

/** The envelopes cucumber emits for one scenario: its pickle, test case (a hook + steps), one attempt. */
function scenario(c: RunSummaryCollector, id: string, name: string, statuses: string[], opts: { retried?: boolean; attempt?: string; snippetFor?: number } = {}): void {
  const steps = statuses.map((_, i) => ({ id: `${id}-ps${i}`, text: `step ${i} of ${name}` }));
  if (!opts.attempt) {
    c.onMessage({ pickle: { id: `${id}-p`, uri: 'features/x.feature', name, steps } });
    c.onMessage({ testCase: { id: `${id}-tc`, pickleId: `${id}-p`, testSteps: [{ id: `${id}-hook` }, ...steps.map((s, i) => ({ id: `${id}-ts${i}`, pickleStepId: s.id }))] } });
  }
  const started = `${id}-${opts.attempt ?? 'a0'}`;
  c.onMessage({ testCaseStarted: { id: started, testCaseId: `${id}-tc` } });
  c.onMessage({ testStepFinished: { testCaseStartedId: started, testStepId: `${id}-hook`, testStepResult: { status: 'PASSED' } } });
  statuses.forEach((status, i) => {
    if (opts.snippetFor === i) c.onMessage({ suggestion: { pickleStepId: steps[i].id, snippets: [{ code: `Given('step ${i}', async function () {})` }] } });
    c.onMessage({ testStepFinished: { testCaseStartedId: started, testStepId: `${id}-ts${i}`, testStepResult: { status } } });
  });
  c.onMessage({ testCaseFinished: { testCaseStartedId: started, willBeRetried: opts.retried ?? false } });
}

test('counts scenarios by their worst step and Gherkin steps only, hooks excluded', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED', 'PASSED', 'PASSED']);
  scenario(c, 's2', 'rejects', ['PASSED', 'FAILED', 'SKIPPED']);
  scenario(c, 's3', 'times out', ['PASSED', 'UNDEFINED', 'SKIPPED'], { snippetFor: 1 });
  const counts = c.counts();
  assert.equal(counts.scenarios, 3);
  assert.deepEqual(counts.scenarioStatus, { passed: 1, failed: 1, undefined: 1 });
  assert.equal(counts.steps, 9);
  assert.deepEqual(counts.undefinedSteps, [{ text: 'step 1 of times out', uri: 'features/x.feature', scenario: 'times out', snippet: "Given('step 1', async function () {})" }]);
  assert.equal(allPassed(counts), false);
  assert.equal(
    summaryLine(counts, ['reports/cucumber-report.html', 'reports/allure-report/index.html']),
    'flowcert: 3 scenarios (1 passed, 1 failed, 1 undefined), 9 steps — reports: reports/cucumber-report.html, reports/allure-report/index.html',
  );
});

test('a retried scenario counts once, with the status of its last attempt', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'flaky', ['FAILED'], { retried: true });
  scenario(c, 's1', 'flaky', ['PASSED'], { attempt: 'a1' });
  const counts = c.counts();
  assert.equal(counts.scenarios, 1);
  assert.deepEqual(counts.scenarioStatus, { passed: 1 });
  assert.equal(allPassed(counts), true);
  assert.equal(summaryLine(counts, ['reports/cucumber-report.html']), 'flowcert: 1 scenario (1 passed), 1 step — reports: reports/cucumber-report.html');
});

test('a run with no scenario has not passed', () => {
  const counts = new RunSummaryCollector().counts();
  assert.equal(allPassed(counts), false);
  assert.equal(summaryLine(counts, []), 'flowcert: 0 scenarios, 0 steps');
});
