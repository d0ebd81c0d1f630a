import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InconclusiveError } from '../../src/session/scenario-error.ts';
import { DESKTOP, desktopBindings, sessionWithServer, startDesktop } from './desktop-kit.ts';

// A desktop under test that cannot transfer, conference or leave leaves those scenarios undecided
// (inconc), never failed: one that does not declare the stimulus is not asked; one that declares it and
// answers "unsupported" is taken at its word. The standalone fixture desktop has none of the three.

test('transfer, conference and leave: not declared by the process desktop, so inconclusive and never sent', async () => {
  const session = await sessionWithServer('no transfer', desktopBindings());
  try {
    const desktop = await startDesktop(session);
    for (const kind of ['transfer', 'conference', 'leave'] as const) assert.equal(desktop.adapter.capabilities.has(kind), false, kind);
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'transfer', interaction: '0001000000000001', agent: 'Agent2' }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError, String(err));
      assert.match(err.message, /^Agent1's desktop declares no transfer capability \(it declares: .*\), so the scenario cannot be decided$/);
      return true;
    });
  } finally {
    await session.dispose();
  }
  const trace = session.recorder.snapshot();
  assert.equal(trace.entries.filter((e) => e.type === 'message' && e.message === 'RequestTransfer').length, 0);
});

test('a desktop that declares leave but answers "unsupported" makes the scenario inconclusive, with its reason', async () => {
  const session = await sessionWithServer('declared, unsupported', desktopBindings(['--capabilities', 'login,accept,leave']));
  try {
    await startDesktop(session);
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'leave', interaction: '0001000000000001' }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError, String(err));
      assert.equal(err.message, `${DESKTOP} cannot leave interaction 0001000000000001: this desktop has no leave stimulus`);
      return true;
    });
  } finally {
    await session.dispose();
  }
});
