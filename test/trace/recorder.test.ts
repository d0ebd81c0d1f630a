import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import { readTrace } from '../../src/trace/reader.ts';
import type { TraceEntry } from '../../src/trace/types.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'flowcert-trace-'));
const turn = () => new Promise((r) => setImmediate(r));

function invite(rec: TraceRecorder, ticket: number, t?: number) {
  return rec.message({
    from: 'IS1', to: 'Agent1', connection: 'c1', protocol: 'InteractionManagement', message: 'EventInvite',
    referenceId: ticket, attributes: { TicketId: ticket }, violations: [], ...(t !== undefined ? { t } : {}),
  });
}

test('a recorded trace reads back exactly as it was recorded, late participants folded into the header', async () => {
  const file = join(tmp(), 'deep', 'er', 'run.ndjson');
  const rec = new TraceRecorder({
    file, flowcertVersion: '0.1.0', meta: { scenario: 'accept' },
    participants: [{ name: 'IS1', role: 'InteractionServer', binding: 'reference' }],
  });
  rec.note({ kind: 'connection-open', connection: 'c1', participant: 'Agent1', text: 'Agent1 connected' });
  rec.addParticipant({ name: 'Agent1', role: 'AgentApplication', binding: 'sut', adapter: 'process' });
  invite(rec, 7);
  rec.badFrame({ from: 'Agent1', to: 'IS1', connection: 'c1', raw: '{not json', size: 9,
    violations: [{ code: 'NOT_JSON', severity: 'error', message: 'frame is not JSON' }] });
  rec.message({ from: 'Agent1', to: 'IS1', connection: 'c1', protocol: 'InteractionManagement', message: 'EventInteractionSubmitted',
    alias: 'EventInteractionSubmited', attributes: { Nested: { list: [1, 'two', null] }, Unicode: 'Zoë → ✓' }, violations: [] });
  const closed = rec.close();

  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(trace, closed);
  assert.deepEqual(trace!.header.participants.map((p) => p.name), ['IS1', 'Agent1']);
  assert.deepEqual(trace!.entries.map((e) => [e.seq, e.type]), [[1, 'note'], [2, 'note'], [3, 'message'], [4, 'bad-frame'], [5, 'message']]);
  assert.deepEqual(trace!.entries[1], { type: 'note', seq: 2, t: trace!.entries[1].t, kind: 'participant', participant: 'Agent1',
    text: 'participant Agent1 (AgentApplication) joined', data: { name: 'Agent1', role: 'AgentApplication', binding: 'sut', adapter: 'process' } });
  assert.deepEqual(trace!.footer, { type: 'footer', t: closed.footer!.t, entries: 5 });
});

test('times are monotonic ms since start rounded to the microsecond, and an explicit t is kept', async () => {
  const rec = new TraceRecorder();
  const a = invite(rec, 1);
  await new Promise((r) => setTimeout(r, 5));
  const b = invite(rec, 2);
  const c = invite(rec, 3, 12.5);
  assert.ok(a.t >= 0 && b.t >= a.t + 4, `${a.t} then ${b.t}`);
  for (const e of [a, b]) assert.equal(Math.round(e.t * 1000) / 1000, e.t);
  assert.equal(c.t, 12.5);
  assert.deepEqual([a.seq, b.seq, c.seq], [1, 2, 3]);
});

test('lines are handed to the writer at the end of the event-loop turn and reach the file before close', async () => {
  const file = join(tmp(), 't.ndjson');
  const rec = new TraceRecorder({ file });
  assert.equal(readFileSync(file, 'utf8').split('\n').length, 2, 'header written at creation');
  invite(rec, 1);
  invite(rec, 2);
  await turn();
  // Written off the event loop: on disk once the writer says so, with no close.
  await rec.whenWritten();
  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics, []);
  assert.equal(trace!.entries.length, 2);
  assert.equal(trace!.footer, undefined);
  rec.close();
});

test('without a file the trace lives in memory only', () => {
  const rec = new TraceRecorder({ file: null });
  invite(rec, 1);
  assert.equal(rec.snapshot().entries.length, 1);
  assert.equal(rec.snapshot().footer, undefined);
  assert.equal(rec.snapshot().source, undefined);
  assert.equal(rec.close().footer!.entries, 1);
});

test('keepInMemory false keeps nothing in memory but writes everything to the file', async () => {
  const file = join(tmp(), 'soak.ndjson');
  const rec = new TraceRecorder({ file, keepInMemory: false });
  for (let i = 1; i <= 1000; i++) invite(rec, i);
  assert.equal(rec.snapshot().entries.length, 0);
  rec.close();
  const { trace } = await readTrace(file);
  assert.equal(trace!.entries.length, 1000);
  assert.equal(trace!.footer!.entries, 1000);
});

test('listeners see every entry in order until they unsubscribe', () => {
  const rec = new TraceRecorder();
  const seen: number[] = [];
  const off = rec.subscribe((e) => {
    seen.push(e.seq);
    if (e.seq === 2) off();
  });
  invite(rec, 1);
  invite(rec, 2);
  invite(rec, 3);
  assert.deepEqual(seen, [1, 2]);
});

test('a throwing listener is recorded as an error note and does not stop recording or other listeners', () => {
  const rec = new TraceRecorder();
  const others: TraceEntry[] = [];
  rec.subscribe(() => {
    throw new Error('boom');
  });
  rec.subscribe((e) => others.push(e));
  invite(rec, 1);
  invite(rec, 2);
  const entries = rec.snapshot().entries;
  assert.deepEqual(entries.map((e) => (e.type === 'note' ? `${e.kind}: ${e.text}` : `${e.type} ${e.seq}`)), [
    'message 1', 'error: a trace listener threw: boom', 'message 3', 'error: a trace listener threw: boom',
  ]);
  assert.deepEqual(others.map((e) => e.seq), [2, 1, 4, 3]);
});

test('close is idempotent and entries offered after it are dropped and counted', async () => {
  const file = join(tmp(), 'c.ndjson');
  const rec = new TraceRecorder({ file });
  invite(rec, 1);
  const first = rec.close();
  assert.equal(rec.close(), first);
  invite(rec, 2);
  assert.equal(rec.droppedAfterClose, 1);
  assert.equal(rec.snapshot().entries.length, 1);
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 3);
  assert.equal(JSON.parse(lines[2]).type, 'footer');
});

test('a participant name can join once; the same name with another role is refused', () => {
  const rec = new TraceRecorder({ participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  rec.addParticipant({ name: 'IS1', role: 'InteractionServer' });
  assert.equal(rec.snapshot().entries.length, 0);
  assert.throws(() => rec.addParticipant({ name: 'IS1', role: 'StatServer' }), {
    message: 'participant IS1 is already in the trace as InteractionServer',
  });
});

test('an unwritable trace path fails at creation, not in the middle of a run', () => {
  const dir = tmp();
  assert.throws(() => new TraceRecorder({ file: dir }), /EISDIR/);
  assert.ok(existsSync(dir));
});

test('a message line written from the attributes text in hand is the line written without it, and reads back as the entry', async () => {
  const file = join(tmp(), 'reuse.ndjson');
  const rec = new TraceRecorder({ file });
  const attributes = { TicketId: 7, Interaction: { InteractionId: 'x"\u00e9\n', Empty: {}, List: [1, 'two', null] }, Skipped: undefined };
  const base = { from: 'IS1', to: 'A1', connection: 'c1', protocol: 'InteractionManagement', message: 'EventInvite', attributes, violations: [] };
  const plain = rec.message({ ...base, referenceId: 3 });
  const reused = rec.message({ ...base, referenceId: 3, alias: 'EventInvited', raw: 'r' }, JSON.stringify(attributes));
  const noRef = rec.message({ ...base, violations: [{ code: 'MISSING_ATTRIBUTE', severity: 'error', message: 'm' }] }, JSON.stringify(attributes));
  const trace = rec.close();
  // traceLines stringifies every message's attributes itself.
  assert.equal(readFileSync(file, 'utf8'), traceLines(trace.header, trace.entries, trace.footer).join(''));
  const read = await readTrace(file);
  assert.deepEqual(read.diagnostics, []);
  assert.deepEqual(read.trace!.entries.map((e) => JSON.stringify(e)), [plain, reused, noRef].map((e) => JSON.stringify(e)));
});
