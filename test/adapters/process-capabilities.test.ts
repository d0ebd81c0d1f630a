import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InconclusiveError } from '../../src/session/scenario-error.ts';
import { DESKTOP, desktopBindings, outputOf, sessionWithServer, startDesktop } from './desktop-kit.ts';

// A desktop declares what it can be asked in its hello. A scenario that needs something it did not
// declare cannot be decided (inconc), and the harness does not ask it anyway.

test('a stimulus the process desktop did not declare is inconclusive, and is never sent to it', async () => {
  const session = await sessionWithServer('no reject', desktopBindings(['--capabilities', 'login,accept,ignore']));
  try {
    const desktop = await startDesktop(session);
    assert.deepEqual([...desktop.adapter.capabilities].sort(), ['accept', 'ignore', 'login']);

    await session.stimulate(DESKTOP, { kind: 'accept' }); // declared: goes over the control channel
    await assert.rejects(session.stimulate(DESKTOP, { kind: 'reject' }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError, `expected an InconclusiveError, got ${String(err)}`);
      assert.equal(err.verdict, 'inconc');
      assert.equal(err.message, `${DESKTOP} declares no reject capability (it declares: login, accept, ignore), so the scenario cannot be decided`);
      return true;
    });
  } finally {
    await session.dispose();
  }
  // The process has exited, so its output is complete: it logs every control request it gets, and
  // got the accept but never the reject.
  const output = outputOf(session, DESKTOP);
  assert.match(output, /\[desktop\] control: stimulus accept$/m);
  assert.doesNotMatch(output, /control: stimulus reject/);
  const trace = session.recorder.snapshot();
  assert.equal(trace.entries.filter((e) => e.type === 'message' && e.message === 'RequestReject').length, 0);
  assert.ok(trace.entries.some((e) => e.type === 'note' && e.text.startsWith('not sent: ')), 'the trace says the reject was not sent');
});
