import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPassed, RunSummaryCollector, runVerdict, summaryLine, timeLine } from '../../src/reporting/run-summary.ts';
import { renderJUnit } from '../../src/reporting/junit-report.ts';
import { scenario } from './summary-kit.ts';

test('counts scenarios by their worst step and Gherkin steps only, hooks excluded', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED', 'PASSED', 'PASSED']);
  scenario(c, 's2', 'rejects', ['PASSED', 'FAILED', 'SKIPPED'], { verdict: { verdict: 'fail', reason: 'missing ixn → agent EventAck' } });
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

test('verdicts show as themselves: inconc and error are not failed, and the worst decides the run', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED', 'PASSED']);
  scenario(c, 's2', 'rejects', ['PASSED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: "Agent1's desktop declares no reject capability" } });
  scenario(c, 's3', 'crashes', ['PASSED', 'FAILED'], { verdict: { verdict: 'error', reason: 'exited on its own (code 1)' } });
  const counts = c.counts();
  assert.deepEqual(counts.scenarioStatus, { passed: 1, inconc: 1, error: 1 });
  assert.equal(summaryLine(counts, []), 'flowcert: 3 scenarios (1 passed, 1 inconc, 1 error), 6 steps');
  assert.equal(runVerdict(counts), 'error');
  const onlyInconc = new RunSummaryCollector();
  scenario(onlyInconc, 's2', 'rejects', ['PASSED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: 'r' } });
  assert.equal(runVerdict(onlyInconc.counts()), 'inconc');
});

test('a failed step without a verdict is the harness breaking (error), and a pass verdict cannot hide an undefined step', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'times out', ['PASSED', 'FAILED']);
  scenario(c, 's2', 'undefined', ['PASSED', 'UNDEFINED'], { verdict: { verdict: 'pass' } });
  assert.deepEqual(c.counts().scenarioStatus, { error: 1, undefined: 1 });
});

test('JUnit gives fail a <failure>, error an <error> and inconc a <skipped> with its reason', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED']);
  scenario(c, 's2', 'rejects', ['PASSED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: 'declares no reject capability' } });
  scenario(c, 's3', 'crashes', ['FAILED'], { verdict: { verdict: 'error', reason: 'exited on its own\nits stderr ends: boom' } });
  scenario(c, 's4', 'late <revoke>', ['FAILED'], { verdict: { verdict: 'fail', reason: 'forbidden ixn → agent EventRevoked & more' } });
  const xml = renderJUnit(c.scenarios(), { suiteName: 'flowcert' });
  assert.match(xml, /<testsuite name="flowcert" tests="4" failures="1" errors="1" skipped="1"/);
  assert.match(xml, /<skipped message="inconclusive: declares no reject capability"\/>/);
  assert.match(xml, /<error type="error" message="exited on its own"><!\[CDATA\[exited on its own\nits stderr ends: boom\]\]><\/error>/);
  assert.match(xml, /name="late &lt;revoke&gt;"/);
  assert.match(xml, /<failure type="fail" message="forbidden ixn → agent EventRevoked &amp; more">/);
  assert.equal((xml.match(/<testcase /g) ?? []).length, 4);
});

test("the time line: the median scenario's waiting on the model and its harness work, from the verdicts' waitedMs", () => {
  const results = (waits: Array<[number, number | undefined]>) =>
    waits.map(([durationMs, waitedMs], i) => ({ uri: 'f', feature: 'F', name: `s${i}`, outcome: 'passed' as const, durationMs, ...(waitedMs === undefined ? {} : { waitedMs }), steps: [] }));
  assert.equal(timeLine(results([[1000, 900], [300, 250], [50, 0]])),
    'scenario time: per scenario (median of 3) 250 ms waiting on the model, 50 ms harness work; in all 1.1 s waiting, 0.2 s work');
  // A scenario that says nothing (an older worker's, or one never started) is left out; none at all, no line.
  assert.equal(timeLine(results([[400, 100], [200, undefined]])), 'scenario time: per scenario (median of 1) 100 ms waiting on the model, 300 ms harness work; in all 0.1 s waiting, 0.3 s work');
  assert.equal(timeLine(results([[400, undefined]])), undefined);
  // Waiting is never counted past the scenario's own duration (clocks of two processes).
  assert.equal(timeLine(results([[100, 150]])), 'scenario time: per scenario (median of 1) 100 ms waiting on the model, 0 ms harness work; in all 0.1 s waiting, 0.0 s work');
});

test('a verdict attachment carries waitedMs through to the scenario result', () => {
  const c = new RunSummaryCollector();
  scenario(c, 'a', 'waits', ['PASSED'], { verdict: { verdict: 'pass', waitedMs: 420.5 } as never });
  assert.equal(c.scenarios()[0].waitedMs, 420.5);
});
