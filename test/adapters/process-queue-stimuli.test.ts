import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InconclusiveError } from '../../src/session/scenario-error.ts';
import { DESKTOP, desktopBindings, sessionWithServer, startDesktop } from './desktop-kit.ts';

// The queue, workbin and pull stimuli reach a desktop under test like every other: one it does not
// declare, or declares and then answers `unsupported`, makes the scenario inconclusive — never failed.
// The standalone fixture desktop takes none of them, which is what this shows.

test('a pull the process desktop does not declare is inconc and not sent; one it declares but cannot do is inconc with its reason', async () => {
  const session = await sessionWithServer('no pull', desktopBindings());
  try {
    await startDesktop(session);
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'pull', interaction: '0001000000000001' }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError, String(err));
      assert.match(err.message, /^Agent1's desktop declares no pull capability \(it declares: login, logout, .*\), so the scenario cannot be decided$/);
      return true;
    });
  } finally {
    await session.dispose();
  }

  const claims = await sessionWithServer('claims workbins', desktopBindings(['--capabilities', 'login,subscribe-workbin']));
  try {
    await startDesktop(claims);
    await assert.rejects(claims.stimulate(DESKTOP, { kind: 'subscribe-workbin', workbin: 'Drafts' }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError, String(err));
      assert.equal(err.message, `${DESKTOP} cannot subscribe to workbin Drafts: this desktop has no subscribe-workbin stimulus`);
      return true;
    });
  } finally {
    await claims.dispose();
  }
});
