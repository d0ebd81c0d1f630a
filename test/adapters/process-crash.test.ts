import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SetupError } from '../../src/session/scenario-error.ts';
import { DESKTOP, desktopBindings, eventually, notesOf, outputOf, sessionWithServer, startDesktop } from './desktop-kit.ts';

// A system under test that dies in the middle of a scenario is not a non-conformance the flow check
// should puzzle over: the scenario ends in error at its next step, with the process's own last words.

test('a desktop that crashes after login: the session records the crash and its next step ends in error, quoting stderr', async () => {
  const session = await sessionWithServer('crash after login', desktopBindings(['--mode', 'crash-after-login']));
  try {
    await startDesktop(session);
    // The login itself went through: the desktop answered before it crashed.
    assert.deepEqual(await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] }), {});

    await eventually(() => session.failures.length > 0, `the session to learn that ${DESKTOP} exited`);
    assert.match(session.failures[0], /^Agent1's desktop \(process .*--mode crash-after-login\) exited on its own \(code 1\) while the scenario ran; its stderr ends:\n/);
    assert.throws(() => session.assertHealthy(), (err: unknown) => {
      assert.ok(err instanceof SetupError, `expected a SetupError, got ${String(err)}`);
      assert.equal(err.verdict, 'error');
      assert.match(err.message, /its stderr ends:\ndesktop: segmentation fault in the media bar plugin \(--mode crash-after-login\)$/);
      return true;
    });
    // Any later step ends the same way, before it does anything.
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'logout' }), SetupError);

    const exit = notesOf(session, DESKTOP).find((n) => n.text === `${DESKTOP} exited (code 1)`);
    assert.equal(exit?.kind, 'error', 'the trace notes the unexpected exit as an error');
  } finally {
    await session.dispose();
  }
  // Its stderr is in the report too, marked as stderr.
  assert.match(outputOf(session, DESKTOP), /^err \| desktop: segmentation fault in the media bar plugin/m);
});

test('a desktop that crashes under a stimulus: the stimulus ends in error with its stderr, not in fail', async () => {
  const session = await sessionWithServer('crash during login', desktopBindings(['--mode', 'crash-during-login']));
  try {
    await startDesktop(session);
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] }), (err: unknown) => {
      // Not a non-conformance: its control channel closed because it died, and its death is the reason.
      assert.ok(err instanceof SetupError, `expected a SetupError, got ${String(err)}`);
      assert.equal(err.verdict, 'error');
      assert.match(err.message, /^while Agent1's desktop was asked to log agent Agent1 in at place Place1 for email: Agent1's desktop \(process .*\) exited on its own \(code 1\) while the scenario ran; its stderr ends:\n/);
      assert.match(err.message, /\ndesktop: out of memory while loading the agent profile \(--mode crash-during-login\)$/);
      return true;
    });
  } finally {
    await session.dispose();
  }
});
