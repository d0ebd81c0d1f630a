import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findJava } from '../../src/reporting/allure-report.ts';
import { DELIVERY, flowcert, lastLine, project } from '../e2e/run-kit.ts';

// End-to-end runs that must wait — worker processes each paying tsx and cucumber, Allure's Java — kept
// out of npm test's minute; CI runs them (npm run test:slow).

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

