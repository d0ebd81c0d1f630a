import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readTrace, streamTrace } from '../../src/trace/reader.ts';

// streamTrace reads 1 MiB at a time and decodes 64 KiB at a time: a line, or a character of several
// bytes, cut by either edge must read as readTrace (the whole file at once) reads it.

const tmp = mkdtempSync(join(tmpdir(), 'flowcert-stream-chunks-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('lines and multi-byte characters across every kind of chunk edge: the entries readTrace reads', async () => {
  const header = { type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0.1.0', startedAt: '2025-01-06T09:00:00.000Z', participants: [{ name: 'IS1', role: 'InteractionServer' }, { name: 'Stat1', role: 'StatServer' }] };
  const lines = [JSON.stringify(header)];
  let seq = 0;
  // Line lengths that drift against the 64 KiB and 1 MiB edges, with 2-, 3- and 4-byte characters, and
  // now and then a line longer than 64 KiB.
  for (let i = 0; i < 3000; i++) {
    const text = `${'é'.repeat(i % 7)}${'日本語'.repeat(i % 5)}${'😀'.repeat(i % 3)}${'x'.repeat((i * 37) % 400)}${i % 500 === 0 ? 'ü'.repeat(70_000) : ''}`;
    lines.push(JSON.stringify({ type: 'message', seq: ++seq, t: i, from: 'IS1', to: 'Stat1', connection: 'IS1<->Stat1', protocol: 'Reporting', message: 'EventPlaceAgentState', attributes: { Note: text }, violations: [] }));
  }
  lines.push(JSON.stringify({ type: 'footer', t: 3000, entries: seq }));
  const path = join(tmp, 'chunks.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const whole = await readTrace(path);
  const streamed: unknown[] = [];
  const read = await streamTrace(path, (e) => {
    streamed.push(e);
    return false;
  });
  assert.deepEqual(read.diagnostics, whole.diagnostics);
  assert.equal(streamed.length, 3000);
  assert.deepEqual(streamed, whole.trace!.entries);
});
