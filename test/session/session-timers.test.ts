import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bindings } from '../../src/adapters/index.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { ScenarioError } from '../../src/session/scenario-error.ts';
import { Session } from '../../src/session/session.ts';
import type { TraceNote } from '../../src/trace/types.ts';

// The delivering timer is Interaction Server's delivering-timeout: 1–86,400 s, default 30 s [DOC
// IxnLimits, reference §1.9]. What a feature sets is configuration and stays inside that; a run may
// override it below (--timer, or the fast default for the reference servers), and the trace says so.

const timerNotes = (s: Session) => s.snapshot().entries.filter((e): e is TraceNote => e.type === 'note' && e.kind === 'timer').map((n) => ({ text: n.text, data: n.data }));
const infoNotes = (s: Session) => s.snapshot().entries.filter((e): e is TraceNote => e.type === 'note' && e.kind === 'info').map((n) => n.text);

async function withSession(opts: Parameters<typeof Session.create>[0], fn: (s: Session) => Promise<void>): Promise<void> {
  const session = Session.create(opts);
  try {
    await fn(session);
  } finally {
    await session.dispose();
  }
}

test('a feature that sets the delivering timer outside delivering-timeout\'s range ends at that step, saying what to write instead', () =>
  withSession({ name: 'short', traceFile: null, fastTimers: { delivering: 200 } }, async (s) => {
    assert.throws(() => s.setTimer('delivering', 200), (e: unknown) => {
      assert.ok(e instanceof ScenarioError);
      assert.equal(
        e.message,
        'the delivering timer cannot be set to 200 ms: 200 ms is outside the documented range: delivering-timeout is a whole number of seconds, 1–86,400 (default 30) [DOC IxnLimits]. ' +
          'Give the scenario a value the option takes, or leave the timer out (the reference servers then run it at 200 ms, the run\'s fast default); ' +
          'to run shorter than the option allows, override it for the whole run: --timer delivering=200',
      );
      return true;
    });
    assert.throws(() => s.setTimer('delivering', 1_500), /1500 ms is not a whole number of seconds/);
    assert.throws(() => s.setTimer('delivering', 86_401_000), /86401000 ms is outside the documented range/);
    s.setTimer('delivering', 1_000);
    assert.deepEqual(timerNotes(s), [{ text: 'timer delivering = 1000 ms', data: { name: 'delivering', ms: 1000, source: 'feature' } }]);
  }));

test('a timer the feature leaves unset runs at the fast default in a reference server, recorded as a run override', () =>
  withSession({ name: 'fast', traceFile: null, fastTimers: { delivering: 200 } }, async (s) => {
    await s.start({ name: 'IS1', role: 'InteractionServer' });
    assert.deepEqual(timerNotes(s), [
      { text: 'timer delivering = 200 ms (run override: the run\'s fast default: the feature leaves it unset and IS1 is the reference)', data: { name: 'delivering', ms: 200, source: 'run', fast: true } },
    ]);
    assert.equal(s.timerValue('delivering'), 200);
  }));

test('a timer the feature sets is not shortened by the fast default; --timer wins over both', async () => {
  await withSession({ name: 'feature', traceFile: null, fastTimers: { delivering: 200 } }, async (s) => {
    s.setTimer('delivering', 2_000);
    await s.start({ name: 'IS1', role: 'InteractionServer' });
    assert.deepEqual(timerNotes(s).map((n) => n.text), ['timer delivering = 2000 ms']);
  });
  await withSession({ name: 'run', traceFile: null, timers: { delivering: 150 }, fastTimers: { delivering: 200 } }, async (s) => {
    s.setTimer('delivering', 2_000);
    // The reference server takes 150 ms because it is a run override: as configuration it would refuse it.
    await s.start({ name: 'IS1', role: 'InteractionServer' });
    assert.deepEqual(timerNotes(s).map((n) => n.text), ['timer delivering = 150 ms (run override)']);
    assert.deepEqual(infoNotes(s).filter((t) => t.startsWith('the feature')), ["the feature sets timer delivering to 2000 ms; the run's --timer delivering=150 wins"]);
  });
});

test('a system under test runs its own delivering timer: the fast default is not applied, and the trace says why', async () => {
  const external = new InteractionServer({ name: 'IS1' });
  const a = await external.start();
  const bindings: Bindings = { dir: '.', env: {}, participants: { IS1: { kind: 'remote', endpoints: { im: a.url, tlib: a.tlibUrl } } }, roles: {} };
  try {
    await withSession({ name: 'sut', traceFile: null, bindings, fastTimers: { delivering: 200 } }, async (s) => {
      assert.throws(() => s.timerValue('delivering'), { message: 'the delivering timer is settled when an Interaction Server starts: put this step after the one that starts it' });
      await s.start({ name: 'IS1', role: 'InteractionServer' });
      assert.deepEqual(timerNotes(s), []);
      assert.deepEqual(infoNotes(s).filter((t) => t.startsWith('timer')), [
        "timer delivering is left to IS1, a system under test: the run's fast default (200 ms) shortens it for reference participants only, so the flow checks expect the model's value — give --timer delivering=MS when IS1 is configured otherwise",
      ]);
      assert.equal(s.timerValue('delivering'), 30_000, 'the option\'s documented default');
    });
  } finally {
    await external.stop();
  }
});
