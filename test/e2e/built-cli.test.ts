import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { whyNotBuilt } from '../../bin/build-state.mjs';
import { DELIVERY, ROOT, flowcert, project, tempDir } from './run-kit.ts';

// The built CLI (dist/, what an installed flowcert runs) and the sources through tsx must give the same
// verdicts: the other end-to-end tests run the build (scripts/run-tests.mjs builds first), the unit and
// integration tests the sources; this one runs both side by side on the same features, serially and
// with --parallel 2 (whose workers load the support code and steps themselves).

/** Each scenario's verdict from the run's JUnit report: its name, and passed or the element saying otherwise. */
function verdicts(reports: string): string[] {
  const xml = readFileSync(join(reports, 'cucumber-junit.xml'), 'utf8');
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)]
    .map(([, feature, name, body]) => `${feature} / ${name}: ${/<(failure|error|skipped)[ >]/.exec(body)?.[1] ?? 'passed'}`)
    .sort();
}

function runBoth(cwd: string, args: string[]) {
  const out = {} as Record<'built' | 'sources', { code: number | null; verdicts: string[]; stderr: string }>;
  for (const mode of ['built', 'sources'] as const) {
    const reports = tempDir();
    const r = flowcert(cwd, [...args, '--no-allure', '--reports', reports], { FLOWCERT_SOURCES: mode === 'sources' ? '1' : '' });
    out[mode] = { code: r.code, verdicts: verdicts(reports), stderr: r.stderr };
  }
  return out;
}

test('the build is fresh when the suite runs, so the bin runs it without a word', () => {
  assert.equal(whyNotBuilt(ROOT), undefined);
  const r = flowcert(ROOT, ['--help']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
});

test('built and from the sources, a run gives the same verdicts, serially and with --parallel 2 workers', () => {
  // A project with a feature of its own (one scenario passes, one fails) and one of the suite's with its model.
  const dir = project({ 'tiny.feature': DELIVERY, 'submits.feature': readFileSync(join(ROOT, 'features', 'agent-submits-interaction.feature'), 'utf8') });
  copyFileSync(join(ROOT, 'scenarios', 'agent-submits-interaction.yaml'), join(dir, 'scenarios', 'agent-submits-interaction.yaml'));
  const features = ['features'];
  const serial = runBoth(dir, features);
  assert.equal(serial.built.code, 1, serial.built.stderr);
  assert.deepEqual(serial.built.verdicts, [
    'Agent Submits Interaction / An agent application with no agent logged in submits an interaction (line 24): passed',
    'Agent Submits Interaction / The agent submits an interaction (line 14): passed',
    'Tiny delivery / Agent accepts delivery (line 11): passed',
    'Tiny delivery / An accepting agent checked against the reject variant (line 17): failure',
  ]);
  assert.deepEqual(serial.sources, serial.built);
  const parallel = runBoth(dir, [...features, '--parallel', '2']);
  assert.deepEqual(parallel.built, serial.built);
  assert.deepEqual(parallel.sources, serial.built);
});
