import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderJUnit } from '../../src/reporting/junit-report.ts';
import { RunSummaryCollector, runVerdict, summaryLine } from '../../src/reporting/run-summary.ts';
import { parseSvg } from './svg-check.ts';
import { scenario } from './summary-kit.ts';

// A run interrupted by Ctrl-C or SIGTERM reports what ran: the scenario it cut short as interrupted
// (whatever cucumber's statuses say: its step was skipped), those it never began as not run — apart
// from the ones that ran, in the summary line and in JUnit alike.

const CUT = 'interrupted (SIGINT) during features/x.feature:12 (the flow follows model "deliver" variant "timeout")';
const NOT_RUN = 'not run: the run was interrupted (SIGINT) before it started';

function interruptedRun(): RunSummaryCollector {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED', 'PASSED']);
  scenario(c, 's2', 'rejects', ['PASSED', 'PASSED']);
  scenario(c, 's3', 'times out', ['PASSED', 'SKIPPED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: CUT, interrupted: 'running' } });
  scenario(c, 's4', 'redelivers', ['SKIPPED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: NOT_RUN, interrupted: 'not-started' } });
  scenario(c, 's5', 'answers late', ['SKIPPED', 'SKIPPED'], { verdict: { verdict: 'inconc', reason: NOT_RUN, interrupted: 'not-started' } });
  return c;
}

test('the summary line says the run was interrupted, by what, and how many of its scenarios ran', () => {
  const counts = interruptedRun().counts();
  assert.deepEqual(counts.scenarioStatus, { passed: 2, interrupted: 1, 'not-run': 2 });
  assert.equal(counts.steps, 7, 'the steps of the scenarios that never ran are not counted');
  assert.equal(
    summaryLine(counts, ['reports/cucumber-report.html'], 'SIGINT'),
    'flowcert: interrupted by SIGINT — 3 of 5 scenarios ran (2 passed, 1 interrupted), 7 steps — reports: reports/cucumber-report.html',
  );
  // Nothing was decided about the scenarios it cut: inconc at worst, never pass.
  assert.equal(runVerdict(counts), 'inconc');
});

test('an interrupt that came when every scenario had run still says so', () => {
  const c = new RunSummaryCollector();
  scenario(c, 's1', 'accepts', ['PASSED']);
  assert.equal(summaryLine(c.counts(), [], 'SIGTERM'), 'flowcert: interrupted by SIGTERM — 1 of 1 scenario ran (1 passed), 1 step');
});

test('JUnit lists every scenario: the cut one and the ones never run as skipped, each saying why, in well-formed XML', () => {
  const xml = renderJUnit(interruptedRun().scenarios(), { suiteName: 'flowcert' });
  assert.match(xml, /<testsuite name="flowcert" tests="5" failures="0" errors="0" skipped="3"/);
  assert.match(xml, /name="times out"[^>]*>\n {4}<skipped message="interrupted \(SIGINT\) during features\/x.feature:12 \(the flow follows model &quot;deliver&quot; variant &quot;timeout&quot;\)"\/>/);
  assert.equal((xml.match(/<skipped message="not run: the run was interrupted \(SIGINT\) before it started"\/>/g) ?? []).length, 2);
  // Well-formed: the XML declaration and the CDATA sections aside, every tag closes in order.
  const elements = parseSvg(xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''));
  assert.equal(elements.filter((e) => e.name === 'testcase').length, 5);
});
