// The recorder's own cost per message (issue 13 item 2): MESSAGES messages of the Interaction Server
// bench's shape (a readiness request and its EventAck), recorded through the trace observer to an ndjson
// file, in turns of 500 as a busy server records them. Reports the event loop's time per message (what
// recording takes from the server: building the entry, its line, handing it over) and the process's CPU
// per message (the writer's thread included), and the file's bytes per message against the wire bytes,
// which must stay within 1.5× (flowcert-trace/2, docs/trace-format.md).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { traceObserver } from '../src/adapters/trace-observer.ts';
import { encodeFrame } from '../src/codec/envelope.ts';
import { TraceRecorder } from '../src/trace/recorder.ts';

const MESSAGES = Number(process.env.BENCH_N ?? 200_000);
const ROUNDS = 5;
const dir = mkdtempSync(join(tmpdir(), 'flowcert-recorder-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function round(r: number): Promise<{ loopUs: number; cpuUs: number; bytes: number; wire: number }> {
  const file = join(dir, `r${r}.ndjson`);
  const rec = new TraceRecorder({ file, keepInMemory: false, participants: [{ name: 'IS1', role: 'InteractionServer' }, { name: 'Agent1', role: 'AgentApplication' }] });
  const obs = traceObserver(rec);
  let loop = 0;
  let wire = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < MESSAGES; i += 2) {
    const t0 = performance.now();
    const req = { protocol: 'InteractionManagement', message: 'RequestCancelNotReadyForMedia', referenceId: i + 10, attributes: { MediaTypeName: 'email' } };
    const ack = { protocol: 'InteractionManagement', message: 'EventAck', referenceId: i + 10, attributes: {} };
    obs.message({ connection: 'c1', from: 'Agent1', to: 'IS1', envelope: req, canonical: req.message, violations: [] });
    // The answer is a frame the server built: its attributes' text is in hand (CheckedConnection.send).
    const frame = encodeFrame(ack);
    obs.message({ connection: 'c1', from: 'IS1', to: 'Agent1', envelope: ack, canonical: ack.message, violations: [], attributesJson: JSON.stringify(ack.attributes) } as Parameters<typeof obs.message>[0]);
    wire += encodeFrame(req).length + frame.length;
    loop += performance.now() - t0;
    if (i % 500 === 498) await new Promise((res) => setImmediate(res));
  }
  await rec.whenWritten?.();
  rec.close();
  const cpu = process.cpuUsage(cpu0);
  return { loopUs: (loop * 1000) / MESSAGES, cpuUs: (cpu.user + cpu.system) / MESSAGES, bytes: statSync(file).size / MESSAGES, wire: wire / MESSAGES };
}

const rows = [];
for (let r = 0; r <= ROUNDS; r++) {
  const x = await round(r);
  if (r > 0) rows.push(x);
}
const loopUs = median(rows.map((x) => x.loopUs));
const cpuUs = median(rows.map((x) => x.cpuUs));
const { bytes, wire } = rows[0];
console.log(`recording ${MESSAGES.toLocaleString('en')} messages (median of ${ROUNDS}): ${loopUs.toFixed(2)} µs of event loop and ${cpuUs.toFixed(2)} µs of process CPU per message (the encode of the answer's frame, which the server does anyway, included); ${bytes.toFixed(0)} trace bytes per message for ${wire.toFixed(0)} wire bytes (${(bytes / wire).toFixed(2)}×)`);
rmSync(dir, { recursive: true, force: true });
// Bytes do not depend on the machine's load: the bound is a gate (issue 13 item 2: at most 1.5×).
const MAX_BYTES_RATIO = 1.5;
if (bytes / wire > MAX_BYTES_RATIO) {
  console.log(`FAIL: ${(bytes / wire).toFixed(2)}× the wire bytes, over the ${MAX_BYTES_RATIO}× allowed`);
  process.exitCode = 1;
}
