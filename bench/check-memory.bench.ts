/**
 * `flowcert check` on long traces: synthetic Deliver Interaction to Agent traces (synthetic-trace.ts) of
 * 100,000 and 1,000,000 messages (1,000 and 10,000 interleaved interactions) written as ndjson files,
 * each checked in its own process three ways — streamed as the CLI runs it (check-stream.ts: on two
 * threads from 32 MB of trace), streamed on one thread, and whole (readTrace + revalidate + matchTrace,
 * what it ran before) — reporting time and peak heap (heapUsed sampled every 2 ms while it runs, garbage
 * included; a second thread samples its own, and the two peaks are added). Targets for the streamed check
 * of 1,000,000 messages: under 2.5 s and 150 MB; 10× the messages at most 11× the heap. Both ways must give the
 * same verdict, pass. The files are written as a run's recorder writes them (flowcert-trace/2);
 * `--format 1` writes every entry whole, as versions before it did.
 * Run: node --import tsx bench/check-memory.bench.ts [--quick] (100k only) [--format 1].
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceLineWriter } from '../src/trace/line-writer.ts';
import { syntheticTrace } from './synthetic-trace.ts';

const TIMER = 200;
const TARGET_MS = 2500;
const TARGET_MB = 150;
const TARGET_GROWTH = 11;
const sizes = process.argv.includes('--quick') ? [100_000] : [100_000, 1_000_000];
const FORMAT = process.argv.includes('--format') && process.argv[process.argv.indexOf('--format') + 1] === '1' ? 1 : 2;
const dir = mkdtempSync(join(tmpdir(), 'flowcert-check-bench-'));

async function write(messages: number): Promise<{ path: string; interactions: number }> {
  const { trace, interactions } = syntheticTrace({ messages, timerMs: TIMER });
  const path = join(dir, `trace-${messages}.ndjson`);
  const out = createWriteStream(path);
  const put = (text: string) => (out.write(text) ? undefined : new Promise<void>((r) => out.once('drain', () => r())));
  // As a run's recorder writes it (flowcert-trace/2, compact message lines); --format 1 writes every entry whole, as older versions did.
  const w = FORMAT === 1 ? undefined : new TraceLineWriter();
  await put(w ? w.header(trace.header) : `${JSON.stringify(trace.header)}\n`);
  for (const e of trace.entries) await put(w ? w.entry(e) : `${JSON.stringify(e)}\n`);
  await put(`${JSON.stringify(trace.footer)}\n`);
  await new Promise<void>((r) => out.end(() => r()));
  return { path, interactions };
}

interface Row { how: string; threads: number; verdict: string; instances: number; ms: number; cpuMs: number; heapMB: number; workerHeapMB?: number; totalHeapMB?: number }

function check(how: 'stream' | 'stream-1' | 'whole', path: string): Row {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'check-trace-child.ts'), how, path, String(TIMER)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as Row;
}

let ok = true;
const streamed: Array<Row & { messages: number }> = [];
try {
  // CPU ms beside the wall clock: on a shared machine the wall clock also counts waiting for a core.
  console.log('messages    way       threads  verdict  instances      ms   CPU ms   peak heap MB (main + second thread)');
  for (const messages of sizes) {
    const { path, interactions } = await write(messages);
    for (const how of ['whole', 'stream-1', 'stream'] as const) {
      const r = check(how, path);
      const heap = r.totalHeapMB ?? r.heapMB;
      const parts = r.workerHeapMB ? ` (${r.heapMB.toFixed(0)} + ${r.workerHeapMB.toFixed(0)})` : '';
      r.heapMB = heap;
      console.log(`${String(messages).padStart(9)}   ${how.padEnd(8)}  ${String(r.threads ?? 1).padStart(7)}  ${r.verdict.padEnd(7)}  ${String(r.instances).padStart(9)}  ${r.ms.toFixed(0).padStart(6)}   ${r.cpuMs.toFixed(0).padStart(6)}   ${heap.toFixed(0).padStart(12)}${parts}`);
      if (r.verdict !== 'pass' || r.instances !== interactions) {
        console.log(`  WRONG ANSWER: ${r.verdict} with ${r.instances} instances, expected pass with ${interactions}`);
        ok = false;
      }
      if (how === 'stream') streamed.push({ ...r, messages });
    }
    rmSync(path);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const big = streamed.find((r) => r.messages === 1_000_000);
if (big) {
  const small = streamed.find((r) => r.messages === 100_000)!;
  const growth = big.heapMB / small.heapMB;
  console.log('');
  console.log(`streamed 1M: ${big.ms.toFixed(0)} ms, ${big.cpuMs.toFixed(0)} ms CPU (target < ${TARGET_MS}; a time measured on a loaded machine says little): ${big.ms < TARGET_MS ? 'PASS' : 'FAIL'}`);
  console.log(`streamed 1M: peak heap ${big.heapMB.toFixed(0)} MB (target < ${TARGET_MB}): ${big.heapMB < TARGET_MB ? 'PASS' : 'FAIL'}`);
  console.log(`heap growth 100k → 1M: ${growth.toFixed(2)}× (target ≤ ${TARGET_GROWTH}): ${growth <= TARGET_GROWTH ? 'PASS' : 'FAIL'}`);
  ok &&= growth <= TARGET_GROWTH && big.heapMB < TARGET_MB && big.ms < TARGET_MS;
}
process.exit(ok ? 0 : 1);
