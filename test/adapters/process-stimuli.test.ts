import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError, SetupError } from '../../src/session/scenario-error.ts';
import type { TraceMessage } from '../../src/trace/types.ts';
import { DESKTOP, desktopBindings, eventually, sessionWithServer, startDesktop } from './desktop-kit.ts';

// Each stimulus the standalone desktop declares becomes the README's request on the wire, paired with
// its answer by referenceId; a request the server refuses fails the step (the SUT's doing) with the
// server's own words.

test('login, not-ready, ready and logout go out as their requests, each with the next referenceId, each acknowledged', async () => {
  const session = await sessionWithServer('desktop stimuli', desktopBindings());
  try {
    await startDesktop(session);
    await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email', 'chat'], tenant: 7 });
    await session.stimulate(DESKTOP, { kind: 'not-ready', media: 'chat' });
    await session.stimulate(DESKTOP, { kind: 'ready', media: 'chat' });
    await session.stimulate(DESKTOP, { kind: 'logout' });

    const messages = session.recorder.snapshot().entries.filter((e): e is TraceMessage => e.type === 'message');
    const sent = messages.filter((m) => m.from === DESKTOP);
    assert.deepEqual(
      sent.map((m) => [m.message, m.referenceId, m.attributes]),
      [
        ['RequestRegisterClient', 1, { ClientName: DESKTOP, ClientType: 'AgentApplication' }],
        ['RequestAgentLogin', 2, { TenantId: 7, PlaceId: 'Place1', AgentId: 'Agent1', MediaList: { email: 1, chat: 1 } }],
        ['RequestNotReadyForMedia', 3, { MediaTypeName: 'chat' }],
        ['RequestCancelNotReadyForMedia', 4, { MediaTypeName: 'chat' }],
        ['RequestAgentLogout', 5, {}],
      ],
    );
    for (const request of sent) {
      const answer = messages.find((m) => m.to === DESKTOP && m.connection === request.connection && m.referenceId === request.referenceId);
      assert.equal(answer?.message, 'EventAck', `${request.message} (referenceId ${request.referenceId}) was answered with ${answer?.message ?? 'nothing'}`);
    }
    assert.deepEqual(sent.flatMap((m) => m.violations), [], 'the desktop sent only conformant messages');
  } finally {
    await session.dispose();
  }
});

test("a request the server refuses fails the step, with the server's ErrorDescription", async () => {
  const session = await sessionWithServer('refused logout', desktopBindings());
  try {
    await startDesktop(session);
    // Nobody is logged in at this desktop yet.
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'logout' }), (err: unknown) => {
      assert.ok(err instanceof ScenarioError && !(err instanceof SetupError), `expected a ScenarioError, got ${String(err)}`);
      assert.equal(err.verdict, 'fail');
      const error = session.recorder.snapshot().entries.find((e): e is TraceMessage => e.type === 'message' && e.message === 'EventError' && e.to === DESKTOP);
      assert.ok(error, `no EventError to ${DESKTOP} in the trace`);
      assert.equal(err.message, `${DESKTOP} could not log the agent out: ${String(error.attributes.ErrorDescription)}`);
      return true;
    });
  } finally {
    await session.dispose();
  }
});

test('disconnect closes its Interaction Server connection, and the server sees it go', async () => {
  const session = await sessionWithServer('disconnect', desktopBindings());
  try {
    await startDesktop(session);
    await session.stimulate(DESKTOP, { kind: 'disconnect' });
    await eventually(
      // Closed by the desktop itself, with the reason it gave: not dropped by the server or the harness.
      () => session.recorder.snapshot().entries.some((e) => e.type === 'note' && e.kind === 'connection-close' && e.text.endsWith(`closed by ${DESKTOP} (1000 disconnect)`)),
      `the Interaction Server to note that ${DESKTOP}'s connection closed`,
    );
  } finally {
    await session.dispose();
  }
});
