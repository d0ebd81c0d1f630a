import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { loadModel } from '../../src/flow/loader.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import { checkBothWays } from '../cli/check-both-ways.ts';
import { ROOT, flowcert } from '../e2e/run-kit.ts';

// `flowcert check` streams the trace (src/cli/check-stream.ts). Every trace of a fresh run of the
// project's features, checked against every model and every variant, must get the answer the whole
// trace in memory gets — pass, fail, inconc and error alike, word for word in the JSON.

const reports = mkdtempSync(join(tmpdir(), 'flowcert-stream-reports-'));
after(() => rmSync(reports, { recursive: true, force: true }));

function traces(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? traces(p) : n.endsWith('.ndjson') ? [p] : [];
  });
}

test("every trace of a fresh run, against every model and variant: the streamed check's JSON is the whole check's", async () => {
  const run = flowcert(ROOT, ['--reports', reports, '--no-allure']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const found = traces(join(reports, 'traces'));
  assert.ok(found.length >= 72, `only ${found.length} traces`);
  const models: Array<{ model: FlowModel; name: string }> = [];
  for (const f of readdirSync(join(ROOT, 'scenarios')).filter((x) => x.endsWith('.yaml'))) {
    const m = await loadModel(join(ROOT, 'scenarios', f));
    if (m.model) models.push({ model: m.model, name: basename(f, '.yaml') });
  }
  assert.ok(models.length >= 10, `only ${models.length} models`);
  const verdicts = new Set<string>();
  let checks = 0;
  let twoThreaded = 0;
  for (const trace of found) {
    for (const { model, name } of models) {
      // On two threads too against the trace's own feature's model: all ten thousand checks twice more
      // took this test from 2 to 6 minutes, and check-threads.test.ts and the golden checks compare the
      // two ways on purpose.
      const own = basename(dirname(trace)) === name;
      for (const variant of Object.keys(model.variants)) {
        const { whole, streamed, threads } = await checkBothWays(trace, model, { variant }, undefined, own);
        if (threads === 2) twoThreaded++;
        assert.equal(streamed, whole, `${trace}: ${model.name}, variant ${variant}`);
        verdicts.add(/"verdict": "(\w+)"/.exec(whole)?.[1] ?? '?');
        checks++;
      }
    }
  }
  // The comparison saw every kind of answer, not only passes.
  assert.deepEqual([...verdicts].sort(), ['error', 'fail', 'inconc', 'pass'], `${checks} checks`);
  assert.ok(twoThreaded >= found.length, `only ${twoThreaded} of ${checks} checks also ran on two threads`);
});
