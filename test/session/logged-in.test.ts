import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitLoggedIn, violationLines } from '../../src/session/logged-in.ts';
import { Session } from '../../src/session/session.ts';

// "agent … is logged in": what the server answered the desktop's RequestAgentLogin, read from the trace
// whoever plays the desktop; on a session with reference participants on real sockets.

const last = (session: Session) => session.snapshot().entries.at(-1)?.seq ?? 0;

test('a login the server acknowledged is found with its EventAck; one it refused with its EventError; none sent is not seen', async () => {
  const session = Session.create({ name: 'logged in', traceFile: null });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: "Agent1's desktop", role: 'AgentApplication', reach: ['IS1'] });
    await session.start({ name: "Agent2's desktop", role: 'AgentApplication', reach: ['IS1'] });

    const before = last(session);
    await session.stimulate("Agent1's desktop", { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
    const ok = await awaitLoggedIn(session, "Agent1's desktop", 'IS1', 'Agent1', before, 1000);
    assert.equal(ok.kind, 'logged-in');
    assert.ok(ok.kind === 'logged-in' && ok.answer.message === 'EventAck' && ok.answer.referenceId === ok.login.referenceId && ok.login.seq > before);

    // The same agent from another desktop: the server refuses it (InSameState). The reference desktop
    // fails its stimulus on the refusal already; a SUT's may say done, so the step reads the trace.
    const again = last(session);
    await assert.rejects(session.stimulate("Agent2's desktop", { kind: 'login', agent: 'Agent1', place: 'Place2', media: ['email'] }));
    const refused = await awaitLoggedIn(session, "Agent2's desktop", 'IS1', 'Agent1', again, 1000);
    assert.equal(refused.kind, 'refused');
    assert.ok(refused.kind === 'refused' && refused.answer.message === 'EventError' && refused.answer.referenceId === refused.login.referenceId);
    assert.deepEqual(violationLines(refused.login), [], 'a conformant request, refused for the state it found');

    // Only what was sent after the step began counts: Agent1's login is before `again`.
    const none = await awaitLoggedIn(session, "Agent1's desktop", 'IS1', 'Agent1', again, 100);
    assert.equal(none.kind, 'not-seen');
    assert.ok(none.kind === 'not-seen' && none.login === undefined);

    // A login for another agent is named, so the step can say which agent the desktop logged in instead.
    const other = await awaitLoggedIn(session, "Agent2's desktop", 'IS1', 'Agent9', again, 100);
    assert.ok(other.kind === 'not-seen' && other.login?.attributes.AgentId === 'Agent1');
  } finally {
    await session.dispose();
  }
});
