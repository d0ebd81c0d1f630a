import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { check, eventually, FEATURE, invited, lastLine, project, readJUnit, readTraceFile, removeProjects, startRun, traceFile, WAITING } from './interrupt-kit.ts';

// Ctrl-C during `flowcert run`: the run stays honest. It stops at once, the scenario it cut is marked
// interrupted (never failed), the one it did not begin is not run, every report is written for what
// ran, and the trace it cut is judged inconc, not fail. And after kill -9, which leaves no footer,
// `flowcert check` still says inconc, not fail, for what the cut hides. All reference participants
// here; test/slow/ has the same with SUT processes, SIGTERM, --parallel and a second Ctrl-C.

after(removeProjects);

const FEATURE_DIR = 'interrupted';
const WAITING_SLUG = 'agent-fails-to-respond-in-time';

test('SIGINT during a scenario: exit 130, summary, JUnit, Allure results, HTML and traces say what ran and what was cut', async (t) => {
  const dir = project({ 'interrupted.feature': FEATURE });
  const run = startRun(dir, ['--no-allure']);
  await eventually(() => invited(dir, FEATURE_DIR, WAITING_SLUG), `"${WAITING}" to be waiting for its flow`);
  run.kill('SIGINT');
  const r = await run.exited;
  t.diagnostic(`SIGINT to exit: ${run.msToExit()} ms`);
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.equal(lastLine(r.stdout), 'flowcert: interrupted by SIGINT — 2 of 3 scenarios ran (1 passed, 1 interrupted), 18 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml');

  const junit = readJUnit(join(dir, 'reports', 'cucumber-junit.xml'));
  assert.match(junit, /<testsuite name="flowcert" tests="3" failures="0" errors="0" skipped="2"/);
  assert.match(junit, /name="Agent accepts delivery \(line 3\)"[^>]*>\n {4}<system-out>/, 'the scenario that ran to its end passed');
  assert.match(junit, /name="Agent fails to respond in time \(line 14\)"[^>]*>\n {4}<skipped message="interrupted \(SIGINT\) during features\/interrupted.feature:23 \(the flow follows model &quot;deliver-interaction-to-agent&quot; variant &quot;timeout&quot;\)"\/>/);
  assert.match(junit, /name="Agent rejects delivery \(line 25\)"[^>]*>\n {4}<skipped message="not run: the run was interrupted \(SIGINT\) before it started"\/>/);

  // Each trace sealed: the finished scenario complete, the cut one interrupted; the one never run has none.
  assert.equal(readTraceFile(traceFile(dir, FEATURE_DIR, 'agent-accepts-delivery')!).footer?.status, 'complete');
  const cut = traceFile(dir, FEATURE_DIR, WAITING_SLUG)!;
  assert.equal(readTraceFile(cut).footer?.status, 'interrupted');
  assert.equal(traceFile(dir, FEATURE_DIR, 'agent-rejects-delivery'), undefined);
  // What the cut hides (the revoke a minute on) is inconc, never fail.
  const judged = check(cut, 'timeout');
  assert.equal(judged.code, 3, judged.stdout);
  assert.match(judged.stdout, /^INCONC Deliver Interaction to Agent, variant timeout/);

  // Cucumber's HTML report was written whole, with both scenarios that ran.
  const html = readFileSync(join(dir, 'reports', 'cucumber-report.html'), 'utf8');
  assert.match(html.trimEnd(), /<\/body>\s*<\/html>$/);
  for (const s of ['Agent accepts delivery', WAITING, 'testRunFinished']) assert.ok(html.includes(s), `the html report has ${s}`);

  // Allure results carry the same statuses: the cut scenario and the one never run are skipped, each saying why.
  const results = join(dir, 'reports', 'allure-results');
  const byName = new Map(
    readdirSync(results)
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as { name: string; status: string; statusDetails?: { message?: string } })
      .map((res) => [res.name, res]),
  );
  assert.equal(byName.get('Agent accepts delivery')?.status, 'passed');
  assert.equal(byName.get(WAITING)?.status, 'skipped');
  assert.match(byName.get(WAITING)?.statusDetails?.message ?? '', /^interrupted \(SIGINT\) during features\/interrupted.feature:23/);
  assert.equal(byName.get('Agent rejects delivery')?.status, 'skipped');
  assert.equal(byName.get('Agent rejects delivery')?.statusDetails?.message, 'not run: the run was interrupted (SIGINT) before it started');
});

test('kill -9 mid-scenario leaves a readable trace without footer, and `flowcert check` judges what the cut hides inconc, not fail', async () => {
  const dir = project({ 'interrupted.feature': FEATURE });
  const run = startRun(dir, ['--no-allure']);
  await eventually(() => invited(dir, FEATURE_DIR, WAITING_SLUG), `"${WAITING}" to be waiting for its flow`);
  run.kill('SIGKILL');
  const r = await run.exited;
  assert.equal(r.signal, 'SIGKILL');
  const left = traceFile(dir, FEATURE_DIR, WAITING_SLUG)!;
  const trace = readTraceFile(left);
  assert.equal(trace.footer, undefined, 'killed, the run wrote no footer');
  assert.ok(trace.entries.some((e) => e.type === 'message' && e.message === 'EventInvite'), 'everything up to the invitation is there');
  const judged = check(left, 'timeout');
  assert.equal(judged.code, 3, judged.stdout);
  assert.match(judged.stdout, /^INCONC Deliver Interaction to Agent, variant timeout — 1 of 1 instance inconclusive\n {2}interaction \d+: inconclusive — the trace ends/);
  assert.ok(!existsSync(join(dir, 'reports', 'cucumber-junit.xml')), 'nothing after the kill ran');
});
