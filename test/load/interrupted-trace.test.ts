import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchTrace } from '../../src/flow/matcher.ts';
import { cutAt, onTheirClock, settledBy } from '../../src/load/interrupted-trace.ts';
import { REFUSED_BY_ANSWER } from '../../src/load/deliver-load.ts';
import { RequestRefusedError, NoAnswerError } from '../../src/servers/index.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';

function trace(entries: Array<Partial<TraceEntry> & { t: number }>, footer?: Trace['footer'], startedAt = '2026-01-01T00:00:00.000Z'): Trace {
  return {
    header: { type: 'header', format: 'flowcert-trace/2', startedAt, participants: [] } as unknown as Trace['header'],
    entries: entries.map((e, i) => ({ type: 'note', kind: 'info', text: `n${i}`, seq: i + 1, ...e }) as TraceEntry),
    ...(footer ? { footer } : {}),
  };
}

test('cut at the interrupt: entries after it (the teardown) are dropped, and the footer says interrupted there', () => {
  const t = cutAt(trace([{ t: 1 }, { t: 5 }, { t: 9 }], { type: 'footer', t: 12, entries: 3 }), 6);
  assert.deepEqual(t.entries.map((e) => e.t), [1, 5]);
  assert.deepEqual(t.footer, { type: 'footer', t: 6, entries: 2, status: 'interrupted' });
});

test('a trace that ends sooner (its own process interrupted first) keeps its end', () => {
  const t = cutAt(trace([{ t: 1 }, { t: 5 }], { type: 'footer', t: 5.5, entries: 2, status: 'interrupted' }), 6);
  assert.equal(t.footer?.t, 5.5);
  assert.equal(t.footer?.status, 'interrupted');
  // A trace with no footer (killed) ends at the interrupt.
  assert.equal(cutAt(trace([{ t: 1 }]), 6).footer?.t, 6);
});

test('the harness\'s interrupt on another trace\'s clock: aligned by the headers\' starts, the earlier end of the alignment\'s uncertainty', () => {
  // The server's trace began 100 ms before the harness's: harness 50 ms is server 150 ms, less 2 ms.
  const server = trace([], undefined, '2026-01-01T00:00:00.000Z');
  assert.equal(onTheirClock(50, '2026-01-01T00:00:00.100Z', server), 148);
});

test('a sampled instance cut after its RequestAccept is inconc on a trace cut at the interrupt, where a complete footer failed it', async () => {
  const { ModelRegistry } = await import('../../src/session/model-registry.ts');
  const { join } = await import('node:path');
  const model = await new ModelRegistry(join(import.meta.dirname, '..', '..', 'scenarios')).get('deliver-interaction-to-agent');
  const { parseTrace } = await import('../../src/trace/reader.ts');
  const { readFileSync } = await import('node:fs');
  const file = join(import.meta.dirname, '..', 'fixtures', 'load-cut-instance.ndjson');
  const recorded = parseTrace(readFileSync(file, 'utf8'), file).trace!;
  const complete = matchTrace(model, recorded, { variant: 'accept', timers: { delivering: 1000 } });
  assert.equal(complete.verdict, 'fail');
  const cut = matchTrace(model, cutAt(recorded, recorded.footer!.t), { variant: 'accept', timers: { delivering: 1000 } });
  assert.equal(cut.verdict, 'inconc', cut.summary);
});

test('a refusal the server answered is told from a request that went unanswered by the reference clients\' wording', () => {
  const answered = new RequestRefusedError('RequestSubmit', 7, 42, 'no such queue', { message: 'EventError' } as never);
  assert.match(`E-mail Server could not submit: ${answered.message}`, REFUSED_BY_ANSWER);
  const unanswered = new NoAnswerError('RequestSubmit not sent: the connection to IS1 is closed');
  assert.doesNotMatch(unanswered.message, REFUSED_BY_ANSWER);
});

test('settled before the cut: the instances whose EventRouteUsed was recorded by then (their last one), no others', () => {
  const msg = (t: number, m: string, id: string) => ({ t, type: 'message', message: m, attributes: { InteractionId: id }, connection: 'c1', from: 'IS1', to: 'URS', protocol: 'tlib' }) as unknown as TraceEntry & { t: number };
  const t = trace([msg(1, 'RequestRouteCall', 'A'), msg(2, 'EventRouteUsed', 'A'), msg(3, 'RequestRouteCall', 'B'), msg(8, 'EventRouteUsed', 'B'), msg(9, 'RequestRouteCall', 'C')]);
  assert.deepEqual([...settledBy(t, 5)], ['A']);
  assert.deepEqual([...settledBy(t, 8)].sort(), ['A', 'B']);
});
