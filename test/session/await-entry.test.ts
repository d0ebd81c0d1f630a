import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InterruptedError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';

// Session.awaitEntry: a poll of the trace that wakes when the trace grows. The waits asked for are a
// minute long and each test's timeout far shorter, so a wait that did not end on what the test does
// fails the test; no assertion depends on how long anything took.

const LONG = 60_000;

test('it ends once the trace gains an entry, and the time is counted as waiting on the model', { timeout: 10_000 }, async () => {
  const session = Session.create({ name: 'await-entry', traceFile: null });
  try {
    const before = session.waitedMs;
    const waiting = session.awaitEntry(LONG);
    setTimeout(() => session.note('a message the flow waits for', 'info'), 10);
    await waiting;
    assert.ok(session.waitedMs > before, `waited ${session.waitedMs} ms`);
  } finally {
    await session.dispose();
  }
});

test('with nothing new in the trace it ends when its time is up', { timeout: 10_000 }, async () => {
  const session = Session.create({ name: 'await-entry', traceFile: null });
  try {
    await session.awaitEntry(5);
    assert.ok(session.waitedMs > 0);
  } finally {
    await session.dispose();
  }
});

test('an interrupt ends it at once with an InterruptedError', { timeout: 10_000 }, async () => {
  const session = Session.create({ name: 'await-entry', traceFile: null });
  try {
    const waiting = session.awaitEntry(LONG);
    // The interrupt's own note enters the trace too: the wait must end in the error, not as woken.
    setTimeout(() => session.interrupt('SIGINT'), 10);
    await assert.rejects(waiting, (err: unknown) => err instanceof InterruptedError);
  } finally {
    await session.dispose();
  }
});
