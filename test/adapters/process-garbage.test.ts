import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceBadFrame } from '../../src/trace/types.ts';
import { DESKTOP, desktopBindings, sessionWithServer, startDesktop } from './desktop-kit.ts';

// Garbage from a system under test is evidence, not a reason to hang up: the Interaction Server records
// each frame it cannot read against the participant that sent it, and goes on serving that participant.

test('garbage from a process desktop is recorded as bad frames from it, and the server keeps serving it', async () => {
  const session = await sessionWithServer('garbage', desktopBindings(['--mode', 'garbage']));
  try {
    await startDesktop(session);
    // It sent its garbage before it answered start, on the connection its login now takes.
    await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });

    const entries = session.recorder.snapshot().entries;
    const bad = entries.filter((e): e is TraceBadFrame => e.type === 'bad-frame');
    assert.deepEqual(
      bad.map((b) => ({ from: b.from, to: b.to, codes: b.violations.map((v) => v.code) })),
      [
        { from: DESKTOP, to: 'IS1', codes: ['NOT_JSON'] },
        { from: DESKTOP, to: 'IS1', codes: ['NOT_JSON'] },
        { from: DESKTOP, to: 'IS1', codes: ['NOT_ENVELOPE'] },
      ],
    );
    // Same connection: the login after the garbage was answered on it.
    const login = entries.find((e) => e.type === 'message' && e.message === 'RequestAgentLogin' && e.from === DESKTOP);
    assert.ok(login?.type === 'message', `no RequestAgentLogin from ${DESKTOP} in the trace`);
    assert.equal(login.connection, bad[0].connection);
    const ack = entries.find((e) => e.type === 'message' && e.to === DESKTOP && e.connection === login.connection && e.referenceId === login.referenceId);
    assert.equal(ack?.type === 'message' ? ack.message : undefined, 'EventAck');
  } finally {
    await session.dispose();
  }
});
