import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Session } from '../../src/session/session.ts';
import { DESKTOP, desktopBindings, isAlive, notesOf, outputOf, spawnedPid, STUBBORN_SCRIPT } from './desktop-kit.ts';

// The harness must be able to end a scenario whatever the system under test does: one that ignores
// the stop request, its stdin closing and SIGTERM is killed with SIGKILL after the grace period.

test('a process that ignores stop and SIGTERM is killed with SIGKILL, and dispose still finishes', async () => {
  // A short stop timeout keeps the test short: stop request, then stdin, then SIGTERM, then SIGKILL.
  const session = Session.create({ name: 'stubborn', traceFile: null, bindings: desktopBindings([], { stopTimeoutMs: 300 }, STUBBORN_SCRIPT) });
  let pid: number | undefined;
  try {
    await session.start({ name: DESKTOP, role: 'AgentApplication' });
    pid = spawnedPid(session, DESKTOP);
    assert.ok(pid !== undefined && isAlive(pid), 'the stubborn process is running');
  } finally {
    const trace = await session.dispose();
    assert.ok(trace.footer, 'dispose finished and sealed the trace');
  }
  const exit = notesOf(session, DESKTOP).find((n) => n.text.startsWith(`${DESKTOP} exited`));
  assert.equal(exit?.text, `${DESKTOP} exited (killed by SIGKILL)`);
  assert.deepEqual(exit?.data, { code: null, signal: 'SIGKILL' });
  assert.equal(isAlive(pid), false);
  // It was asked nicely first, in order.
  assert.match(outputOf(session, DESKTOP), /err \| stubborn: stop ignored\n(.*\n)*err \| stubborn: stdin closed, ignored\n(.*\n)*err \| stubborn: SIGTERM ignored/);
});
