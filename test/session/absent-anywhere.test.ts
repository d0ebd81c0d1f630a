import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAnywhere } from '../../src/session/absent-anywhere.ts';
import { Session } from '../../src/session/session.ts';

// Absence over the whole scenario, filtered by attributes, on a session with reference participants.

test('a message anywhere in the scenario is found when its attributes fit, and only then; a message nobody can send is an error', async () => {
  const session = Session.create({ name: 'absent anywhere', traceFile: null });
  try {
    await session.start({ name: 'IS1', role: 'InteractionServer' });
    await session.start({ name: 'Stat Server', role: 'StatServer', reach: ['IS1'] });
    await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
    await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
    const found = findAnywhere(session, 'EventInteractionSubmitted', 'Stat Server', 'MediaServerId: E-mail Server', 'here');
    assert.equal(found?.message, 'EventInteractionSubmitted');
    assert.equal(found?.from, 'IS1');
    assert.equal(findAnywhere(session, 'EventInteractionSubmitted', 'Stat Server', 'MediaServerId: Chat Server', 'here'), undefined);
    assert.equal(findAnywhere(session, 'EventAgentLogout', 'Stat Server', 'AgentId: Agent3', 'here'), undefined);
    assert.throws(() => findAnywhere(session, 'EventInvite', 'Stat Server', '', 'here'), /here: nothing in this scenario can send EventInvite \(Interaction Management\) to "Stat Server"/);
    assert.throws(() => findAnywhere(session, 'EventAgentLogout', 'Stat', '', 'here'), /here: no participant "Stat" in this scenario/);
  } finally {
    await session.dispose();
  }
});
