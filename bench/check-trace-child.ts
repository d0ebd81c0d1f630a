/**
 * One `flowcert check` of a trace file, in its own process, for bench/check-memory.bench.ts: the
 * streamed check (what the CLI runs: a skim, then the matching pass, check-stream.ts) or the whole
 * trace in memory (readTrace, revalidate, matchTrace: what it ran before). Prints one JSON line:
 * verdict, instances, ms (wall clock), cpuMs (this process's CPU time, which a loaded machine bends
 * less), peak heap sampled while it runs.
 * Usage: node --import tsx bench/check-trace-child.ts stream|whole TRACE TIMER_MS
 */
import { getHeapStatistics } from 'node:v8';
import { checkFile } from '../src/cli/check-stream.ts';
import { matchTrace } from '../src/flow/matcher.ts';
import { revalidate } from '../src/flow/revalidate.ts';
import { readTrace } from '../src/trace/reader.ts';
import { deliverAnyOutcome } from './any-outcome.ts';

const [how, path, timer] = process.argv.slice(2);
const model = await deliverAnyOutcome();
const opts = { variant: 'any-outcome', timers: { delivering: Number(timer) } };
let peak = 0;
const sample = () => {
  // V8's used heap size, which is what process.memoryUsage().heapUsed reports, without also reading the
  // resident set size from the kernel: that cost 40 µs a sample, 2-3% of the time measured.
  peak = Math.max(peak, getHeapStatistics().used_heap_size);
};
const sampler = setInterval(sample, 2);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let result;
if (how === 'stream') {
  const { read, check } = await checkFile(path, model, opts);
  if (!check) throw new Error(JSON.stringify(read.diagnostics));
  result = check.result;
} else {
  const read = await readTrace(path);
  if (!read.trace) throw new Error(JSON.stringify(read.diagnostics));
  sample();
  result = matchTrace(model, revalidate(read.trace).trace, opts);
}
sample();
const ms = performance.now() - t0;
// CPU time: what a loaded machine bends less than the wall clock (GC threads included).
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
clearInterval(sampler);
console.log(JSON.stringify({ how, verdict: result.verdict, instances: result.instances.length, problems: result.problems.length, ms, cpuMs, heapMB: peak / 1024 / 1024 }));
