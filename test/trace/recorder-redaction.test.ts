import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redactor } from '../../src/secrets/redactor.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import type { TraceEntry } from '../../src/trace/types.ts';

// A trace holds no secret of the configuration: whatever a SUT sends or a note quotes, the entry is
// redacted before it is kept, written or handed to a listener — the trace in memory is the trace on disk.

const TOKEN = 'tok-5f4e3d2c1b0a';

test('every entry is redacted before it is kept, written and heard: attributes deep, raw frames, violations, notes, the header', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-trace-')), 't.ndjson');
  const rec = new TraceRecorder({ file, redactor: new Redactor([TOKEN]), meta: { scenario: `login with ${TOKEN}` }, participants: [{ name: 'IS1', role: 'InteractionServer' }] });
  const heard: TraceEntry[] = [];
  rec.subscribe((e) => heard.push(e));
  const frame = JSON.stringify({ protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes: { ClientName: 'D', ClientType: 'AgentApplication', Extension: { token: TOKEN } } });
  rec.message({
    from: 'D', to: 'IS1', connection: 'c1', protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1,
    attributes: { ClientName: 'D', ClientType: 'AgentApplication', Extension: { token: TOKEN, [TOKEN]: 1 } }, raw: frame,
    violations: [{ code: 'WRONG_TYPE', severity: 'error', message: `TenantId is "${TOKEN}", expected an integer` }],
  });
  rec.note({ kind: 'info', participant: 'D', text: `D started as process 7: node d.mjs --token ${TOKEN}`, data: { endpoints: { im: `ws://127.0.0.1:1/?token=${encodeURIComponent(TOKEN)}` } } });
  rec.addParticipant({ name: `D ${TOKEN}`, role: 'AgentApplication' });
  const trace = rec.close();
  const text = readFileSync(file, 'utf8');
  for (const [where, what] of [['file', text], ['memory', JSON.stringify(trace)], ['listener', JSON.stringify(heard)]]) {
    assert.ok(!what.includes(TOKEN), `${where} holds the token`);
    assert.ok(!what.includes(encodeURIComponent(TOKEN)), `${where} holds the token, encoded`);
  }
  const m = trace.entries[0];
  assert.equal(m.type, 'message');
  if (m.type !== 'message') return;
  assert.deepEqual(m.attributes.Extension, { token: '[secret]', '[secret]': 1 });
  assert.match(m.raw ?? '', /"Extension":\{"token":"\[secret\]"\}/);
  assert.equal(m.violations[0].message, 'TenantId is "[secret]", expected an integer');
  assert.equal(trace.header.meta?.scenario, 'login with [secret]');
  assert.match(text, /--token \[secret\]/);
  assert.match(text, /\?token=\[secret\]/);
});

test('a bad frame’s preview, cut shorter than the frame, loses the half of a secret it ends with', () => {
  const rec = new TraceRecorder({ redactor: new Redactor([TOKEN]) });
  const preview = `${'x'.repeat(190)}${TOKEN.slice(0, 10)}`;
  rec.badFrame({ from: 'D', to: 'IS1', connection: 'c1', raw: preview, size: 400, violations: [] });
  // Whole, a frame's text ending like a secret's start is just text.
  rec.badFrame({ from: 'D', to: 'IS1', connection: 'c1', raw: 'ends tok-5f4e', size: 13, violations: [] });
  const [cut, whole] = rec.close().entries;
  assert.equal(cut.type === 'bad-frame' && cut.raw, `${'x'.repeat(190)}[secret]`);
  assert.equal(whole.type === 'bad-frame' && whole.raw, 'ends tok-5f4e');
});

test('without secrets, entries are recorded as given: nothing is copied', () => {
  const rec = new TraceRecorder({ redactor: new Redactor([]) });
  const e = rec.note({ kind: 'info', text: `a ${TOKEN}` });
  assert.equal(e.text, `a ${TOKEN}`);
  assert.equal(rec.snapshot().entries[0], e);
});
