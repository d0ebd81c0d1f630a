import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { anyOutcome } from '../../bench/any-outcome.ts';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { checkFile } from '../../src/cli/check-stream.ts';
import { KIND } from '../../src/cli/check-thread-protocol.ts';
import type { EntryBatch } from '../../src/cli/check-thread-protocol.ts';
import { CheckThreadReader } from '../../src/cli/check-thread-reader.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import { readLines } from '../../src/trace/reader.ts';
import type { Trace, TraceMessage } from '../../src/trace/types.ts';
import { checkBothWays } from './check-both-ways.ts';

// The second thread of a check reads most lines only as far as their fixed fields (check-thread-reader.ts):
// a message some step names is left to the matcher's thread, most others are judged from their text
// (attr-text.ts) and not parsed. Each way must give the one-thread answer, and a line it cannot judge so
// must be parsed — these are the lines that could tell them apart.

const loaded = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
const model = anyOutcome(loaded.model!);
const opts = { variant: 'any-outcome', timers: { delivering: 200 } };
const tmp = mkdtempSync(join(tmpdir(), 'flowcert-check-thread-reader-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function linesOf(trace: Trace): string[] {
  trace.entries.forEach((e, i) => {
    e.seq = i + 1;
  });
  return traceLines(trace.header, trace.entries, trace.footer ? { ...trace.footer, entries: trace.entries.length } : undefined);
}

function write(name: string, lines: string[]): string {
  const path = join(tmp, name);
  writeFileSync(path, lines.join(''));
  return path;
}

/** The second thread's read of the file: each entry's kind as it sends it, by seq, and how it read the lines. */
async function readOf(path: string): Promise<{ kinds: Map<number, number>; lines: CheckThreadReader['lines'] }> {
  const batches: EntryBatch[] = [];
  const reader = new CheckThreadReader({ path, model, variant: opts.variant }, (b) => batches.push(b));
  const failed = await readLines(path, (text, cut) => reader.line(text, cut));
  reader.end(failed);
  const kinds = new Map<number, number>();
  let seq = 0;
  for (const b of batches) for (const k of b.kinds) kinds.set(++seq, k);
  return { kinds, lines: reader.lines };
}

async function kindsOf(path: string): Promise<Map<number, number>> {
  return (await readOf(path)).kinds;
}

/** The index (in lines) of the nth message line naming `name`, counting from 0. */
function nth(lines: string[], name: string, n: number): number {
  let seen = -1;
  const at = lines.findIndex((l) => l.includes(`"m":"${name}"`) && ++seen === n);
  assert.ok(at > 0, `no ${name} #${n}`);
  return at;
}

test('a plain trace: most lines judged from their text, those some step names left to the matcher thread, the same answer', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 11 });
  const path = write('plain.ndjson', linesOf(trace));
  const kinds = [...(await kindsOf(path)).values()];
  const count = (k: number) => kinds.filter((x) => x === k).length;
  // Agent states and not-ready requests (about 70%) are not parsed; the acknowledgements and the
  // interaction's messages some step names are left unread; what routing follows by value is parsed.
  assert.ok(count(KIND.ignored) > kinds.length * 0.6, `ignored ${count(KIND.ignored)} of ${kinds.length}`);
  assert.ok(count(KIND.unread) > kinds.length * 0.15, `unread ${count(KIND.unread)} of ${kinds.length}`);
  assert.ok(count(KIND.text) > 0);
  const r = await checkBothWays(path, model, opts);
  assert.equal(r.streamed, r.whole);
  assert.equal(r.threads, 2);
});

test('lines the second thread must parse: an escaped key, a value under a correlation key, white space, a raw frame, a wrong type; a pairing finding', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 12 });
  const plain = linesOf(structuredClone(trace));
  const base = (await readOf(write('base.ndjson', plain))).lines;
  const invite = plain[nth(plain, 'EventInvite', 2)];
  const id = /"InteractionId":"([^"]+)"/.exec(invite)![1];
  const edits: Array<[string, (lines: string[]) => void]> = [
    // An agent state naming an interaction, its key spelled with an escape: routing follows it to the instance.
    ['escaped key', (l) => edit(l, nth(l, 'EventCurrentAgentStatus', 10), (x) => x.replace('"a":{', `"a":{"\\u0049nteractionId":"${id}",`))],
    // The same, plainly written: a value under a correlation key.
    ['correlation key', (l) => edit(l, nth(l, 'EventCurrentAgentStatus', 12), (x) => x.replace('"a":{', `"a":{"InteractionId":"${id}",`))],
    // White space the recorder never writes, which JSON allows.
    ['white space', (l) => edit(l, nth(l, 'EventPlaceAgentState', 9), (x) => x.replace('"a":{', '"a":{ '))],
    // A wrong type: the catalog finds it, a trace problem.
    ['wrong type', (l) => edit(l, nth(l, 'EventPlaceAgentState', 11), (x) => x.replace(/"MediaStateList":\{[^}]*\}/, '"MediaStateList":"broken"'))],
    // A raw frame kept on an agent state.
    ['raw frame', (l) => edit(l, nth(l, 'EventPlaceAgentState', 6), (x) => x.replace(/\}\n$/, ',"raw":"{}"}\n'))],
  ];
  const all = [...plain];
  for (const [what, change] of edits) {
    const lines = [...plain];
    change(lines);
    change(all);
    const path = write(`${what}.ndjson`, lines);
    const read = (await readOf(path)).lines;
    assert.deepEqual(read, { ...base, parsed: base.parsed + 1, judged: base.judged - 1 }, `${what}: that line is parsed, not judged from its text`);
    const r = await checkBothWays(path, model, opts);
    assert.equal(r.streamed, r.whole, what);
    assert.equal(r.threads, 2, what);
  }
  const r = await checkBothWays(write('all.ndjson', all), model, opts);
  assert.equal(r.streamed, r.whole);
  assert.match(r.whole, /"problems": \[\n\s+\{/);

  // A request some step names, its correlation key spelled with an escape: the second thread must read
  // it (which requests carried a value is its routing's state). Without that key it may leave it unread.
  const at = nth(plain, 'RequestAccept', 3);
  const without = [...plain];
  edit(without, at, (x) => x.replace('"InteractionId":', '"InteractionIdX":'));
  const escaped = [...plain];
  edit(escaped, at, (x) => x.replace('"InteractionId":', '"\\u0049nteractionId":'));
  const unreadLines = (await readOf(write('accept-without.ndjson', without))).lines;
  const escapedPath = write('accept-escaped.ndjson', escaped);
  assert.deepEqual((await readOf(escapedPath)).lines, { ...unreadLines, parsed: unreadLines.parsed + 1, unread: unreadLines.unread - 1 });
  const ra = await checkBothWays(escapedPath, model, opts);
  assert.equal(ra.streamed, ra.whole);
  assert.equal(ra.threads, 2);

  // A not-ready request without its referenceId: pairing finds it (a trace problem) on a line otherwise
  // judged from its text; the matcher's thread reads it.
  const edited = structuredClone(trace);
  const notReady = edited.entries.filter((e): e is TraceMessage => e.type === 'message' && e.message === 'RequestNotReadyForMedia')[4];
  delete notReady.referenceId;
  const path = write('pairing.ndjson', linesOf(edited));
  const { kinds, lines } = await readOf(path);
  assert.equal(kinds.get(notReady.seq), KIND.unread);
  assert.deepEqual(lines, { ...base, unread: base.unread + 1, judged: base.judged - 1 });
  const p = await checkBothWays(path, model, opts);
  assert.equal(p.streamed, p.whole);
  assert.equal(p.threads, 2);
  assert.match(p.whole, /"problems": \[\n\s+\{/);
});

function edit(lines: string[], at: number, change: (line: string) => string): void {
  const changed = change(lines[at]);
  assert.notEqual(changed, lines[at], 'the edit changed the line');
  lines[at] = changed;
}

test('a line left unread that its parser refuses: the check reads it on one thread and gives the one-thread answer', async () => {
  const { trace } = syntheticTrace({ messages: 3000, timerMs: 200, seed: 13 });
  const lines = linesOf(trace);
  // Acknowledgements (some step names them: left unread), each edited after its attributes: those written
  // again as a number; its seq written again (JSON.parse keeps the last, out of order).
  for (const [name, edit] of [['attributes-again.ndjson', ',"a":7}\n'], ['seq-again.ndjson', ',"s":1}\n']] as const) {
    const edited = [...lines];
    const ack = nth(edited, 'EventAck', 20);
    edited[ack] = edited[ack].replace(/\}\n$/, edit);
    const path = write(name, edited);
    assert.equal((await kindsOf(path)).get(Number(/^\{"s":(\d+)/.exec(edited[ack])![1])), KIND.unread, `${name}: the line is left unread`);
    const one = await checkFile(path, model, opts, undefined, 'one-thread');
    const two = await checkFile(path, model, opts, undefined, 'two-threads');
    assert.ok(one.read.diagnostics.some((d) => d.severity === 'error'), `${name}: the parser refuses the line`);
    assert.deepEqual(two.read.diagnostics, one.read.diagnostics, name);
    assert.equal(one.check, undefined, name);
    assert.equal(two.check, undefined, name);
  }
});
