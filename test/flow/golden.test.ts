import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatLocation } from '../../src/diagnostic/diagnostic.ts';
import { explain } from '../../src/flow/explain.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { FlowModel, Step } from '../../src/flow/model.ts';
import { walkSteps } from '../../src/flow/step-program.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import { goldenTraces } from '../fixtures/golden/make-golden.ts';

/**
 * Golden traces of Deliver Interaction to Agent (test/fixtures/golden/): each <name>.ndjson has a
 * <name>.expected.json with the variant, the verdict, each instance's verdict (and its phases'), and the explanation
 * word for word — except model positions, written @{step-id} so that editing the scenario's layout
 * does not break them (they are looked up in the loaded model). A trace checked more than once (one
 * check per attempt of a redelivery, in the order a feature asks them) lists its checks under `checks`.
 */

const DIR = join(import.meta.dirname, '..', 'fixtures', 'golden');
const MODEL = 'scenarios/deliver-interaction-to-agent.yaml';

interface Check {
  variant: string;
  attempt?: number | 'any' | 'each';
  verdict: string;
  instances: Array<{ key: Record<string, unknown>; attempt?: number; verdict: string; divergence?: string; matchedSeqs?: number[]; phases: string[] }>;
  explanation: string[];
}

type Expected = { timers: Record<string, number> } & (Check | { checks: Check[] });

function positions(model: FlowModel): Map<string, string> {
  const out = new Map<string, string>();
  walkSteps(Object.values(model.phases).map((p) => p.body as Step), (s) => out.set(s.id, formatLocation(s.loc)));
  return out;
}

const loaded = await loadModel(MODEL);
const names = readdirSync(DIR).filter((f) => f.endsWith('.expected.json')).map((f) => f.replace('.expected.json', '')).sort();

test('the model of the golden traces loads', () => {
  assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error'), []);
});

test('every golden trace has its expected result, and the script writes exactly the committed traces', () => {
  const traces = readdirSync(DIR).filter((f) => f.endsWith('.ndjson')).map((f) => f.replace('.ndjson', '')).sort();
  assert.deepEqual(traces, names);
  const made = goldenTraces();
  assert.deepEqual(Object.keys(made).sort(), names);
  for (const name of names) assert.equal(readFileSync(join(DIR, `${name}.ndjson`), 'utf8'), made[name], `${name}.ndjson is stale: run make-golden.ts`);
});

for (const name of names) {
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
  const checks = 'checks' in expected ? expected.checks : [expected];
  checks.forEach((check, n) => {
    test(`golden ${name}${checks.length > 1 ? ` (check ${n + 1}: variant ${check.variant})` : ''}`, () => judge(name, expected.timers, check));
  });
}

function judge(name: string, timers: Record<string, number>, expected: Check): void {
  const model = loaded.model!;
  const { trace, diagnostics } = parseTrace(readFileSync(join(DIR, `${name}.ndjson`), 'utf8'), `${name}.ndjson`);
  assert.deepEqual(diagnostics, []);
  const r = matchTrace(model, trace!, { variant: expected.variant, timers, ...(expected.attempt === undefined ? {} : { attempt: expected.attempt }) });
  const where = positions(model);
  const text = expected.explanation.map((l) => l.replace(/@\{([^}]+)\}/g, (_, id: string) => where.get(id) ?? `<no step ${id}>`)).join('\n');
  assert.equal(explain(r), text);
  assert.equal(r.verdict, expected.verdict);
  assert.deepEqual(
    r.instances.map((i) => ({
      key: i.key,
      ...(i.attempt ? { attempt: i.attempt.index } : {}),
      verdict: i.verdict,
      ...(i.divergence ? { divergence: i.divergence.kind } : {}),
      ...(i.verdict === 'pass' ? { matchedSeqs: i.matched.map((x) => x.seq) } : {}),
      phases: i.phases.map((p) => p.verdict),
    })),
    expected.instances.map((i) => ({ ...i })),
  );
}
