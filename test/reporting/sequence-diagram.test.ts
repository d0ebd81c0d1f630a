import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { explain } from '../../src/flow/explain.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { renderSequenceDiagram } from '../../src/reporting/sequence-diagram.ts';
import { formatMs } from '../../src/reporting/svg.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';
import { byClass, parseSvg } from './svg-check.ts';

const { model: loaded, diagnostics } = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
assert.ok(loaded, `the model loads: ${JSON.stringify(diagnostics)}`);
const model: FlowModel = loaded;

function golden(name: string): Trace {
  const { trace } = parseTrace(readFileSync(`test/fixtures/golden/${name}.ndjson`, 'utf8'), `test/fixtures/golden/${name}.ndjson`);
  assert.ok(trace, name);
  return trace;
}

function diagram(trace: Trace, variant = 'accept') {
  const result = matchTrace(model, trace, { variant, timers: { delivering: 200 } });
  const svg = renderSequenceDiagram({ model, variant, result, trace, explanation: explain(result) });
  return { result, svg, els: parseSvg(svg) };
}

test('every participant is a lifeline: model ids on the expected side, trace names on the observed side', () => {
  const { els } = diagram(golden('accept-conformant'));
  const side = (s: string) => byClass(els, 'lifeline', { 'data-side': s }).map((e) => e.attrs['data-participant']);
  assert.deepEqual(side('expected'), ['urs', 'ixn', 'agent', 'stat']);
  for (const name of ['URS1', 'IS1', 'Agent1', 'Stat1']) assert.ok(side('observed').includes(name), `${name} in ${side('observed')}`);
  // The media server is not a participant of this model: it gets no lifeline, its messages are not drawn.
  assert.ok(!side('observed').includes('Chat1'));
});

test('a conformant trace is drawn without a divergence, every matched step linked to its message', () => {
  const { result, els } = diagram(golden('accept-conformant'));
  assert.equal(result.verdict, 'pass');
  assert.equal(els.find((e) => e.name === 'svg')?.attrs['data-verdict'], 'pass');
  assert.deepEqual(els.filter((e) => e.attrs['data-status'] === 'divergent'), []);
  assert.deepEqual(byClass(els, 'divergence-link'), []);
  const links = byClass(els, 'link').map((e) => `${e.attrs['data-step']}@${e.attrs['data-seq']}`);
  const matched = result.instances.flatMap((i) => i.matched.map((m) => `${m.step.id}@${m.seq}`));
  assert.ok(matched.length >= 6);
  assert.deepEqual(links.sort(), matched.sort());
});

test('wrong attributes: the step and the message are red, linked, and the explanation says what differed', () => {
  const { result, els } = diagram(golden('accept-wrong-ticket'));
  const d = result.instances.find((i) => i.divergence)?.divergence;
  assert.ok(d?.step && d.observed);
  const step = byClass(els, 'step', { 'data-step': d.step.id });
  assert.equal(step.length, 1);
  assert.equal(step[0].attrs['data-status'], 'divergent');
  const msg = byClass(els, 'message', { 'data-seq': String(d.observed.seq) });
  assert.equal(msg.length, 1);
  assert.equal(msg[0].attrs['data-status'], 'divergent');
  assert.match(msg[0].text, /TicketId 8, expected \$ticket \(= 7\)/);
  const link = byClass(els, 'divergence-link');
  assert.equal(link.length, 1);
  assert.equal(link[0].attrs['data-step'], d.step.id);
  assert.equal(link[0].attrs['data-seq'], String(d.observed.seq));
  const box = byClass(els, 'explanation');
  assert.equal(box.length, 1);
  assert.match(box[0].text, /TicketId: expected \$ticket \(= 7\), got 8/);
});

test('a missing message is marked where it was expected: after the last message matched before it', () => {
  const { result, els } = diagram(golden('accept-missing-agent-invited'));
  const d = result.instances.find((i) => i.divergence)?.divergence;
  assert.ok(d && d.kind === 'missing' && d.after);
  const missing = byClass(els, 'missing');
  assert.equal(missing.length, 1);
  assert.match(missing[0].text, /missing: ixn → stat EventAgentInvited/);
  const rows = els.filter((e) => e === missing[0] || (byClass([e], 'message').length === 1 && e.attrs['data-seq'] !== undefined));
  const at = rows.indexOf(missing[0]);
  assert.equal(rows[at - 1].attrs['data-seq'], String(d.after.seq), 'drawn right after the message it should have followed');
  assert.equal(byClass(els, 'step', { 'data-step': d.step!.id })[0].attrs['data-status'], 'divergent');
});

test('phases are bands and any-order / optional blocks are frames on the expected side', () => {
  const { els } = diagram(golden('accept-conformant'));
  assert.deepEqual(
    byClass(els, 'phase').map((e) => e.attrs['data-phase']),
    model.variants.accept.phases,
  );
  const frames = byClass(els, 'frame').map((e) => e.attrs['data-frame']);
  assert.ok(frames.includes('any order'), String(frames));
  assert.ok(frames.includes('optional'), String(frames));
});

test('text from the system under test is escaped: names, attribute values, control characters', () => {
  const hostileName = `Agent1's <desktop> & "co"\u0001`;
  const hostileValue = '</text><script>alert(1)</script>';
  const trace = golden('accept-wrong-ticket');
  const rename = (s: string) => (s === 'Agent1' ? hostileName : s);
  trace.header.participants = trace.header.participants.map((p) => ({ ...p, name: rename(p.name) }));
  trace.entries = trace.entries.map((e): TraceEntry => {
    if (e.type !== 'message') return e;
    const attributes = e.message === 'RequestAccept' ? { ...e.attributes, Note: hostileValue } : e.attributes;
    return { ...e, from: rename(e.from), to: rename(e.to), attributes };
  });
  const { svg, els } = diagram(trace);
  assert.ok(!els.some((e) => e.name === 'script'), 'no element comes from an attribute value');
  assert.ok(!svg.includes('\u0001'), 'control characters are replaced, XML 1.0 forbids them');
  const shownName = `Agent1's <desktop> & "co"\uFFFD`;
  assert.equal(byClass(els, 'lifeline', { 'data-side': 'observed', 'data-participant': shownName }).length, 1);
  assert.ok(els.some((e) => e.name === 'title' && e.text.includes('</text><script>alert(1)</script>')), 'the value is shown, as text');
});

test('a long trace keeps its head, its tail and the divergence, and says how much it left out', () => {
  const trace = golden('accept-wrong-ticket');
  const filler: TraceEntry[] = [];
  const at = trace.entries.findIndex((e) => e.type === 'message' && e.message === 'RequestRouteCall');
  const t0 = trace.entries[at].t;
  for (let i = 0; i < 3000; i++) {
    filler.push({ type: 'message', seq: 0, t: t0 - 1, from: 'IS1', to: 'Stat1', connection: 'IS1<->Stat1', protocol: 'Reporting', message: 'EventCurrentState', attributes: { N: i }, violations: [] });
  }
  trace.entries = [...trace.entries.slice(0, at), ...filler, ...trace.entries.slice(at)].map((e, i) => ({ ...e, seq: i + 1 }));
  const { result, svg, els } = diagram(trace);
  const d = result.instances.find((i) => i.divergence)?.divergence;
  assert.ok(d?.observed);
  assert.ok(svg.length < 200_000, `${svg.length} characters`);
  assert.ok(byClass(els, 'message').length <= 160, `${byClass(els, 'message').length} rows`);
  const elided = byClass(els, 'elided', { 'data-side': 'observed' });
  assert.ok(elided.length >= 1);
  assert.match(elided[0].text, /⋯ \d+ entries not shown \(seq \d+–\d+\) ⋯/);
  assert.equal(byClass(els, 'message', { 'data-seq': String(d.observed.seq) })[0]?.attrs['data-status'], 'divergent');
  const last = trace.entries[trace.entries.length - 1];
  assert.equal(byClass(els, 'message', { 'data-seq': String(last.seq) }).length, 1, 'the tail is kept');
});

test('lag: the message only the lag excuses and its step are marked, its link too; the lag is a note row with a bar over the stretch it lasted', () => {
  const { result, els } = diagram(golden('timeout-revoked-late-under-lag'), 'timeout');
  assert.equal(result.verdict, 'inconc');
  const d = result.instances[0].doubt;
  assert.ok(d);
  assert.equal(byClass(els, 'step', { 'data-step': d.step.id })[0]?.attrs['data-status'], 'doubtful');
  const msg = byClass(els, 'message', { 'data-seq': String(d.observed.seq) });
  assert.equal(msg[0]?.attrs['data-status'], 'doubtful');
  assert.match(msg[0].text, /harness overloaded: event loop lagged 380 ms between seq 11 and seq 13/);
  assert.equal(byClass(els, 'doubt-link', { 'data-seq': String(d.observed.seq) }).length, 1);
  const lagNotes = byClass(els, 'note', { 'data-kind': 'lag' });
  assert.equal(lagNotes.length, 1);
  assert.match(lagNotes[0].text, /harness event loop lagged 380 ms/);
  const bars = byClass(els, 'lag-bar');
  assert.equal(bars.length, 1);
  assert.ok(Number(bars[0].attrs.height) >= 4);
  // The bar lies between the invite's row (123 ms) and the revoke's (612 ms): the stall was between them.
  const timeY = (t: number) => Number(els.find((e) => e.name === 'text' && e.text === formatMs(t))?.attrs.y);
  assert.ok(Number(bars[0].attrs.y) > timeY(123), `bar at ${bars[0].attrs.y}, the invite's row at ${timeY(123)}`);
  assert.ok(Number(bars[0].attrs.y) + Number(bars[0].attrs.height) <= timeY(612), `bar ends at ${Number(bars[0].attrs.y) + Number(bars[0].attrs.height)}, the revoke's row at ${timeY(612)}`);
  // No failure is drawn: nothing is red.
  assert.deepEqual(els.filter((e) => e.attrs['data-status'] === 'divergent'), []);
});

test('lag that explains nothing is shown when it is large, not when it is small', () => {
  const little = diagram(golden('timeout-revoked-late-little-lag'), 'timeout');
  assert.equal(little.result.verdict, 'fail');
  // 60 ms: shown, beside the failure it did not explain.
  assert.equal(byClass(little.els, 'note', { 'data-kind': 'lag' }).length, 1);
  const trace = golden('timeout-conformant');
  trace.entries.push({ type: 'note', seq: trace.entries.length + 1, t: 400, kind: 'lag', text: 'harness event loop lagged 30 ms', data: { source: 'harness', from: 300, to: 400, lag: 30, period: 10 } });
  const small = diagram(trace, 'timeout');
  assert.equal(small.result.verdict, 'pass');
  assert.deepEqual(byClass(small.els, 'note', { 'data-kind': 'lag' }), []);
  assert.deepEqual(byClass(small.els, 'lag-bar'), []);
});

test('esc leaves plain text as it is and escapes the rest as before: markup, quotes, controls, lone surrogates', async () => {
  const { esc } = await import('../../src/reporting/svg.ts');
  assert.equal(esc('EventInvite Agent1 — Ünïcode 😀'), 'EventInvite Agent1 — Ünïcode 😀');
  assert.equal(esc(42), '42');
  assert.equal(esc(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  assert.equal(esc('bell\u0007 lone\uD800 pair😀'), 'bell\uFFFD lone\uFFFD pair😀');
});
