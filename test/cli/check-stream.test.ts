import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadModel } from '../../src/flow/loader.ts';
import { checkBothWays } from './check-both-ways.ts';

// `flowcert check` streams the trace (check-stream.ts); its answer must be the one the whole trace in
// memory gave, for every golden trace, every variant, every attempt choice — and for traces the matcher
// finds wrong in every way those fixtures show.

const GOLDEN = join(import.meta.dirname, '..', 'fixtures', 'golden');
const loaded = await loadModel('scenarios/deliver-interaction-to-agent.yaml');
const model = loaded.model!;
const tmp = mkdtempSync(join(tmpdir(), 'flowcert-check-stream-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const goldens = readdirSync(GOLDEN).filter((f) => f.endsWith('.ndjson')).sort();

test('the golden traces exist', () => {
  assert.ok(goldens.length >= 20, `only ${goldens.length} golden traces`);
});

for (const file of goldens) {
  test(`streamed check = whole check: ${file}, every variant and attempt choice`, async () => {
    const expected = JSON.parse(readFileSync(join(GOLDEN, file.replace('.ndjson', '.expected.json')), 'utf8')) as { timers: Record<string, number> };
    for (const variant of Object.keys(model.variants)) {
      for (const attempt of ['any', 'each', 1, 2] as const) {
        const { whole, streamed, threads } = await checkBothWays(join(GOLDEN, file), model, { variant, timers: expected.timers, attempt });
        assert.equal(streamed, whole, `variant ${variant}, attempt ${attempt}`);
        // The second check's matching pass ran on two threads, not on one after the second failed or declined.
        assert.equal(threads, 2, `variant ${variant}, attempt ${attempt}: on ${threads} thread(s)`);
        // Instances retired the moment their result is final, looked for after every entry: the same answer.
        const eager = await checkBothWays(join(GOLDEN, file), model, { variant, timers: expected.timers, attempt }, { slackMs: 0, every: 1 });
        assert.equal(eager.streamed, whole, `variant ${variant}, attempt ${attempt}, retiring eagerly`);
      }
    }
  });
}

test('a stuck instance whose explanation needs a broadcast nobody waited for: the third pass, the same answer', async () => {
  // reject-missing-ack with an EventAck to the agent answering nothing routed (referenceId 99) between
  // the routing and the reject: uncorrelated, no instance waiting for an EventAck then, so not kept; the
  // instance then waits in vain for its own EventAck, and its explanation looks at that one.
  const lines = readFileSync(join(GOLDEN, 'reject-missing-ack.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  const at = lines.findIndex((l) => l.message === 'RequestReject');
  const stray = { ...lines[at], seq: 0, t: (lines[at].t as number) - 1, from: 'IS1', to: 'Agent1', message: 'EventAck', referenceId: 99, attributes: {} };
  lines.splice(at, 0, stray);
  let seq = 0;
  for (const l of lines) if (l.type !== 'header' && l.type !== 'footer') l.seq = ++seq;
  const footer = lines[lines.length - 1];
  if (footer.type === 'footer') footer.entries = seq;
  const path = join(tmp, 'stray-ack.ndjson');
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const expected = JSON.parse(readFileSync(join(GOLDEN, 'reject-missing-ack.expected.json'), 'utf8')) as { timers: Record<string, number> };
  let third = 0;
  for (const variant of Object.keys(model.variants)) {
    const { whole, streamed, passes, threads } = await checkBothWays(path, model, { variant, timers: expected.timers });
    assert.equal(streamed, whole, `variant ${variant}`);
    assert.equal(threads, 2, `variant ${variant}: the two-thread check ran on one`);
    if (passes === 3) third++;
  }
  assert.ok(third > 0, 'no check read the trace a third time');
});

test('streamed check = whole check on damaged traces: cut last line, no footer, bad lines, empty, a second header', async () => {
  const text = readFileSync(join(GOLDEN, 'two-interactions-one-broken.ndjson'), 'utf8');
  const lines = text.split('\n').filter(Boolean);
  const variants: Record<string, string> = {
    'cut.ndjson': `${lines.slice(0, -1).join('\n')}\n${lines[lines.length - 1].slice(0, 20)}`,
    'no-footer.ndjson': `${lines.slice(0, -1).join('\n')}\n`,
    'no-final-newline.ndjson': lines.join('\n'),
    'crlf.ndjson': `${lines.join('\r\n')}\r\n`,
    'blank-lines.ndjson': `\n${lines.join('\n\n')}\n\n`,
    'bad-json.ndjson': `${lines.slice(0, 3).join('\n')}\n{not json\n${lines.slice(3).join('\n')}\n`,
    'second-header.ndjson': `${lines.join('\n')}\n${lines[0]}\n`,
    'empty.ndjson': '',
    'only-newlines.ndjson': '\n\n',
  };
  for (const [name, body] of Object.entries(variants)) {
    const path = join(tmp, name);
    writeFileSync(path, body);
    const { whole, streamed } = await checkBothWays(path, model, { variant: 'accept', timers: { delivering: 1000 } });
    assert.equal(streamed, whole, name);
  }
  const { whole, streamed } = await checkBothWays(join(tmp, 'missing.ndjson'), model, { variant: 'accept' });
  assert.equal(streamed, whole, 'a missing file');
});
