import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MAX_ATTACHED_TRACE_CHARS, scenarioAttachments, traceToNdjson } from '../../src/cucumber/scenario-attachments.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowCheck } from '../../src/session/session.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import { parseSvg } from '../reporting/svg-check.ts';

const { model } = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
assert.ok(model);
const text = readFileSync('test/fixtures/golden/accept-wrong-ticket.ndjson', 'utf8');
const trace = parseTrace(text).trace!;

function check(variant: string): FlowCheck {
  return { model: model!, variant, result: matchTrace(model!, trace, { variant, timers: { delivering: 200 } }) };
}

test('a scenario carries its trace as ndjson, then one sequence diagram per flow check', () => {
  const out = scenarioAttachments('agent-accepts-delivery-35', trace, [check('accept'), check('reject')], text);
  assert.deepEqual(
    out.map((a) => [a.mediaType, a.fileName]),
    [
      ['application/x-ndjson', 'agent-accepts-delivery-35.ndjson'],
      ['image/svg+xml', 'agent-accepts-delivery-35.1.accept.fail.svg'],
      ['image/svg+xml', 'agent-accepts-delivery-35.2.reject.fail.svg'],
    ],
  );
  assert.equal(out[0].body, text, 'the trace file as written');
  const svg = parseSvg(out[1].body);
  assert.ok(svg.some((e) => e.attrs.class === 'explanation' && e.text.includes('TicketId: expected $ticket (= 7), got 8')), 'the explanation is explain(result)');
});

test('one flow check: its diagram is named after the variant and the verdict only', () => {
  const out = scenarioAttachments('s-1', trace, [check('accept')], text);
  assert.equal(out[1].fileName, 's-1.accept.fail.svg');
});

test('a trace that lives in memory only is attached as the same ndjson lines', () => {
  const out = scenarioAttachments('s-1', trace, []);
  assert.equal(out.length, 1);
  assert.deepEqual(parseTrace(out[0].body).trace?.entries, trace.entries);
  assert.equal(traceToNdjson(trace).split('\n').length, trace.entries.length + 3, 'header, entries, footer, final newline');
});

test('a trace too large to embed is replaced by a note saying where it is', () => {
  const huge = 'x'.repeat(MAX_ATTACHED_TRACE_CHARS + 1);
  const out = scenarioAttachments('s-1', { ...trace, source: 'reports/traces/f/s-1.ndjson' }, [], huge);
  assert.deepEqual(out, [
    {
      body: `The trace is ${huge.length} characters long, too large to embed in the report: read reports/traces/f/s-1.ndjson\n`,
      mediaType: 'text/plain',
      fileName: 's-1.ndjson.txt',
    },
  ]);
});
