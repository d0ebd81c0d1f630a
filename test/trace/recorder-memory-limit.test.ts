import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import { readTrace } from '../../src/trace/reader.ts';
import type { TraceEntry } from '../../src/trace/types.ts';

/**
 * The recorder keeps at most maxEntriesInMemory entries in memory (the first ones), so a long flood
 * cannot grow the harness without bound. The file, the footer and listeners still get every entry;
 * the snapshot says it is truncated, so nothing reading it mistakes the first entries for the trace.
 */

const tmp = () => mkdtempSync(join(tmpdir(), 'flowcert-trace-limit-'));

function ack(rec: TraceRecorder, ref: number) {
  return rec.message({ from: 'IS1', to: 'Agent1', connection: 'c1', protocol: 'InteractionManagement', message: 'EventAck', referenceId: ref, attributes: {}, violations: [] });
}

test('past the memory limit the snapshot keeps the first entries and says it is truncated; the file has them all', async () => {
  const file = join(tmp(), 'flood.ndjson');
  const rec = new TraceRecorder({ file, maxEntriesInMemory: 5 });
  const heard: number[] = [];
  rec.subscribe((e) => heard.push(e.seq));
  for (let i = 1; i <= 5; i++) ack(rec, i);
  assert.equal(rec.snapshot().truncated, undefined, 'at the limit nothing is lost yet');

  for (let i = 6; i <= 12; i++) ack(rec, i);
  const live = rec.snapshot();
  assert.deepEqual(live.entries.map((e) => e.seq), [1, 2, 3, 4, 5]);
  assert.deepEqual(live.truncated, { kept: 5, recorded: 12 });
  assert.equal(live.source, file, 'the snapshot says where the whole trace is');
  assert.equal(heard.length, 12, 'listeners (readiness, waiters) still see every entry');

  const closed = rec.close();
  assert.deepEqual(closed.truncated, { kept: 5, recorded: 12 });
  assert.equal(closed.footer!.entries, 12, 'the footer counts every entry recorded');
  const { trace, diagnostics } = await readTrace(file);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(trace!.entries.map((e: TraceEntry) => e.seq), Array.from({ length: 12 }, (_, i) => i + 1));
  assert.equal(trace!.truncated, undefined, 'a trace read from its file is whole');
});

test('the default keeps a scenario-sized trace whole', () => {
  const rec = new TraceRecorder();
  for (let i = 1; i <= 10_000; i++) ack(rec, i);
  const trace = rec.snapshot();
  assert.equal(trace.entries.length, 10_000);
  assert.equal(trace.truncated, undefined);
});

test('keepInMemory false is not a truncation: it keeps nothing by choice', () => {
  const rec = new TraceRecorder({ keepInMemory: false, maxEntriesInMemory: 1 });
  ack(rec, 1);
  ack(rec, 2);
  assert.equal(rec.snapshot().truncated, undefined);
});

test('a memory limit that is not a number of entries is refused at setup', () => {
  assert.throws(() => new TraceRecorder({ maxEntriesInMemory: -1 }), { message: 'maxEntriesInMemory must be a number of entries, 0 or more; got -1' });
  assert.throws(() => new TraceRecorder({ maxEntriesInMemory: Number.NaN }), RangeError);
});
