/**
 * Matcher benchmark: matchTrace on synthetic traces of 10,000 and 100,000 messages holding 100 and
 * 1,000 interleaved Deliver Interaction to Agent interactions (bench/synthetic-trace.ts).
 * Targets: under 1 s for 100,000 messages, and linear: 10× the messages take at most 12× the time.
 * The trace mixes accepted, rejected and timed-out deliveries, so it is matched against a variant made
 * here from the model's own phases: URS Requests Delivery, then one of the three outcome phases.
 * Run: node --import tsx bench/matcher.bench.ts (exit code 1 when a target is missed or the answer is wrong).
 */
import { join } from 'node:path';
import { loadModel } from '../src/flow/loader.ts';
import { matchTrace } from '../src/flow/matcher.ts';
import { anyOutcome } from './any-outcome.ts';
import { syntheticTrace } from './synthetic-trace.ts';

const MODEL = join(import.meta.dirname, '..', 'scenarios', 'deliver-interaction-to-agent.yaml');
const TIMER = 200;
const RUNS = 7;
const TARGET_MS = 1000;
const TARGET_RATIO = 12;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const loaded = await loadModel(MODEL);
if (!loaded.model) {
  console.error(`cannot load ${MODEL}:\n${loaded.diagnostics.map((d) => d.message).join('\n')}`);
  process.exit(1);
}
const model = anyOutcome(loaded.model);

let ok = true;
const sizes = [10_000, 100_000].map((messages) => ({ messages, ...syntheticTrace({ messages, timerMs: TIMER }) }));
const run = (trace: (typeof sizes)[number]['trace']) => matchTrace(model, trace, { variant: 'any-outcome', timers: { delivering: TIMER } });
for (const s of sizes) {
  const check = run(s.trace);
  const right = check.verdict === 'pass' && check.instances.length === s.interactions;
  console.log(`${s.messages} messages: ${s.interactions} interactions (${s.outcomes.accept} accept, ${s.outcomes.reject} reject, ${s.outcomes.timeout} timeout), verdict ${check.verdict}${right ? '' : ` — WRONG ANSWER: ${check.summary}`}`);
  ok &&= right;
}
// Warm both sizes up first, then alternate them, so neither is measured colder than the other.
for (let i = 0; i < 3; i++) for (const s of sizes) run(s.trace);
const times = sizes.map(() => [] as number[]);
let heap = 0;
for (let i = 0; i < RUNS; i++) {
  sizes.forEach((s, k) => {
    const t0 = performance.now();
    run(s.trace);
    times[k].push(performance.now() - t0);
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  });
}
const rows = sizes.map((s, k) => ({ messages: s.messages, instances: s.interactions, ms: median(times[k]) }));
if (rows.length === 2) {
  console.log('');
  console.log('messages   instances   median ms');
  for (const r of rows) console.log(`${String(r.messages).padStart(8)}   ${String(r.instances).padStart(9)}   ${r.ms.toFixed(1).padStart(9)}`);
  console.log(`heap used (both traces and results in memory): ${(heap / 1024 / 1024).toFixed(0)} MB`);
  const ratio = rows[1].ms / rows[0].ms;
  const fast = rows[1].ms < TARGET_MS;
  const linear = ratio <= TARGET_RATIO;
  console.log('');
  console.log(`100k messages in ${rows[1].ms.toFixed(0)} ms (target < ${TARGET_MS} ms): ${fast ? 'PASS' : 'FAIL'}`);
  console.log(`ratio 100k/10k ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}): ${linear ? 'PASS' : 'FAIL'}`);
  ok &&= fast && linear;
}
process.exit(ok ? 0 : 1);
