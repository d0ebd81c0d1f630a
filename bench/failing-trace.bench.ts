/**
 * `flowcert check` of long *failing* traces: synthetic Deliver Interaction to Agent traces
 * (synthetic-trace.ts) of 100,000 and 300,000 messages with 1% of their messages dropped, checked as
 * the CLI streams them (check-trace-child.ts), with the delivering timer the trace was made with
 * (200 ms, `--timer delivering=200`) and with the model's default (30 s: then the timeouts fail too,
 * and every never window lasts 30 s). Each instance that lost its own EventAck is stuck before that
 * step while every EventAck to its agent is offered to it: what made the matcher quadratic before
 * taker-shelf.ts. The healthy trace, checked the same ways, is the yardstick.
 * Targets: a failing check within 3× the CPU time of the healthy trace's check of the same size with
 * the 200 ms timer; peak heap growth 100k → 300k at most 3.3× (11× per 10× messages, as
 * check-memory.bench.ts asks). CPU ms beside the wall clock: on a shared machine the wall clock also
 * counts waiting for a core. A check that takes more than 5 minutes is stopped and fails its target.
 * Run: node --import tsx bench/failing-trace.bench.ts [--quick] (100k only).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceLineWriter } from '../src/trace/line-writer.ts';
import type { Trace } from '../src/trace/types.ts';
import { syntheticTrace } from './synthetic-trace.ts';

const TIMER = 200;
const DROP = 0.01;
const TARGET_CPU_RATIO = 3;
const TARGET_GROWTH = 3.3;
const LIMIT_MS = 300_000;
const sizes = process.argv.includes('--quick') ? [100_000] : [100_000, 300_000];
const dir = mkdtempSync(join(tmpdir(), 'flowcert-failing-bench-'));

/** 1% of the messages dropped, deterministically (a lost message anywhere: an EventAck, a RequestAccept, an EventPartyAdded…). */
function dropped(trace: Trace): Trace {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  return { ...trace, entries: trace.entries.filter((e) => e.type !== 'message' || rand() >= DROP) };
}

async function write(trace: Trace, name: string): Promise<string> {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const put = (text: string) => (out.write(text) ? undefined : new Promise<void>((r) => out.once('drain', () => r())));
  const w = new TraceLineWriter();
  await put(w.header(trace.header));
  for (const e of trace.entries) await put(w.entry(e));
  if (trace.footer) await put(`${JSON.stringify(trace.footer)}\n`);
  await new Promise<void>((r) => out.end(() => r()));
  return path;
}

interface Row { verdict: string; instances: number; ms: number; cpuMs: number; heapMB: number }

function check(path: string, timer: string): Row | undefined {
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'check-trace-child.ts'), 'stream', path, timer], {
      encoding: 'utf8', maxBuffer: 1 << 20, timeout: LIMIT_MS,
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Row & { totalHeapMB?: number };
    return { ...r, heapMB: r.totalHeapMB ?? r.heapMB };
  } catch {
    return undefined;
  }
}

let ok = true;
const rows: Array<{ messages: number; trace: string; timer: string; r: Row | undefined }> = [];
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (timings on a loaded machine say little; CPU ms less so)`);
console.log('messages   trace     timer     verdict  instances       ms   CPU ms   peak heap MB');
try {
  for (const messages of sizes) {
    const healthy = syntheticTrace({ messages, timerMs: TIMER }).trace;
    const paths = { healthy: await write(healthy, `healthy-${messages}.ndjson`), dropped: await write(dropped(healthy), `dropped-${messages}.ndjson`) };
    for (const [trace, timer] of [['healthy', String(TIMER)], ['dropped', String(TIMER)], ['healthy', 'default'], ['dropped', 'default']] as const) {
      const r = check(paths[trace], timer);
      rows.push({ messages, trace, timer, r });
      const cells = r
        ? `${r.verdict.padEnd(7)}  ${String(r.instances).padStart(9)}  ${r.ms.toFixed(0).padStart(7)}  ${r.cpuMs.toFixed(0).padStart(7)}   ${r.heapMB.toFixed(0).padStart(12)}`
        : `did not finish in ${LIMIT_MS / 1000} s`;
      console.log(`${String(messages).padStart(8)}   ${trace.padEnd(8)}  ${timer.padEnd(8)}  ${cells}`);
    }
    rmSync(paths.healthy);
    rmSync(paths.dropped);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log('');
for (const messages of sizes) {
  const base = rows.find((x) => x.messages === messages && x.trace === 'healthy' && x.timer === String(TIMER))!.r;
  for (const x of rows.filter((y) => y.messages === messages && !(y.trace === 'healthy' && y.timer === String(TIMER)))) {
    const ratio = x.r && base ? x.r.cpuMs / base.cpuMs : Infinity;
    const pass = ratio <= TARGET_CPU_RATIO;
    console.log(`${messages} ${x.trace} timer ${x.timer}: ${ratio.toFixed(2)}× the healthy check's CPU time (target ≤ ${TARGET_CPU_RATIO}): ${pass ? 'PASS' : 'FAIL'}`);
    ok &&= pass;
  }
}
if (sizes.length === 2) {
  for (const timer of [String(TIMER), 'default']) {
    const [small, big] = sizes.map((messages) => rows.find((x) => x.messages === messages && x.trace === 'dropped' && x.timer === timer)!.r);
    const growth = small && big ? big.heapMB / small.heapMB : Infinity;
    const pass = growth <= TARGET_GROWTH;
    console.log(`dropped, timer ${timer}: peak heap growth ${sizes[0]} → ${sizes[1]} ${growth.toFixed(2)}× (target ≤ ${TARGET_GROWTH}): ${pass ? 'PASS' : 'FAIL'}`);
    ok &&= pass;
  }
}
process.exit(ok ? 0 : 1);
