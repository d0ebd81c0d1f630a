import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bindings } from '../../src/adapters/binding.ts';
import { InconclusiveError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import { parseBindings } from '../../src/session/binding-config.ts';

// A system under test that declares the protocols it speaks is not applicable to a scenario that would
// connect it to a face carrying none of them: inconc before it starts, and not a participant of the
// trace (so a certificate does not count it). One that speaks a protocol of the face is started.

const desktop = (protocols: string[]): Bindings => ({
  dir: '.',
  env: {},
  secrets: [],
  participants: {},
  // A command that would fail at once: the check must come before anything is spawned.
  roles: { AgentApplication: { kind: 'process', command: '/nonexistent/desktop', protocols } } as Bindings['roles'],
});

test('an Interaction Management desktop asked to reach a T-Server: inconc, not started, not in the trace', async () => {
  const session = Session.create({ name: 'protocols', traceFile: null, bindings: desktop(['InteractionManagement']) });
  try {
    await session.start({ name: 'TS1', role: 'TServer' });
    await assert.rejects(session.start({ name: 'Desk A', role: 'AgentApplication', reach: ['TS1'] }), (err: unknown) => {
      assert.ok(err instanceof InconclusiveError);
      assert.match(err.message, /^"Desk A" is bound to process and speaks Interaction Management; this scenario connects it to TS1's tlib face, which carries T-Library: not applicable to it$/);
      return true;
    });
    assert.deepEqual(session.snapshot().header.participants.map((p) => p.name), ['TS1']);
  } finally {
    await session.dispose();
  }
});

test('a desktop that speaks one protocol of the face is started (and here fails to spawn: a setup error, not inconc)', async () => {
  const session = Session.create({ name: 'protocols', traceFile: null, bindings: desktop(['TLibrary']) });
  try {
    await session.start({ name: 'TS1', role: 'TServer' });
    await assert.rejects(session.start({ name: 'Desk A', role: 'AgentApplication', reach: ['TS1'] }), (err: unknown) => !(err instanceof InconclusiveError));
  } finally {
    await session.dispose();
  }
});

test('an unknown protocol in a binding is a positioned error with a did-you-mean', () => {
  const r = parseBindings('roles:\n  AgentApplication:\n    kind: process\n    command: x\n    protocols: [InteractionManagment]\n', 'f.yaml', '.', {});
  const d = r.diagnostics.find((x) => x.code === 'CONFIG_UNKNOWN_PROTOCOL');
  assert.ok(d, JSON.stringify(r.diagnostics));
  assert.equal(d.location?.line, 5);
  assert.match(d.hint ?? '', /InteractionManagement/);
});
