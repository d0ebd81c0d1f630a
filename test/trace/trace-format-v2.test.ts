import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { encodeFrameParts } from '../../src/codec/envelope.ts';
import { FrameReader } from '../../src/codec/frame-reader.ts';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { Redactor } from '../../src/secrets/redactor.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import { parseTrace, readTrace, streamTrace } from '../../src/trace/reader.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import type { Trace, TraceEntry } from '../../src/trace/types.ts';

// flowcert-trace/2 writes messages compact (src/trace/line-writer.ts); the reader gives back, from either
// format, the very entries the recorder kept — same values, same key order — so no consumer can tell.

const tmp = () => mkdtempSync(join(tmpdir(), 'flowcert-trace-v2-'));
const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
/** Entries compared as text: equal values in another key order would print differently in a report. */
const asText = (entries: readonly TraceEntry[]) => entries.map((e) => JSON.stringify(e));

/** One of every kind of entry, on connections named, reversed, renamed, and with awkward ids. */
function everyKind(rec: TraceRecorder): void {
  rec.note({ kind: 'connection-open', connection: 'c1', participant: 'Agent1', text: 'connection c1 opened: IS1 ↔ Agent1 on /' });
  rec.addParticipant({ name: 'Agent1', role: 'AgentApplication', binding: 'sut', adapter: 'process' });
  const m = { connection: 'c1', protocol: 'InteractionManagement', violations: [] };
  rec.message({ ...m, from: 'Agent1', to: 'IS1', message: 'RequestAgentLogin', referenceId: 2, attributes: { TenantId: 101, MediaList: { email: 1 } } });
  rec.message({ ...m, from: 'IS1', to: 'Agent1', message: 'EventAck', referenceId: 2, attributes: {} }, '{}');
  rec.message({ ...m, from: 'IS1', to: 'Agent1', message: 'EventInvite', attributes: { Unicode: 'Zoë → ✓ "q"\n', List: [1, null] }, raw: '{"x":1}',
    violations: [{ code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'no TicketId', expected: 'TicketId', hint: 'h' }] });
  rec.message({ ...m, from: 'Agent1', to: 'IS1', message: 'EventInteractionSubmitted', alias: 'EventInteractionSubmited', attributes: { A: 1 } }, '{"A":1}');
  rec.badFrame({ from: 'Agent1', to: 'IS1', connection: 'c1', raw: '{not json', size: 9, violations: [{ code: 'NOT_JSON', severity: 'error', message: 'not JSON' }] });
  // Another pair on the same connection id (a test, a hand-made trace): named again, then that holds.
  rec.message({ ...m, from: 'Stat1', to: 'IS1', message: 'EventAck', attributes: {} });
  rec.message({ ...m, from: 'IS1', to: 'Stat1', message: 'EventAck', attributes: {} });
  rec.message({ ...m, connection: 'c"2\\', from: 'URS "1"', to: 'IS1', protocol: 'TLibrary', message: 'RequestRouteCall', referenceId: 0, attributes: {}, t: 12.5 });
  rec.message({ ...m, connection: 'c"2\\', from: 'IS1', to: 'URS "1"', protocol: 'TLibrary', message: 'EventRouteUsed', attributes: {} });
  rec.message({ ...m, from: 'Agent1', to: 'IS1', message: 'RequestAccept', referenceId: 3, attributes: {} });
  for (const kind of ['timer', 'stimulus', 'error', 'info', 'connection-close'] as const) rec.note({ kind, connection: 'c1', text: `${kind} note`, data: { n: 1 } });
  rec.note({ kind: 'lag', text: 'lag', data: { source: 'harness', from: 1, to: 2, lag: 30, period: 100 } });
}

test('a flowcert-trace/2 file reads back as exactly the trace recorded: every kind of entry, header and footer', async () => {
  const file = join(tmp(), 'every.ndjson');
  const rec = new TraceRecorder({ file, flowcertVersion: '0.1.0', meta: { scenario: 's' }, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  everyKind(rec);
  const recorded = rec.close('interrupted');
  const text = readFileSync(file, 'utf8');
  assert.match(text.split('\n')[0], /"format":"flowcert-trace\/2"/);

  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(trace, recorded);
  assert.deepEqual(asText(trace!.entries), asText(recorded.entries));
  const streamed: TraceEntry[] = [];
  assert.deepEqual((await streamTrace(file, (e) => (streamed.push(e), false))).diagnostics, []);
  assert.deepEqual(asText(streamed), asText(recorded.entries));

  // The lines as defined: a connection's ends once, then a direction; no type, no empty violations.
  const lines = text.split('\n');
  assert.equal(lines[3], `{"s":3,"t":${recorded.entries[2].t},"c":"c1","from":"Agent1","to":"IS1","p":"InteractionManagement","m":"RequestAgentLogin","r":2,"a":{"TenantId":101,"MediaList":{"email":1}}}`);
  assert.equal(lines[4], `{"s":4,"t":${recorded.entries[3].t},"c":"c1","d":"<","p":"InteractionManagement","m":"EventAck","r":2,"a":{}}`);
  assert.match(lines[6], /"d":">","p":"InteractionManagement","m":"EventInteractionSubmitted","w":"EventInteractionSubmited","a":\{"A":1\}\}$/);
  assert.match(lines[7], /^\{"type":"bad-frame",/);
  assert.match(lines[8], /"c":"c1","from":"Stat1","to":"IS1",/);
  assert.match(lines[12], /"c":"c1","from":"Agent1","to":"IS1",/, 'named again after another pair used the id');
});

test('a flowcert-trace/1 file still reads as it did, and the same trace written as /2 reads the same', () => {
  const names = readdirSync(GOLDEN).filter((f) => f.endsWith('.ndjson'));
  assert.ok(names.length >= 10);
  for (const name of names) {
    const v1text = readFileSync(join(GOLDEN, name), 'utf8');
    assert.match(v1text, /^\{"type":"header","format":"flowcert-trace\/1"/);
    const v1 = parseTrace(v1text, name);
    assert.deepEqual(v1.diagnostics.filter((d) => d.severity === 'error'), [], name);
    // Each v1 message line is the entry read, as JSON: nothing added, nothing lost, same order.
    const v1lines = v1text.trimEnd().split('\n').slice(1).filter((l) => !l.startsWith('{"type":"footer"'));
    assert.deepEqual(asText(v1.trace!.entries), v1lines, name);

    const v2text = traceLines(v1.trace!.header, v1.trace!.entries, v1.trace!.footer).join('');
    assert.ok(v2text.length < v1text.length, `${name}: /2 is smaller`);
    const v2 = parseTrace(v2text, name);
    assert.deepEqual(v2.diagnostics, v1.diagnostics, name);
    assert.deepEqual(asText(v2.trace!.entries), asText(v1.trace!.entries), name);
    assert.deepEqual(v2.trace!.footer, v1.trace!.footer, name);
    assert.deepEqual({ ...v2.trace!.header, format: 'flowcert-trace/1' }, v1.trace!.header, name);
  }
});

test('a message whose frame carried a PSDK alias reads back with its canonical name and the alias, from the frame text in hand', async () => {
  const file = join(tmp(), 'alias.ndjson');
  const rec = new TraceRecorder({ file });
  const envelope = { protocol: 'Reporting', message: 'EventInteractionSubmited', attributes: { InteractionId: '0001', MediaType: 'email', Queue: 'Inbound' } };
  // As CheckedConnection.send records a frame it built: checked as built, its attributes' text in hand.
  const r = new FrameReader().check(envelope, { sender: 'local', fromRole: 'InteractionServer', toRole: 'StatServer' });
  assert.equal(r.alias, 'EventInteractionSubmited');
  const { frame, attributesJson } = encodeFrameParts(envelope);
  traceObserver(rec).message({ connection: 'c1', from: 'IS1', to: 'Stat1', envelope: r.envelope, canonical: r.canonical, alias: r.alias, violations: r.violations, attributesJson });
  const recorded = rec.close();
  const line = readFileSync(file, 'utf8').split('\n')[1];
  assert.ok(line.includes(`"a":${attributesJson}`) && frame.includes(`"attributes":${attributesJson}`), line);
  const { trace } = await readTrace(file);
  const m = trace!.entries[0];
  assert.ok(m.type === 'message');
  assert.equal(m.message, 'EventInteractionSubmitted');
  assert.equal(m.alias, 'EventInteractionSubmited');
  assert.deepEqual(m.attributes, envelope.attributes);
  assert.deepEqual(asText(trace!.entries), asText(recorded.entries));
});

test('a message carrying a secret is written from the redacted entry, not from the frame text in hand, and reads back redacted', async () => {
  const TOKEN = 'tok-5f4e3d2c1b0a';
  const file = join(tmp(), 'secret.ndjson');
  const rec = new TraceRecorder({ file, redactor: new Redactor([TOKEN]) });
  const attributes = { ClientName: 'D', Extension: { token: TOKEN } };
  rec.message({ from: 'D', to: 'IS1', connection: 'c1', protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes, violations: [] }, JSON.stringify(attributes));
  rec.message({ from: 'IS1', to: 'D', connection: 'c1', protocol: 'InteractionManagement', message: 'EventAck', referenceId: 1, attributes: {}, violations: [] }, '{}');
  const recorded = rec.close();
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes(TOKEN), text);
  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics, []);
  const [register, ack] = trace!.entries;
  assert.ok(register.type === 'message' && ack.type === 'message');
  assert.deepEqual(register.attributes, { ClientName: 'D', Extension: { token: '[secret]' } });
  assert.deepEqual([ack.from, ack.to], ['IS1', 'D'], 'the direction after a redacted line');
  assert.deepEqual(asText(trace!.entries), asText(recorded.entries));
});

test('a /2 file cut anywhere reads as a prefix of its entries, in order; a cut last line is a warning, as in /1', () => {
  const rec = new TraceRecorder();
  everyKind(rec);
  const whole: Trace = rec.close();
  const text = traceLines(whole.header, whole.entries).join('');
  const all = asText(whole.entries);
  const headerEnd = text.indexOf('\n') + 1;
  for (let cut = headerEnd; cut <= text.length; cut++) {
    const { trace, diagnostics } = parseTrace(text.slice(0, cut), 'cut.ndjson');
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], `cut at ${cut}`);
    const got = asText(trace!.entries);
    assert.deepEqual(got, all.slice(0, got.length), `cut at ${cut}`);
    // Cut right after a line's closing brace, the line is whole though its newline is not there.
    const parts = text.slice(0, cut).split('\n');
    const complete = parts.length - 2 + (text.split('\n').includes(parts[parts.length - 1]) && parts[parts.length - 1] !== '' ? 1 : 0);
    assert.equal(got.length, complete, `cut at ${cut}: every whole line read`);
  }
  const lines = text.split('\n');
  const cutMidLine = `${lines.slice(0, 4).join('\n')}\n${lines[4].slice(0, 20)}`;
  assert.deepEqual(parseTrace(cutMidLine, 'run.ndjson').diagnostics.map(formatDiagnostic), [
    'run.ndjson:5:1 warning TRACE_TRUNCATED_LINE the last line is cut off (the run was probably killed while writing it); it is ignored',
  ]);
});

test('a /2 message line that cannot be read says what is wrong with it', () => {
  const header = JSON.stringify({ type: 'header', format: 'flowcert-trace/2', flowcertVersion: '0', startedAt: '', participants: [] });
  const text = [
    header,
    '{"s":1,"t":1,"c":"c1","d":">","p":"P","m":"M","a":{}}',
    '{"s":2,"t":1,"c":"c1","from":"A","p":"P","m":"M","a":{}}',
    '{"s":3,"t":1,"c":"c1","from":"A","to":"B","p":"P","m":"M","a":[]}',
    '{"s":4,"t":1,"c":"c1","from":"A","to":"B","p":"P","m":"M","a":{}}',
    '{"s":5,"t":1,"c":"c1","d":"^","p":"P","m":"M","a":{}}',
    '{"s":6,"t":1,"c":"c1","d":"<","p":"P","m":"M","a":{}}',
    '',
  ].join('\n');
  const { trace, diagnostics } = parseTrace(text, 'run.ndjson');
  assert.equal(trace, undefined);
  assert.deepEqual(diagnostics.map((d) => `${d.location?.line} ${d.code} ${d.message}`), [
    '2 TRACE_BAD_ENTRY message line: "d" on connection c1, whose ends no earlier line named',
    '3 TRACE_BAD_ENTRY message line: neither "d" nor both "from" and "to"',
    '4 TRACE_BAD_ENTRY message line: "a" is array, not object',
    '6 TRACE_BAD_ENTRY message line: "d" is "^", not ">" or "<"',
  ]);
  assert.match(diagnostics[0].expected ?? '', /^a message line with s: integer, t: number, c: string, from\?: string, to\?: string, d\?: string, p: string/);
  // In a /1 file a line without a type is no message.
  const v1 = parseTrace(text.replace('flowcert-trace/2', 'flowcert-trace/1'), 'run.ndjson');
  assert.equal(v1.diagnostics[0].code, 'TRACE_UNKNOWN_TYPE');
});
