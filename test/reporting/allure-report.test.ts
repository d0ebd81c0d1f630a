import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { findJava, generateAllureReport } from '../../src/reporting/allure-report.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowcert-allure-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function fakeJava(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const java = join(folder, 'java');
  writeFileSync(java, '#!/bin/sh\nexit 0\n');
  chmodSync(java, 0o755);
  return java;
}

test('java is found as allure-commandline would find it: JAVA_HOME first, else PATH', () => {
  const onPath = fakeJava(join(dir, 'path-bin'));
  const home = join(dir, 'jdk');
  const inHome = fakeJava(join(home, 'bin'));
  assert.equal(findJava({ PATH: `/nonexistent:${join(dir, 'path-bin')}` }), onPath);
  assert.equal(findJava({ JAVA_HOME: home, PATH: join(dir, 'path-bin') }), inHome);
  // A JAVA_HOME without java is what allure's launcher dies on, even with java on PATH.
  assert.equal(findJava({ JAVA_HOME: join(dir, 'no-jdk'), PATH: join(dir, 'path-bin') }), undefined);
  assert.equal(findJava({ PATH: join(dir, 'empty') }), undefined);
});

test('without Java the report is skipped with a one-line hint, not a failure', async () => {
  const outcome = await generateAllureReport({
    resultsDir: join(dir, 'allure-results'),
    reportDir: join(dir, 'allure-report'),
    displayReportDir: 'reports/allure-report',
    env: { PATH: join(dir, 'empty') },
  });
  assert.deepEqual(outcome, { kind: 'skipped', message: 'allure report skipped: Java not found (install a JRE 17+ to get reports/allure-report)' });
});

test('an interrupted run does not wait for allure: it is not started, or is stopped, and the hint says how to make the report', { timeout: 20_000 }, async () => {
  // A "java" that would take a minute: the report comes only if the abort stops it.
  const home = join(dir, 'slow-jdk');
  mkdirSync(join(home, 'bin'), { recursive: true });
  writeFileSync(join(home, 'bin', 'java'), '#!/bin/sh\nexec sleep 60\n');
  chmodSync(join(home, 'bin', 'java'), 0o755);
  const opts = { resultsDir: join(dir, 'allure-results'), reportDir: join(dir, 'allure-report'), displayResultsDir: 'reports/allure-results', displayReportDir: 'reports/allure-report', env: { JAVA_HOME: home, PATH: process.env.PATH } };
  const skipped = { kind: 'skipped', message: 'allure report skipped: the run was interrupted (npx allure generate reports/allure-results -o reports/allure-report --clean makes it)' };
  const stop = new AbortController();
  const generating = generateAllureReport({ ...opts, signal: stop.signal });
  setTimeout(() => stop.abort(), 100);
  assert.deepEqual(await generating, skipped);
  assert.deepEqual(await generateAllureReport({ ...opts, signal: stop.signal }), skipped);
});
