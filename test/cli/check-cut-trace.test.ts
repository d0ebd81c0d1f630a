import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './cli-kit.ts';

// A run announces each participant as it starts it (participant notes), so a run stopped early — a
// Ctrl-C, a kill — leaves a trace that may end before the agent joined. `check` on it says inconc
// (exit 3): the cut lost what the model needs. The lines below are the start of a real run's trace of
// "Agent rejects delivery" (features/deliver-interaction-to-agent.feature:48), stopped after 11 entries.

const HEAD = [
  '{"type":"header","format":"flowcert-trace/2","flowcertVersion":"0.1.0","startedAt":"2026-11-30T18:06:18.584Z","participants":[],"meta":{"scenario":"Agent rejects delivery","feature":"features/deliver-interaction-to-agent.feature","line":48}}',
  '{"type":"note","seq":1,"t":12.568,"kind":"participant","participant":"IS1","text":"participant IS1 (InteractionServer) joined","data":{"name":"IS1","role":"InteractionServer","binding":"reference","adapter":"reference"}}',
  '{"type":"note","seq":2,"t":13.015,"kind":"timer","text":"timer delivering = 200 ms (run override)","data":{"name":"delivering","ms":200,"source":"run"}}',
  '{"type":"note","seq":3,"t":58.825,"kind":"participant","participant":"Stat Server","text":"participant Stat Server (StatServer) joined","data":{"name":"Stat Server","role":"StatServer","binding":"reference","adapter":"reference"}}',
  '{"type":"note","seq":4,"t":105.163,"kind":"connection-open","connection":"c1","participant":"Stat Server","text":"connection c1 opened: IS1 ↔ Stat Server from 127.0.0.1:42748 on /"}',
  '{"s":5,"t":117.803,"c":"c1","from":"Stat Server","to":"IS1","p":"InteractionManagement","m":"RequestRegisterClient","r":1,"a":{"ClientName":"Stat Server","ClientType":"ReportingEngine"}}',
  '{"s":6,"t":121.564,"c":"c1","d":"<","p":"InteractionManagement","m":"EventAck","r":1,"a":{}}',
];

function traceFile(footer?: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'flowcert-cut-')), 'agent-rejects-delivery-48.ndjson');
  const lines = footer ? [...HEAD, JSON.stringify({ type: 'footer', t: 130, entries: HEAD.length - 1, ...footer })] : HEAD;
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const check = (file: string) => cli(['check', file, '--model', 'scenarios/deliver-interaction-to-agent.yaml', '--variant', 'reject']);
const LACKS = "the trace has no URS participant for model participant 'urs'; it has IS1 (Interaction Server), Stat Server (Stat Server)";

test('check on an interrupted trace that ends before a participant the model needs joined is inconc (3), not error', async () => {
  assert.deepEqual(await check(traceFile({ status: 'interrupted' })), {
    code: 3,
    stdout: `INCONC Deliver Interaction to Agent, variant reject — the trace is cut short (its footer says interrupted), so a participant the model needs may not have joined yet: ${LACKS}\n`,
    stderr: '',
  });
});

test('check on a trace with no footer (the run died) that lacks the participant is inconc (3)', async () => {
  const r = await check(traceFile());
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.equal(r.stdout, `INCONC Deliver Interaction to Agent, variant reject — the trace is cut short (it has no footer), so a participant the model needs may not have joined yet: ${LACKS}\n`);
});

test('check on a complete trace without the participant stays an error (4): the run was set up without it', async () => {
  assert.deepEqual(await check(traceFile({ status: 'complete' })), {
    code: 4, stdout: `ERROR Deliver Interaction to Agent, variant reject — ${LACKS}\n`, stderr: '',
  });
});

test('check --json on the cut trace gives the inconc verdict with no instance', async () => {
  const r = await cli(['check', traceFile({ status: 'interrupted' }), '--model', 'scenarios/deliver-interaction-to-agent.yaml', '--variant', 'reject', '--json']);
  assert.equal(r.code, 3);
  const result = JSON.parse(r.stdout) as { verdict: string; summary: string; instances: unknown[] };
  assert.deepEqual([result.verdict, result.instances], ['inconc', []]);
  assert.ok(result.summary.endsWith(LACKS), result.summary);
});
