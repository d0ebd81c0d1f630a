import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AbsenceVerdict } from '../../src/session/absence.ts';
import { Session } from '../../src/session/session.ts';
import { expectAbsent } from '../../src/session/trace-queries.ts';
import type { Trace, TraceMessage, TraceNote } from '../../src/trace/types.ts';
import { DESKTOP, eventually } from '../adapters/desktop-kit.ts';

// "No X reaches Y within N ms" after a stimulus the reference servers answer fast: the Interaction Server
// sends a logout's effects (EventAgentLogout to the Stat Server, EventRevoked of a pending invitation)
// in the turn it acknowledges the RequestAgentLogout, so they are in the trace before the desktop hears
// back and the stimulus is done. A window opened at the stimulus's end passed them by (a false pass an
// auditor found); it must open where the stimulus began. The window's verdict depends on the trace's
// order only, never on how long anything took.

const STAT = 'Stat Server';

async function loggedIn(opts: { replay?: Trace } = {}): Promise<Session> {
  const session = Session.create({ name: 'absence window', traceFile: null, ...opts });
  await session.start({ name: 'IS1', role: 'InteractionServer' });
  await session.start({ name: STAT, role: 'StatServer', reach: ['IS1'] });
  await session.start({ name: DESKTOP, role: 'AgentApplication', reach: ['IS1'] });
  await session.stimulate(DESKTOP, { kind: 'login', agent: 'Agent1', place: 'Place1', media: ['email'] });
  return session;
}

/** The logout's stimulus notes: the one written as it began and the one written when it was done. */
function logoutNotes(trace: Trace): { began: TraceNote; done: TraceNote } {
  const notes = trace.entries.filter((e): e is TraceNote => e.type === 'note' && e.kind === 'stimulus' && e.participant === DESKTOP);
  const began = notes.findLast((n) => (n.data?.stimulus as { kind?: string } | undefined)?.kind === 'logout');
  assert.ok(began, 'the trace notes the logout stimulus');
  const done = notes.find((n) => n.seq > began.seq && n.data?.result !== undefined);
  assert.ok(done, 'the trace notes the logout stimulus done');
  return { began, done };
}

function only(trace: Trace, message: string, to: string): TraceMessage {
  const seen = trace.entries.filter((e): e is TraceMessage => e.type === 'message' && e.message === message && e.to === to);
  assert.equal(seen.length, 1, `one ${message} to ${to} in the trace`);
  return seen[0]!;
}

/**
 * Not a pass, and about that message. A failure — unless the harness's lag was measured there, when the
 * absence step may excuse a message near the window's start as inconc (absence.ts): on a loaded machine
 * that is the right verdict too. The false pass is what must never come.
 */
function caught(r: AbsenceVerdict, seen: TraceMessage, trace: Trace): void {
  assert.notEqual(r.verdict, 'pass', `${seen.message} at seq ${seen.seq} came after the logout began: the window must see it`);
  assert.equal(r.verdict !== 'pass' && r.seen.seq, seen.seq);
  const lagged = trace.entries.some((e) => e.type === 'note' && e.kind === 'lag');
  if (!lagged) assert.equal(r.verdict, 'fail', r.verdict !== 'pass' ? r.text : '');
}

/**
 * Logs the desktop out, then "no `message` reaches `to` within 400 ms": the message must lie between the
 * logout's start and done notes (what makes it the auditor's case), and the check must not pass.
 */
async function logOutAndLook(session: Session, message: string, to: string) {
  await session.stimulate(DESKTOP, { kind: 'logout' });
  const r = await expectAbsent(session, message, to, 400);
  const trace = session.snapshot();
  const seen = only(trace, message, to);
  const { began, done } = logoutNotes(trace);
  assert.ok(began.seq < seen.seq && seen.seq < done.seq, `${message} (seq ${seen.seq}) between the logout's notes (seq ${began.seq}, ${done.seq})`);
  caught(r, seen, trace);
  return { r, began, done };
}

test('an EventAgentLogout sent before the logout stimulus returned fails "no EventAgentLogout reaches the Stat Server within 400 ms" — live and replayed', { timeout: 30_000 }, async () => {
  const session = await loggedIn();
  let recorded: Trace;
  try {
    const { r, began, done } = await logOutAndLook(session, 'EventAgentLogout', STAT);
    const span = session.lastStimulus!;
    assert.ok(span.began <= began.t && span.ended >= done.t, `the session's span of the logout (${span.began}–${span.ended}) holds its notes (${began.t}, ${done.t})`);
    if (r.verdict === 'fail') assert.match(r.text, /ms after the last stimulus began, inside the window in which none may \(from \d+ ms, when it began, to \d+ ms, 400 ms after it was done at \d+ ms\)$/);
  } finally {
    recorded = await session.dispose();
  }
  // The same steps replayed from the recording: the window opens where the recording says the logout began,
  // not at its result, where a replay's clock stands after the stimulus.
  const replay = await loggedIn({ replay: recorded });
  try {
    await replay.stimulate(DESKTOP, { kind: 'logout' });
    const { began, done } = logoutNotes(recorded);
    assert.deepEqual(replay.lastStimulus, { began: began.t, ended: done.t });
    caught(await expectAbsent(replay, 'EventAgentLogout', STAT, 400), only(recorded, 'EventAgentLogout', STAT), recorded);
  } finally {
    await replay.dispose();
  }
});

test('an EventRevoked of the invitation pending at logout fails "no EventRevoked reaches the desktop within 400 ms"', { timeout: 30_000 }, async () => {
  const session = await loggedIn();
  try {
    await session.start({ name: 'URS', role: 'URS', reach: ['IS1'] });
    await session.start({ name: 'E-mail Server', role: 'MediaServer', reach: ['IS1'] });
    await session.stimulate(DESKTOP, { kind: 'ignore' });
    await session.stimulate('E-mail Server', { kind: 'submit', mediaType: 'email', queue: 'Inbound' });
    await session.stimulate('URS', { kind: 'route', interaction: session.lastInteraction(), agent: 'Agent1', place: 'Place1' });
    await eventually(() => session.snapshot().entries.some((e) => e.type === 'message' && e.message === 'EventInvite' && e.to === DESKTOP), 'the EventInvite to the desktop');
    await logOutAndLook(session, 'EventRevoked', DESKTOP);
  } finally {
    await session.dispose();
  }
});

test('the window opens at the last stimulus: what an earlier stimulus caused is outside it', { timeout: 30_000 }, async () => {
  const session = await loggedIn();
  try {
    // The login's EventAgentLogin came inside the login stimulus; a logout now opens a new window, which
    // starts after it: the login's events are no longer "within 400 ms" of what the scenario last did.
    await session.stimulate(DESKTOP, { kind: 'logout' });
    assert.deepEqual(await expectAbsent(session, 'EventAgentLogin', STAT, 400), { verdict: 'pass' });
  } finally {
    await session.dispose();
  }
});
