import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Session } from '../../src/session/session.ts';
import { DESKTOP, desktopBindings, eventually, isAlive, notesOf, spawnedPid, STUBBORN_SCRIPT } from './desktop-kit.ts';

// An interrupted run must be gone within 2 s of Ctrl-C, SUT processes included. The stubborn fixture
// ignores the stop request, its stdin closing and SIGTERM, and is given a stop timeout of a minute: a
// stop that waited as usual would outlast each test's timeout, so finishing at all proves the urgent
// timings were used. No assertion depends on how long anything took.

const MINUTE = { stopTimeoutMs: 60_000 };

async function stubborn(name: string, interrupt?: AbortSignal): Promise<{ session: Session; pid: number }> {
  const session = Session.create({ name, traceFile: null, bindings: desktopBindings([], MINUTE, STUBBORN_SCRIPT), ...(interrupt ? { interrupt } : {}) });
  await session.start({ name: DESKTOP, role: 'AgentApplication' });
  const pid = spawnedPid(session, DESKTOP);
  assert.ok(pid !== undefined && isAlive(pid), 'the stubborn process is running');
  return { session, pid };
}

function exitNote(session: Session): string | undefined {
  return notesOf(session, DESKTOP).find((n) => n.text.startsWith(`${DESKTOP} exited`))?.text;
}

test('an interrupted session stops a process that heeds nothing with SIGKILL, without the usual grace', { timeout: 20_000 }, async () => {
  const { session, pid } = await stubborn('urgent');
  session.interrupt('SIGINT');
  const trace = await session.dispose();
  assert.equal(trace.footer?.status, 'interrupted');
  assert.equal(exitNote(session), `${DESKTOP} exited (killed by SIGKILL)`);
  assert.equal(isAlive(pid), false);
});

test('an interrupt during an ordinary teardown hurries it: the scenario was over, so the trace stays complete', { timeout: 20_000 }, async () => {
  const run = new AbortController();
  const { session, pid } = await stubborn('hurried', run.signal);
  const disposed = session.dispose();
  // The stop request is out (the stubborn process says so on stderr once it ignores it): the teardown is under way.
  await eventually(() => session.artifacts.some((a) => a.body().includes('stop ignored')), 'the stop request to reach the stubborn process');
  run.abort('SIGTERM');
  const trace = await disposed;
  assert.equal(trace.footer?.status, 'complete');
  assert.equal(exitNote(session), `${DESKTOP} exited (killed by SIGKILL)`);
  assert.equal(isAlive(pid), false);
});

test('abandon() kills the process at once and seals the trace, synchronously: flowcert exits right after', { timeout: 20_000 }, async () => {
  const { session, pid } = await stubborn('abandoned');
  session.abandon();
  // Sealed before abandon() returned; the process needs only the kernel to finish dying.
  assert.equal(session.recorder.snapshot().footer?.status, 'interrupted');
  await eventually(() => !isAlive(pid), 'the abandoned process to be gone');
  await session.dispose();
});
