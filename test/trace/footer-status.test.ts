import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';

/** The footer says whether the run ended in order or was interrupted; traces written before it say nothing (complete). */

const HEADER = JSON.stringify({ type: 'header', format: 'flowcert-trace/1', flowcertVersion: '0.1.0', startedAt: '2024-01-01T00:00:00.000Z', participants: [] });
const footer = (extra: Record<string, unknown>) => JSON.stringify({ type: 'footer', t: 9, entries: 0, ...extra });
const read = (f: string) => parseTrace(`${HEADER}\n${f}\n`, 'run.ndjson');

test('a footer may say the run was interrupted or complete, or nothing', () => {
  assert.equal(read(footer({ status: 'interrupted' })).trace!.footer!.status, 'interrupted');
  assert.equal(read(footer({ status: 'complete' })).trace!.footer!.status, 'complete');
  const old = read(footer({}));
  assert.deepEqual(old.diagnostics, []);
  assert.equal(old.trace!.footer!.status, undefined);
});

test('any other footer status is an error that names the two', () => {
  assert.deepEqual(read(footer({ status: 'interupted' })).diagnostics.map(formatDiagnostic), [
    'run.ndjson:2:1 error TRACE_BAD_ENTRY unknown footer status "interupted"\n' +
      '    expected: status one of complete, interrupted, or none (complete)\n' +
      '    hint: did you mean interrupted?',
  ]);
  assert.match(read(footer({ status: 3 })).diagnostics.map(formatDiagnostic).join('\n'), /footer line: "status" is integer, not string/);
});

test('the recorder writes the status it is closed with; closed without one, it writes none', () => {
  const footerOf = (status?: 'complete' | 'interrupted') => {
    const rec = new TraceRecorder();
    rec.note({ kind: 'info', text: 'something happened' });
    return rec.close(status).footer;
  };
  assert.equal(footerOf('interrupted')?.status, 'interrupted');
  assert.equal(footerOf('complete')?.status, 'complete');
  assert.equal(footerOf()?.status, undefined);
});
