import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { encodeFrameParts } from '../../src/codec/envelope.ts';
import { attributesText } from '../../src/codec/attributes-text.ts';
import type { Envelope } from '../../src/codec/envelope.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import { readTrace } from '../../src/trace/reader.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import type { TraceRecorderOptions } from '../../src/trace/recorder.ts';
import type { WireMessage } from '../../src/transport/types.ts';

// The bytes a recorder writes for a session of wire events, pinned: a recorder made faster must write
// the same file for the same events (flowcert-trace/2 is read by other tools). The fixture was written by
// the recorder as it was before it learnt to write a line without building its entry
// (UPDATE_GOLDEN=1 writes it again: only on purpose, with the README's format section).
const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'recorded-lines', 'session.ndjson');

/** The recorder's clock, set by the session: both recorders see the same times. */
let clock = 1000;
const realNow = performance.now.bind(performance);

function inbound(connection: string, from: string, to: string, env: Envelope, extra: Partial<WireMessage> = {}): WireMessage {
  const frame = JSON.stringify(env);
  const a = attributesText(frame, env);
  return { connection, from, to, envelope: env, canonical: env.message, violations: [], ...(a !== undefined ? { attributesJson: a } : {}), ...extra };
}

function outbound(connection: string, from: string, to: string, env: Envelope, extra: Partial<WireMessage> = {}): WireMessage {
  return { connection, from, to, envelope: env, canonical: env.message, violations: [], attributesJson: encodeFrameParts(env).attributesJson, ...extra };
}

const im = (message: string, referenceId: number | undefined, attributes: Record<string, unknown>): Envelope =>
  (referenceId === undefined ? { protocol: 'InteractionManagement', message, attributes } : { protocol: 'InteractionManagement', message, referenceId, attributes });

/** Every kind of wire event a server's observer hears, in the order a session might: the file's lines come from these. */
function session(opts: TraceRecorderOptions, setup: (rec: TraceRecorder) => void = () => {}): TraceRecorder {
  performance.now = () => clock;
  try {
    clock = 1000;
    const rec = new TraceRecorder({ flowcertVersion: '9.9.9', participants: [{ name: 'IS1', role: 'InteractionServer', binding: 'reference' }], ...opts });
    setup(rec);
    const obs = traceObserver(rec);
    const at = (ms: number) => (clock = 1000 + ms);
    at(0.5);
    obs.participant!({ connection: 'c1', name: 'IS1', role: 'InteractionServer', namedBy: 'configured', end: 'local' });
    obs.event({ kind: 'connection-open', connection: 'c1', text: 'connection c1 opened: IS1 ↔ unnamed peer from 127.0.0.1:5 on /' });
    at(1.25);
    obs.participant!({ connection: 'c1', name: 'A1', role: 'AgentApplication', namedBy: 'register', end: 'remote' });
    obs.message(inbound('c1', 'A1', 'IS1', im('RequestRegisterClient', 1, { ClientName: 'A1', ClientType: 'AgentApplication' })));
    at(1.2504);
    obs.message(outbound('c1', 'IS1', 'A1', im('EventAck', 1, {})));
    at(2.0001);
    obs.message(inbound('c1', 'A1', 'IS1', im('RequestAgentLogin', 2, { TenantId: 101, PlaceId: 'P-A1', AgentId: 'A1', MediaList: { voice: 1, email: 1 } })));
    at(3);
    // Attributes not in hand as text: stringified; strings a JSON encoder escapes, and chars past ASCII.
    obs.message({ connection: 'c1', from: 'IS1', to: 'A1', envelope: im('EventAck', 2, { Note: 'Zoë → ✓ "quoted" \\ back\nline\u2028sep\u0001' }), canonical: 'EventAck', violations: [] });
    at(3.1);
    obs.message(outbound('c9', 'IS1', 'REC "one"', { protocol: 'Reporting', message: 'EventAgentLogin', attributes: { AgentId: 'A1', PlaceId: 'P-A1', TenantId: 101, EventTime: '2026-11-30T15:00:00.000Z' } }));
    at(4.7);
    // A PSDK alias, a raw frame, violations.
    const alias = im('EventInteractionSubmited', undefined, { InteractionId: 'ü1' });
    obs.message(inbound('c1', 'A1', 'IS1', alias, { canonical: 'EventInteractionSubmitted', alias: 'EventInteractionSubmited', raw: JSON.stringify(alias) }));
    at(5);
    obs.message(inbound('c1', 'A1', 'IS1', im('RequestAgentLogin', 3, { TenantId: 'x' }), {
      violations: [{ code: 'WRONG_TYPE', severity: 'error', message: 'TenantId is a string', attribute: 'TenantId', expected: 'an integer', actual: '"x"', hint: 'send a number' }],
    }));
    // The same connection's ends named otherwise (a relay's two sides), then as before.
    at(6.123);
    obs.message(outbound('c1', 'Proxy', 'A1', im('EventAck', 3, {})));
    at(6.5);
    obs.message(outbound('c1', 'IS1', 'A1', im('EventAck', 4, {})));
    obs.message(inbound('c1', 'A1', 'IS1', im('RequestAgentLogout', 5, {})));
    at(7);
    obs.badFrame({ connection: 'c1', from: 'A1', to: 'IS1', preview: '{not json', size: 9, violations: [{ code: 'NOT_JSON', severity: 'error', message: 'frame of 9 bytes is not JSON' }] });
    obs.event({ kind: 'error', connection: 'c1', participant: 'A1', text: 'a handler on IS1 threw: boom', data: { code: 'E' } });
    // A line whose bound is past the recorder's slab (256 KiB) goes to the writer on its own.
    at(8);
    obs.message(outbound('c9', 'IS1', 'REC "one"', { protocol: 'Reporting', message: 'EventInteractionSubmitted', attributes: { Big: 'x'.repeat(86_000), Tail: 'é' } }));
    at(9);
    obs.message(outbound('c9', 'IS1', 'REC "one"', { protocol: 'Reporting', message: 'EventAgentLogout', referenceId: 0, attributes: { AgentId: 'A1' } }));
    obs.event({ kind: 'connection-close', connection: 'c1', participant: 'A1', text: 'connection c1 closed by A1 (1000)', data: { code: 1000, reason: '', byLocal: false } });
    at(10);
    rec.close();
    return rec;
  } finally {
    performance.now = realNow;
  }
}

/** The header's startedAt is the wall clock: the only thing of the file a session cannot fix. */
const steady = (text: string) => text.replace(/"startedAt":"[^"]*"/, '"startedAt":"-"');

/** Equal texts, or the first line that differs, cut short (one line is 86 KB). */
function sameText(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const i = a.findIndex((line, n) => line !== e[n]);
  const at = i < 0 ? e.length : i;
  assert.fail(`${what}: line ${at + 1} differs\n  got      ${String(a[at]).slice(0, 300)}\n  expected ${String(e[at]).slice(0, 300)}`);
}

test('a recorder writing to disk only writes, for a session of wire events, the bytes pinned in the fixture', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-golden-')), 'disk-only.ndjson');
  session({ file, keepInMemory: false });
  const written = steady(readFileSync(file, 'utf8'));
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, written);
  sameText(written, readFileSync(GOLDEN, 'utf8'), 'disk only');
});

test('a recorder keeping its entries, past its memory limit, or heard by a listener writes those same bytes, and its entries make them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-golden-'));
  const golden = readFileSync(GOLDEN, 'utf8');
  const kept = session({ file: join(dir, 'kept.ndjson') });
  session({ file: join(dir, 'limit.ndjson'), maxEntriesInMemory: 3 });
  const heard: number[] = [];
  session({ file: join(dir, 'heard.ndjson'), keepInMemory: false }, (rec) => void rec.subscribe((e) => heard.push(e.seq)));
  for (const name of ['kept', 'limit', 'heard']) sameText(steady(readFileSync(join(dir, `${name}.ndjson`), 'utf8')), golden, name);
  assert.deepEqual(heard, Array.from({ length: kept.snapshot().entries.length }, (_, i) => i + 1));
  const snap = kept.snapshot();
  // The header in memory has the participants who joined since; the file's was written at the start.
  sameText(traceLines(snap.header, snap.entries, snap.footer).slice(1).join(''), golden.slice(golden.indexOf('\n') + 1), 'lines of the entries kept');
  const { trace, diagnostics } = await readTrace(join(dir, 'kept.ndjson'));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(trace!.entries, snap.entries);
});
