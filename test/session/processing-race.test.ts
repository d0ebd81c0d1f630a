import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processingRace } from '../../src/session/processing-race.ts';
import type { Trace, TraceMessage } from '../../src/trace/types.ts';

// Processing Occurs: a request the harness sent past the processing timer (it lagged) cannot show a
// reset, and says so; a revoke the server sent before the timer could expire stays the server's fault.

function trace(rows: Array<[number, string, string, string]>): Trace {
  const entries = rows.map(([t, from, to, message], i): TraceMessage => ({
    type: 'message', seq: i + 1, t, from, to, connection: 'c1', protocol: 'InteractionManagement', message, violations: [],
    attributes: message === 'EventPulledInteractions' ? { Interactions: { X1: {} } } : message === 'EventRevoked' ? { Interaction: { InteractionId: 'X1' } } : {},
  }) as TraceMessage);
  return { header: { participants: [] }, entries } as unknown as Trace;
}

const D = 'Agent1\'s desktop';

test('the request went out after the timer had run out: the revoke came first, and the race is named', () => {
  const t = trace([[0, 'IS1', D, 'EventPulledInteractions'], [1000, 'IS1', D, 'EventRevoked'], [1300, D, 'IS1', 'RequestGetWorkbinContent']]);
  assert.match(processingRace(t, D, 'X1', 'RequestGetWorkbinContent', 1000) ?? '', /^harness overloaded: Agent1's desktop's RequestGetWorkbinContent \(seq 3\) went out 1300 ms after the pull \(seq 1\), past the 1000 ms processing timer/);
});

test('a revoke before the timer could expire, or a request before the revoke, is no race: the flow check judges it', () => {
  const early = trace([[0, 'IS1', D, 'EventPulledInteractions'], [200, 'IS1', D, 'EventRevoked'], [400, D, 'IS1', 'RequestGetWorkbinContent']]);
  assert.equal(processingRace(early, D, 'X1', 'RequestGetWorkbinContent', 1000), undefined);
  const inTime = trace([[0, 'IS1', D, 'EventPulledInteractions'], [400, D, 'IS1', 'RequestGetWorkbinContent'], [1400, 'IS1', D, 'EventRevoked']]);
  assert.equal(processingRace(inTime, D, 'X1', 'RequestGetWorkbinContent', 1000), undefined);
});
