import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explain } from '../../src/flow/explain.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import { timerTolerance } from '../../src/flow/model.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { Trace } from '../../src/trace/types.ts';
import { TraceBuilder, def, m, never } from './matcher-kit.ts';

// One rule for how far a timer may miss: an `after` step's default tolerance and a never window's
// default margin are both timerTolerance(timer) = max(100 ms, 10%), so a shortened timer shortens the wait.

const invite = { TicketId: '$t', Interaction: { InteractionId: '$i' } };
const revoked = { Interaction: { InteractionId: '$i' } };

function trace(acceptAt: number, revokedAt: number, end: number): Trace {
  return new TraceBuilder()
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 7, Interaction: { InteractionId: 'X' } }, { t: 0 })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 7, InteractionId: 'X' }, { t: acceptAt, ref: 1 })
    .msg('IS1', 'Agent1', 'EventRevoked', { Interaction: { InteractionId: 'X' } }, { t: revokedAt })
    .trace(end);
}

const accepted = (window: Parameters<typeof never>[4]): FlowModel =>
  def(() => [m('ixn', 'agent', 'EventInvite', invite), m('agent', 'ixn', 'RequestAccept', { TicketId: '$t' }), never('ixn', 'agent', 'EventRevoked', revoked, window)], {
    timers: { delivering: 200 },
  });

test('timerTolerance: 10% of the timer, at least 100 ms', () => {
  assert.equal(timerTolerance(0), 100);
  assert.equal(timerTolerance(200), 100);
  assert.equal(timerTolerance(1000), 100);
  assert.equal(timerTolerance(1500), 150);
  assert.equal(timerTolerance(30000), 3000);
});

test("a never window without a margin closes at the timer plus the timer's tolerance", () => {
  const model = accepted({ kind: 'timer', timer: 'delivering' });
  for (const [timer, tol] of [[200, 100], [3000, 300]]) {
    const close = 50 + timer + tol;
    const inside = matchTrace(model, trace(50, close - 5, close + 1000), { variant: 'v', timers: { delivering: timer } });
    assert.equal(inside.verdict, 'fail', `timer ${timer}: ${explain(inside)}`);
    assert.match(explain(inside), new RegExp(`inside the ${timer + tol} ms window \\(timer delivering ${timer} ms \\+ ${tol} ms margin\\)`));
    const after = matchTrace(model, trace(50, close + 5, close + 1000), { variant: 'v', timers: { delivering: timer } });
    assert.equal(after.verdict, 'pass', `timer ${timer}: ${explain(after)}`);
  }
});

test('an explicit margin still wins, 0 included', () => {
  const zero = accepted({ kind: 'timer', timer: 'delivering', margin: 0 });
  assert.equal(matchTrace(zero, trace(50, 260, 2000), { variant: 'v' }).verdict, 'pass');
  assert.equal(matchTrace(zero, trace(50, 240, 2000), { variant: 'v' }).verdict, 'fail');
  const wide = accepted({ kind: 'timer', timer: 'delivering', margin: 500 });
  assert.equal(matchTrace(wide, trace(50, 700, 2000), { variant: 'v' }).verdict, 'fail');
});
