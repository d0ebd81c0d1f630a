import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InconclusiveError } from '../../src/session/scenario-error.ts';
import { DESKTOP, desktopBindings, notesOf, sessionWithServer } from './desktop-kit.ts';

// A system under test that answers its start `unsupported` cannot take part as the scenario sets it up
// (the fixture desktop connects to one Interaction Server; here it is given two): the scenario is inconc,
// with the system's reason — never error, never fail — and the session disposes cleanly.

test('a desktop given two Interaction Servers answers its start unsupported: inconc, with its reason', async () => {
  const session = await sessionWithServer('two servers', desktopBindings());
  try {
    await session.start({ name: 'IS2', role: 'InteractionServer' });
    const err = await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1', 'IS2'] }).then(
      () => assert.fail(`${DESKTOP} started with two servers, but the fixture desktop takes one`),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InconclusiveError, `expected an InconclusiveError, got ${String(err)}`);
    assert.match(err.message, /cannot take part as this scenario sets it up: this desktop connects to one Interaction Server; start named 2.*so the scenario cannot be decided$/s);
    assert.ok(notesOf(session, DESKTOP).some((n) => n.kind === 'info' && n.text === err.message), 'the reason is noted in the trace, not as an error');
    assert.ok(!notesOf(session, DESKTOP).some((n) => n.kind === 'error'));
  } finally {
    const trace = await session.dispose();
    assert.equal(trace.footer?.status, 'complete');
  }
});
