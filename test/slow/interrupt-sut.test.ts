import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  DESKTOP_SCRIPT,
  eventually,
  FEATURE,
  invited,
  isAlive,
  lastLine,
  nodeProcess,
  project,
  readJUnit,
  readTraceFile,
  removeProjects,
  spawnedPid,
  startRun,
  STUBBORN_SCRIPT,
  traceFile,
  WAITING,
} from '../e2e/interrupt-kit.ts';

// Ctrl-C and SIGTERM with systems under test that are processes: the run still stops at once and
// honestly (test/e2e/interrupt.test.ts proves the reports), and leaves no participant process running —
// the desktop of the scenario it cut is stopped with the others. A second Ctrl-C while the first is
// still stopping a participant that heeds nothing exits at once, and still leaves nothing running.

after(removeProjects);

const FEATURE_DIR = 'interrupted';
const WAITING_SLUG = 'agent-fails-to-respond-in-time';
const DESKTOP = "Agent1's desktop";

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} with the desktop a process: exit 130, the cut scenario interrupted, no desktop process left running`, async (t) => {
    const dir = project({ 'interrupted.feature': FEATURE }, { [DESKTOP]: nodeProcess(DESKTOP_SCRIPT) });
    const run = startRun(dir, ['--no-allure', '--sut', 'sut.json']);
    await eventually(() => invited(dir, FEATURE_DIR, WAITING_SLUG), `"${WAITING}" to be waiting for its flow`);
    run.kill(signal);
    const r = await run.exited;
    t.diagnostic(`${signal} to exit: ${run.msToExit()} ms`);
    assert.equal(r.code, 130, r.stdout + r.stderr);
    assert.equal(lastLine(r.stdout), `flowcert: interrupted by ${signal} — 2 of 3 scenarios ran (1 passed, 1 interrupted), 18 steps — reports: reports/cucumber-report.html, reports/cucumber-junit.xml`);
    assert.match(readJUnit(join(dir, 'reports', 'cucumber-junit.xml')), new RegExp(`<skipped message="interrupted \\(${signal}\\) during features/interrupted.feature:23 `));

    const passed = readTraceFile(traceFile(dir, FEATURE_DIR, 'agent-accepts-delivery')!);
    const cut = readTraceFile(traceFile(dir, FEATURE_DIR, WAITING_SLUG)!);
    assert.equal(passed.footer?.status, 'complete');
    assert.equal(cut.footer?.status, 'interrupted');
    for (const trace of [passed, cut]) {
      const pid = spawnedPid(trace, DESKTOP);
      assert.ok(pid !== undefined, `the desktop ran as a process in ${trace.header.meta?.scenario}`);
      assert.equal(isAlive(pid), false, `the desktop of ${trace.header.meta?.scenario} (pid ${pid}) is not running`);
    }
    // Stopped by the harness, in order, not killed with the run: it was asked to stop and it did.
    const stopped = cut.entries.find((e) => e.type === 'note' && e.participant === DESKTOP && e.text.startsWith(`${DESKTOP} exited`));
    assert.equal(stopped?.type === 'note' ? stopped.kind : undefined, 'info', 'the desktop left when stopped, not on its own');
  });
}

test('a second SIGINT while the first still stops a participant that heeds nothing: exit at once, nothing left running, the trace sealed', async (t) => {
  // The Stat Server is a process that ignores the stop request, its stdin and SIGTERM: stopping it
  // takes the urgent stop's full course, about a second, in which the second Ctrl-C comes.
  const dir = project({ 'interrupted.feature': FEATURE }, { 'Stat Server': nodeProcess(STUBBORN_SCRIPT) });
  const run = startRun(dir, ['--no-allure', '--sut', 'sut.json']);
  await eventually(() => invited(dir, FEATURE_DIR, WAITING_SLUG), `"${WAITING}" to be waiting for its flow`);
  const file = traceFile(dir, FEATURE_DIR, WAITING_SLUG)!;
  const stubborn = spawnedPid(readTraceFile(file), 'Stat Server')!;
  run.kill('SIGINT');
  // The session has taken the interrupt and is stopping its participants, the stubborn one among them.
  await eventually(() => readFileSync(file, 'utf8').includes('"data":{"interrupted":"SIGINT"}'), 'the interrupt to reach the scenario');
  run.kill('SIGINT');
  const r = await run.exited;
  t.diagnostic(`first SIGINT to exit, a second one in between: ${run.msToExit()} ms`);
  assert.equal(r.code, 130, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /flowcert: interrupted/, 'it exited at once: no summary, no reports');
  assert.equal(existsSync(join(dir, 'reports', 'cucumber-junit.xml')), false);
  // On the way out the stubborn process got SIGKILL and the trace its footer, both synchronously.
  await eventually(() => !isAlive(stubborn), `the stubborn Stat Server (pid ${stubborn}) to be gone`);
  assert.equal(readTraceFile(file).footer?.status, 'interrupted');
});
