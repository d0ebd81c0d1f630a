import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { SetupError } from '../../src/session/scenario-error.ts';
import type { Session } from '../../src/session/session.ts';
import { DESKTOP, DESKTOP_SCRIPT, desktopBindings, isAlive, notesOf, ROOT, sessionWithServer, spawnedPid, startDesktop } from './desktop-kit.ts';

// A process that never becomes a participant: the scenario ends in error (not fail: the system under
// test was never asked anything), the message says what went wrong and where, and the session still
// disposes cleanly, leaving no process behind.

/** Starting the desktop must fail with a SetupError; returns it. */
async function startFails(session: Session): Promise<SetupError> {
  const err = await startDesktop(session).then(
    () => assert.fail(`${DESKTOP} started, but it should not have`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof SetupError, `expected a SetupError, got ${String(err)}`);
  assert.equal(err.verdict, 'error');
  return err;
}

/** dispose() resolves with a sealed trace, no participant failed to stop, and none is left running. */
async function disposesCleanly(session: Session): Promise<void> {
  const trace = await session.dispose();
  assert.equal(trace.footer?.status ?? 'complete', 'complete');
  assert.deepEqual(session.participants(), []);
  const stopFailures = trace.entries.filter((e) => e.type === 'note' && /stopping .* failed/.test(e.text));
  assert.deepEqual(stopFailures, []);
  // Nothing of the failed start is still waiting: a leftover start deadline would hold the harness's
  // event loop (and a CLI run) open until the start timeout.
  assert.deepEqual(process.getActiveResourcesInfo().filter((r) => r === 'Timeout'), [], 'a timer outlived the session');
}

test('a command that does not exist: a SetupError naming the command, where it was looked for', async () => {
  const session = await sessionWithServer('no such command', {
    ...desktopBindings(),
    participants: { [DESKTOP]: { kind: 'process', command: 'no-such-desktop-4711', args: ['--fast'] } },
  });
  try {
    const err = await startFails(session);
    assert.equal(err.message, `cannot start ${DESKTOP} (process no-such-desktop-4711 --fast): no such command no-such-desktop-4711 in ${ROOT} or on the PATH`);
    // It never ran, so the trace notes no process for it.
    assert.equal(spawnedPid(session, DESKTOP), undefined);
    // The trace says the same, against the participant.
    assert.ok(notesOf(session, DESKTOP).some((n) => n.kind === 'error' && n.text === err.message), 'the error is noted in the trace');
  } finally {
    await disposesCleanly(session);
  }
});

test('a working folder that does not exist: a SetupError naming the folder, not the command (spawn says ENOENT for both)', async () => {
  const session = await sessionWithServer('no such folder', desktopBindings([], { cwd: 'no-such-folder' }));
  try {
    const err = await startFails(session);
    assert.equal(
      err.message,
      `cannot start ${DESKTOP} (process ${process.execPath} ${DESKTOP_SCRIPT}): its working folder ${join(ROOT, 'no-such-folder')} does not exist (cwd "no-such-folder" in its binding is relative to ${ROOT})`,
    );
  } finally {
    await disposesCleanly(session);
  }
});

test('a process that exits at start: a SetupError with its exit code and its stderr', async () => {
  const session = await sessionWithServer('exit at start', desktopBindings(['--mode', 'exit-at-start']));
  try {
    const err = await startFails(session);
    assert.equal(
      err.message,
      `${DESKTOP} (process ${process.execPath} test/fixtures/standalone-desktop/desktop.mjs --mode exit-at-start) exited (code 3) before it was ready; its stderr ends:\n` +
        'desktop: configured to fail at start (--mode exit-at-start): no agent profile found',
    );
  } finally {
    await disposesCleanly(session);
  }
});

test('a process that never connects to its control channel: a SetupError naming the URL it was given', async () => {
  const session = await sessionWithServer('never connects', desktopBindings(['--mode', 'never-connect'], { startTimeoutMs: 1500 }));
  try {
    const err = await startFails(session);
    assert.match(
      err.message,
      /^Agent1's desktop \(process .* --mode never-connect\) did not connect to its control channel ws:\/\/127\.0\.0\.1:\d+\/control within \d+ ms; it wrote nothing to stderr$/,
    );
    const pid = spawnedPid(session, DESKTOP);
    assert.ok(pid !== undefined, 'the trace notes the process it started');
    await disposesCleanly(session);
    assert.equal(isAlive(pid), false, `process ${pid} is still running after dispose`);
  } finally {
    await session.dispose();
  }
});
