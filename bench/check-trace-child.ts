/**
 * One `flowcert check` of a trace file, in its own process, for bench/check-memory.bench.ts: the
 * streamed check (what the CLI runs: a skim, then the matching pass, check-stream.ts) or the whole
 * trace in memory (readTrace, revalidate, matchTrace: what it ran before). Prints one JSON line:
 * verdict, instances, ms (wall clock), cpuMs (this process's CPU time, which a loaded machine bends
 * less), peak heap sampled while it runs.
 * A streamed check may run on two threads (check-stream.ts): `stream` as the CLI chooses (by size),
 * `stream-1` and `stream-2` on one or two; the second thread samples its own heap and reports its peak,
 * printed as workerHeapMB (and summed with this thread's in totalHeapMB: both count against the target).
 * Usage: node --import tsx bench/check-trace-child.ts stream|stream-1|stream-2|whole TRACE TIMER_MS|default
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { checkFile } from '../src/cli/check-stream.ts';
import { matchTrace } from '../src/flow/matcher.ts';
import { revalidate } from '../src/flow/revalidate.ts';
import { readTrace } from '../src/trace/reader.ts';
import { deliverAnyOutcome } from './any-outcome.ts';

const [how, path, timer] = process.argv.slice(2);
const model = await deliverAnyOutcome();
// TIMER_MS `default`: the model's own delivering timer (30 s), as a check without --timer runs.
const timers: Record<string, number> = timer === 'default' ? {} : { delivering: Number(timer) };
const opts = { variant: 'any-outcome', timers };
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
let threads = 1;
let workerPeak = 0;
if (how.startsWith('stream')) {
  const way = how === 'stream-1' ? 'one-thread' : how === 'stream-2' ? 'two-threads' : 'auto';
  const { read, check } = await checkFile(path, model, opts, undefined, way);
  if (!check) throw new Error(JSON.stringify(read.diagnostics));
  if (check.secondThreadFailure) throw new Error(check.secondThreadFailure);
  result = check.result;
  threads = check.threads;
  workerPeak = check.secondThreadHeap ?? 0;
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
const mb = (bytes: number) => bytes / 1024 / 1024;
/**
 * CPU ms of each of this process's threads that used more than 50 (Linux: /proc/self/task), by id:
 * what a loaded machine bends least, per thread — the main thread, the check's second thread (kept idle
 * after its check), V8's helpers (GC).
 */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      if (ms > 50) out[tid === String(process.pid) ? 'main' : `${name} ${tid}`] = ms;
    }
  } catch {
    /* not Linux */
  }
  return out;
}
console.log(JSON.stringify({ how, threads, verdict: result.verdict, instances: result.instances.length, problems: result.problems.length, ms, cpuMs, heapMB: mb(peak), workerHeapMB: mb(workerPeak), totalHeapMB: mb(peak + workerPeak), threadCpuMs: threadCpu() }));
