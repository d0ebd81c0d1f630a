import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScenarioError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import type { TraceNote } from '../../src/trace/types.ts';

// The Pull model's processing timer through a scenario: the timer step takes handling-timeout's whole
// minutes as configuration, refuses less (pointing at the run override), and a reference Interaction
// Server the feature leaves it to runs the run's fast default, marked as an override in the trace.

const timerNotes = (s: Session) => s.snapshot().entries.filter((e): e is TraceNote => e.type === 'note' && e.kind === 'timer').map((n) => n.text);

test('the "handling" timer step: whole minutes are configuration, a second is refused with the run override to use instead', async () => {
  const s = Session.create({ name: 'handling', traceFile: null, fastTimers: { handling: 1000 } });
  try {
    assert.throws(() => s.setTimer('handling', 1000), (e: unknown) => {
      assert.ok(e instanceof ScenarioError);
      assert.match(e.message, /^the handling timer cannot be set to 1000 ms: 1000 ms is outside the documented range: handling-timeout is a whole number of minutes, 1–35,791 \(default 180\)/);
      assert.match(e.message, /override it for the whole run: --timer handling=1000$/);
      return true;
    });
    s.setTimer('handling', 2 * 60_000);
    assert.equal(s.timerValue('handling'), 120_000);
    assert.deepEqual(timerNotes(s), ['timer handling = 120000 ms']);
  } finally {
    await s.dispose();
  }
});

test('left unset, a reference Interaction Server runs the handling timer at the run\'s fast default, noted as a run override', async () => {
  const s = Session.create({ name: 'fast', traceFile: null, fastTimers: { delivering: 200, handling: 1000 } });
  try {
    await s.start({ name: 'IS1', role: 'InteractionServer' });
    assert.equal(s.timerValue('handling'), 1000);
    assert.ok(timerNotes(s).some((t) => /^timer handling = 1000 ms \(run override: the run's fast default/.test(t)), timerNotes(s).join('\n'));
  } finally {
    await s.dispose();
  }
});
