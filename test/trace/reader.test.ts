import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTrace, readTrace } from '../../src/trace/reader.ts';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';

const HEADER = JSON.stringify({ type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0.1.0', startedAt: '2024-01-01T00:00:00.000Z',
  participants: [{ name: 'IS1', role: 'InteractionServer' }] });
const msg = (seq: number, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'message', seq, t: seq * 1.5, from: 'IS1', to: 'Agent1',
  connection: 'c1', protocol: 'InteractionManagement', message: 'EventInvite', attributes: { TicketId: seq }, violations: [], ...extra });
const lines = (...ls: string[]) => ls.join('\n') + '\n';
const formatted = (text: string) => parseTrace(text, 'run.ndjson').diagnostics.map(formatDiagnostic);

test('a trace without a footer (the run died) is accepted as it is', () => {
  const { trace, diagnostics } = parseTrace(lines(HEADER, msg(1), msg(2)), 'run.ndjson');
  assert.deepEqual(diagnostics, []);
  assert.equal(trace!.footer, undefined);
  assert.deepEqual(trace!.entries.map((e) => e.seq), [1, 2]);
  assert.equal(trace!.source, 'run.ndjson');
});

test('a truncated last line is dropped with a warning and the rest of the trace is kept', () => {
  const text = lines(HEADER, msg(1), msg(2)) + msg(3).slice(0, 40);
  const { trace, diagnostics } = parseTrace(text, 'run.ndjson');
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    'run.ndjson:4:1 warning TRACE_TRUNCATED_LINE the last line is cut off (the run was probably killed while writing it); it is ignored',
  ]);
  assert.deepEqual(trace!.entries.map((e) => e.seq), [1, 2]);
});

test('a complete last line without its newline is kept', () => {
  const { trace, diagnostics } = parseTrace(lines(HEADER, msg(1)) + msg(2), 'run.ndjson');
  assert.deepEqual(diagnostics, []);
  assert.equal(trace!.entries.length, 2);
});

test('every malformed line is reported with its line number, what was expected and a hint', () => {
  const text = lines(
    HEADER,
    msg(1),
    'this is not json',
    '[1,2]',
    JSON.stringify({ type: 'mesage', seq: 2 }),
    msg(3, { from: 42, attributes: undefined }),
    msg(1),
    JSON.stringify({ type: 'note', seq: 5, t: 1, kind: 'remark', text: 'x' }),
    msg(6),
  );
  const { trace, diagnostics } = parseTrace(text, 'run.ndjson');
  assert.equal(trace, undefined);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    'run.ndjson:3:1 error TRACE_BAD_JSON line is not JSON (Unexpected token \'h\', "this is not json" is not valid JSON): this is not json\n' +
      '    expected: one JSON object per line (ndjson), as flowcert writes traces\n' +
      '    hint: was the file edited by hand or written by another tool? Traces come from flowcert runs (reports/traces/)',
    'run.ndjson:4:1 error TRACE_BAD_LINE line is JSON but not an object: [1,2]\n' +
      '    expected: a JSON object with a "type" field',
    'run.ndjson:5:1 error TRACE_UNKNOWN_TYPE unknown line type "mesage"\n' +
      '    expected: "type" one of message, bad-frame, note, footer\n' +
      '    hint: did you mean message?',
    'run.ndjson:6:1 error TRACE_BAD_ENTRY message line: "from" is integer, not string, no "attributes"\n' +
      '    expected: a message line with seq: integer, t: number, from: string, to: string, connection: string, protocol: string, message: string, ' +
      'alias?: string, referenceId?: number, attributes: object, raw?: string, violations: array',
    'run.ndjson:7:1 error TRACE_SEQ_ORDER seq 1 does not follow seq 1\n' +
      '    expected: seq greater than 1\n' +
      '    hint: entries must be in recording order; was the file sorted or merged?',
    'run.ndjson:8:1 error TRACE_BAD_ENTRY unknown note kind "remark"\n' +
      '    expected: kind one of connection-open, connection-close, participant, timer, stimulus, error, info, lag',
  ]);
});

test('a file that is not a trace says so on its first line', () => {
  assert.deepEqual(formatted(lines(msg(1))), [
    'run.ndjson:1:1 error TRACE_NO_HEADER the first line is not a trace header\n' +
      '    expected: {"type":"header","format":"flowcert-trace/2",...}\n' +
      '    hint: is this a flowcert trace? Traces are the .ndjson files a run writes under reports/traces/',
  ]);
  assert.deepEqual(formatted(''), [
    'run.ndjson:1:1 error TRACE_EMPTY the trace file is empty\n' +
      '    expected: a header line {"type":"header","format":"flowcert-trace/2",...}\n' +
      '    hint: the run that should have written it did not start recording',
  ]);
  assert.deepEqual(formatted(lines(HEADER.replace('flowcert-trace/1', 'flowcert-trace/9'))), [
    'run.ndjson:1:1 error TRACE_UNSUPPORTED_FORMAT unsupported trace format "flowcert-trace/9"\n' +
      '    expected: format "flowcert-trace/1" or "flowcert-trace/2"\n' +
      '    hint: the trace was written by another version of flowcert; check it with that version',
  ]);
});

test('concatenated traces and lines after the footer are reported', () => {
  const footer = JSON.stringify({ type: 'footer', t: 9, entries: 1 });
  assert.deepEqual(formatted(lines(HEADER, msg(1), footer, msg(2), HEADER)), [
    'run.ndjson:4:1 error TRACE_AFTER_FOOTER a message line after the footer (line 3)\n' +
      '    expected: nothing after the footer\n' +
      '    hint: two runs wrote to the same file? give each run its own trace file',
    'run.ndjson:5:1 error TRACE_SECOND_HEADER a second header line: two traces were concatenated\n' +
      '    expected: one header, on the first line\n' +
      '    hint: split the file at this line and check each part',
  ]);
});

test('a footer that disagrees with the entries is a warning', () => {
  const { trace, diagnostics } = parseTrace(lines(HEADER, msg(1), JSON.stringify({ type: 'footer', t: 9, entries: 3 })), 'run.ndjson');
  assert.ok(trace);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    'run.ndjson:3:1 warning TRACE_FOOTER_COUNT the footer counts 3 entries but the last seq is 1\n' +
      '    hint: entries were lost or the file was edited',
  ]);
});

test('participant notes are folded into the header; a malformed one is reported', () => {
  const note = (seq: number, data: unknown) => JSON.stringify({ type: 'note', seq, t: 0, kind: 'participant', text: 'joined', data });
  const ok = parseTrace(lines(HEADER, note(1, { name: 'Agent1', role: 'AgentApplication', binding: 'browser' })), 'run.ndjson');
  assert.deepEqual(ok.trace!.header.participants, [
    { name: 'IS1', role: 'InteractionServer' },
    { name: 'Agent1', role: 'AgentApplication', binding: 'browser' },
  ]);
  assert.equal(ok.trace!.entries.length, 1);
  assert.deepEqual(formatted(lines(HEADER, note(1, { name: 'Agent1' }))), [
    'run.ndjson:2:1 error TRACE_BAD_PARTICIPANT participant note data is not {name, role, binding?, adapter?}: {"name":"Agent1"}\n' +
      '    expected: {"name": string, "role": string, "binding"?: "reference" | "sut" | "unbound", "adapter"?: string}',
  ]);
});

test('a participant note naming a participant the header or an earlier note names adds nothing: the first wins', () => {
  const note = (seq: number, name: string, role: string) => JSON.stringify({ type: 'note', seq, t: 0, kind: 'participant', text: 'joined', data: { name, role } });
  const agents = Array.from({ length: 10_000 }, (_, i) => note(i + 4, `Agent${i}`, 'AgentApplication'));
  const read = parseTrace(lines(HEADER, note(1, 'IS1', 'URS'), note(2, 'Agent1', 'AgentApplication'), note(3, 'Agent1', 'StatServer'), ...agents), 'run.ndjson');
  const participants = read.trace!.header.participants;
  assert.equal(participants.length, 1 + 10_000);
  assert.deepEqual(participants.slice(0, 3), [
    { name: 'IS1', role: 'InteractionServer' },
    { name: 'Agent1', role: 'AgentApplication' },
    { name: 'Agent0', role: 'AgentApplication' },
  ]);
});

test('a binary file does not flood the user: problems are capped', () => {
  const text = HEADER + '\n' + Array.from({ length: 500 }, (_, i) => `\u0000garbage ${i}`).join('\n') + '\n';
  const ds = parseTrace(text, 'run.ndjson').diagnostics;
  assert.equal(ds.length, 201);
  assert.equal(formatDiagnostic(ds[200]), 'run.ndjson:1:1 error TRACE_TOO_MANY_PROBLEMS 300 more problems not shown\n    hint: is this a flowcert trace at all?');
});

test('a missing or unreadable file is a diagnostic, not an exception', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-reader-'));
  const missing = join(dir, 'nope.ndjson');
  assert.deepEqual((await readTrace(missing)).diagnostics.map(formatDiagnostic), [
    `error TRACE_NO_SUCH_FILE no such trace file: ${missing}\n    hint: traces are written under reports/traces/ by \`flowcert run\``,
  ]);
  assert.deepEqual((await readTrace(dir)).diagnostics.map(formatDiagnostic), [
    `error TRACE_UNREADABLE cannot read trace file ${dir}: it is a directory`,
  ]);
  const good = join(dir, 'good.ndjson');
  writeFileSync(good, lines(HEADER, msg(1)));
  assert.equal((await readTrace(good)).trace!.source, good);
});
