import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { anyOutcome } from '../../bench/any-outcome.ts';
import { syntheticTrace } from '../../bench/synthetic-trace.ts';
import { checkFile, checkStreamed, readSkeleton, skimSkeleton } from '../../src/cli/check-stream.ts';
import { formatDiagnostic } from '../../src/diagnostic/diagnostic.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { traceLines } from '../../src/trace/line-writer.ts';
import { readTrace } from '../../src/trace/reader.ts';
import { skimTrace } from '../../src/trace/skim.ts';
import { checkBothWays } from './check-both-ways.ts';
import { cli } from './cli-kit.ts';

// The first pass of `flowcert check` skims message lines (skim.ts): it must say what a full read says
// whenever it is trusted, and be found out — then the full read answers — whenever a line it skimmed is
// not what it took it for.

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const MODEL = 'scenarios/deliver-interaction-to-agent.yaml';
const model = (await loadModel(MODEL)).model!;
const tmp = mkdtempSync(join(tmpdir(), 'flowcert-check-skim-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const base = 'two-interactions-one-broken';
const lines = readFileSync(join(GOLDEN, `${base}.ndjson`), 'utf8').split('\n').filter(Boolean);
const timers = (JSON.parse(readFileSync(join(GOLDEN, `${base}.expected.json`), 'utf8')) as { timers: Record<string, number> }).timers;
const lastMessage = lines.findLastIndex((l) => l.startsWith('{"type":"message"'));
const messageLines = lines.filter((l) => l.startsWith('{"type":"message"')).length;

function write(name: string, body: string): string {
  const path = join(tmp, name);
  writeFileSync(path, body);
  return path;
}

/** The golden with its line `at` replaced. */
function withLine(at: number, line: string): string {
  return `${lines.map((l, i) => (i === at ? line : l)).join('\n')}\n`;
}

test('the skim skims every message line of a golden trace, and its skeleton is the full read\'s', async () => {
  for (const file of readdirSync(GOLDEN).filter((f) => f.endsWith('.ndjson'))) {
    const path = join(GOLDEN, file);
    let skimmed = 0;
    await skimTrace(path, () => false, (n) => (skimmed += n));
    const messages = (await readTrace(path)).trace!.entries.filter((e) => e.type === 'message').length;
    assert.equal(skimmed, messages, file);
    const skim = await skimSkeleton(path);
    assert.deepEqual({ ...skim, skeleton: { ...skim.skeleton!, skimmed: undefined } }, { ...(await readSkeleton(path)), skeleton: { ...(await readSkeleton(path)).skeleton!, skimmed: undefined } }, file);
  }
});

test('flowcert-trace/2 message lines are skimmed too, with the same answer', async () => {
  const read = await readTrace(join(GOLDEN, `${base}.ndjson`));
  const path = write('v2.ndjson', traceLines(read.trace!.header, read.trace!.entries, read.trace!.footer).join(''));
  let skimmed = 0;
  await skimTrace(path, () => false, (n) => (skimmed += n));
  assert.equal(skimmed, read.trace!.entries.filter((e) => e.type === 'message').length);
  for (const variant of Object.keys(model.variants)) {
    const { whole, streamed, threads } = await checkBothWays(path, model, { variant, timers });
    assert.equal(streamed, whole, variant);
    assert.equal(threads, 2, variant);
  }
});

test('a line longer than the read buffer, and lines across its edges: the same answer', async () => {
  const o = JSON.parse(lines[lastMessage]) as Record<string, unknown>;
  const long = JSON.stringify({ ...o, raw: 'x'.repeat(1_500_000) });
  const path = write('long.ndjson', withLine(lastMessage, long));
  for (const variant of Object.keys(model.variants)) {
    const { whole, streamed } = await checkBothWays(path, model, { variant, timers });
    assert.equal(streamed, whole, variant);
  }
});

// Each a message line that starts as one — so the skim takes it — but is not sound, or not a message.
const unsound: Record<string, string> = {
  'attributes-not-object': lines[lastMessage].replace(/"attributes":\{[^}]*\}/, '"attributes":"none"'),
  'bad-json-after-start': `${lines[lastMessage].slice(0, 60)}{{{`,
  'a-note-in-disguise': `${lines[lastMessage].slice(0, -1)},"kind":"info","text":"hello","type":"note"}`,
  'time-not-json': lines[lastMessage].replace(/"t":[^,]*/, '"t":01'),
  'time-given-twice': `${lines[lastMessage].slice(0, -1)},"t":99999}`,
  'compact-line-in-v1': `{"s":${(JSON.parse(lines[lastMessage]) as { seq: number }).seq},"t":1,"c":"x","d":">","p":"TLibrary","m":"EventAck","a":{}}`,
};

test('a message line the skim took for sound but is not: found out, and the full read answers', async () => {
  for (const [name, line] of Object.entries(unsound)) {
    const path = write(`${name}.ndjson`, withLine(lastMessage, line));
    let skimmed = 0;
    await skimTrace(path, () => false, (n) => (skimmed += n));
    assert.equal(skimmed, messageLines, `${name}: the line was not skimmed`);
    for (const variant of Object.keys(model.variants)) {
      const { whole, streamed } = await checkBothWays(path, model, { variant, timers });
      assert.equal(streamed, whole, `${name}, variant ${variant}`);
    }
  }
});

test('flowcert check on a trace whose skimmed line is unsound says what the full read says, before any usage error', async () => {
  for (const [name, line] of Object.entries(unsound)) {
    const path = write(`${name}.ndjson`, withLine(lastMessage, line));
    const full = await readSkeleton(path);
    const diagnostics = full.diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
    for (const extra of [['--variant', 'accept'], ['--variant', 'no-such-variant']]) {
      const got = await cli(['check', path, '--model', MODEL, ...extra]);
      if (full.skeleton) {
        // Sound after all (a note, a later time): checked on the full read's skeleton.
        if (extra[1] === 'accept') assert.equal(got.stderr, diagnostics, name);
        else assert.match(got.stderr, /has no variant no-such-variant/, name);
        continue;
      }
      assert.deepEqual(got, { code: 2, stdout: '', stderr: `${diagnostics}flowcert check: cannot check — the trace has errors\n` }, `${name} ${extra.join(' ')}`);
    }
  }
});

test('a mixed trace — interleaved interactions, some broken, background traffic — the skimmed check answers as the full read does', async () => {
  const { trace } = syntheticTrace({ messages: 6000, timerMs: 200, seed: 7 });
  // Break a few interactions: an agent's answer dropped, a route request's InteractionId changed.
  let dropped = 0;
  const entries = trace.entries.filter((e) => !(e.type === 'message' && e.message === 'RequestAccept' && dropped++ % 7 === 0));
  for (const e of entries) if (e.type === 'message' && e.message === 'EventRouteUsed' && e.seq % 5 === 0) e.attributes = { InteractionId: 'elsewhere' };
  entries.forEach((e, i) => {
    e.seq = i + 1;
  });
  const path = write('mixed.ndjson', `${[trace.header, ...entries, { ...trace.footer, entries: entries.length }].map((l) => JSON.stringify(l)).join('\n')}\n`);
  const opts = { variant: 'any-outcome', timers: { delivering: 200 } };
  const any = anyOutcome(model);
  const fast = await checkFile(path, any, opts);
  assert.ok(fast.read.skeleton?.skimmed, 'the check did not skim');
  const slow = await checkStreamed(path, (await readSkeleton(path)).skeleton!, any, opts);
  assert.deepEqual(fast.check!.result, slow.result);
  assert.deepEqual(fast.check!.differences, slow.differences);
  assert.notEqual(slow.result.verdict, 'pass', 'the broken interactions did not fail');
  const { whole, streamed } = await checkBothWays(path, any, opts);
  assert.equal(streamed, whole);
});
