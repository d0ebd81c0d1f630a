import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LagProfile, lagWindows } from '../../src/flow/lag.ts';
import type { LagWindow } from '../../src/flow/lag.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';

/** The lag a trace records, and the largest lag around two instants (src/flow/lag.ts). */

const w = (from: number, to: number, lag: number, source = 'harness', period = 10): LagWindow => ({ source, from, to, lag, period });

test('lag notes become windows; a note without numbers is skipped, a note without source is the harness', () => {
  const note = (data: Record<string, unknown>): TraceEntry => ({ type: 'note', seq: 1, t: 0, kind: 'lag', text: '', data });
  const trace: Trace = {
    header: { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '', participants: [] },
    entries: [
      note({ source: 'harness', from: 0, to: 100, lag: 50, period: 10 }),
      note({ from: 100, to: 200, lag: 30 }),
      note({ source: 'harness', from: 'x', to: 100, lag: 50 }),
      note({ source: 'harness', from: 300, to: 200, lag: 50 }),
      { type: 'note', seq: 2, t: 0, kind: 'info', text: '', data: { from: 0, to: 1, lag: 9 } },
    ],
  };
  assert.deepEqual(lagWindows(trace), [w(0, 100, 50), w(100, 200, 30)]);
});

test('around(a, b): the largest lag of the windows overlapping [a, b + one period]; none when nothing overlaps', () => {
  const p = new LagProfile([w(0, 100, 50), w(100, 200, 300), w(200, 300, 20), w(400, 500, 80)]);
  assert.equal(p.around(0, 50)?.window.lag, 50);
  assert.equal(p.around(150, 150)?.window.lag, 300);
  assert.equal(p.around(250, 390)?.window.lag, 80, 'the window from 400 starts within one period after 390');
  assert.equal(p.around(301, 389), undefined);
  assert.equal(p.around(0, 1000)?.allowance, 310);
  assert.equal(new LagProfile([]).around(0, 1000), undefined);
});

test('explain: a miss up to the lag plus one period is explained; a larger one falls short, with the lag', () => {
  const p = new LagProfile([w(0, 100, 50)]);
  assert.deepEqual(p.explain(0, 80, 60), { explained: { window: w(0, 100, 50), allowance: 60 } });
  assert.deepEqual(p.explain(0, 80, 61), { short: { window: w(0, 100, 50), allowance: 60 } });
  assert.equal(p.explain(200, 300, 1), undefined);
});

test('overlapping windows of one source merge (the larger lag wins); sources are asked separately and the largest answers', () => {
  const p = new LagProfile([w(0, 150, 40), w(100, 200, 90), w(120, 130, 10, 'IS1'), w(500, 600, 70, 'IS1')]);
  assert.deepEqual(p.around(160, 170)?.window, w(0, 200, 90));
  assert.deepEqual(p.around(550, 560)?.window, w(500, 600, 70, 'IS1'));
  assert.equal(p.around(125, 125)?.window.lag, 90);
});

test('many windows: the answer is the maximum over exactly the overlapping ones', () => {
  const ws = Array.from({ length: 1000 }, (_, i) => w(i * 100, i * 100 + 100, (i * 37) % 101));
  const p = new LagProfile(ws);
  for (const [a, b] of [[0, 0], [1234, 5678], [99_000, 99_990], [5, 50_000], [42_000, 42_050]]) {
    const expected = Math.max(...ws.filter((x) => x.to >= a && x.from <= b + 10).map((x) => x.lag));
    assert.equal(p.around(a, b)?.window.lag ?? 0, expected, `around(${a}, ${b})`);
  }
});

test('receipt-stamped participants: those a trace binds outside the harness process', () => {
  const trace: Trace = {
    header: {
      type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0', startedAt: '',
      participants: [{ name: 'IS1', role: 'InteractionServer', binding: 'sut' }, { name: 'URS', role: 'URS', binding: 'reference' }, { name: 'X', role: 'URS', binding: 'unbound' }, { name: 'Old', role: 'URS' }],
    },
    entries: [],
  };
  assert.deepEqual([...LagProfile.of(trace).receiptStamped].sort(), ['IS1', 'X']);
});
