// One reference Interaction Server in a process of its own for bench/agents-scale.bench.ts: tells its
// parent its URLs, and its own CPU time (process.cpuUsage, µs: user, system, both) whenever asked; stops
// when told to.
// RECORD=1: it records a trace to a temporary file, as a run does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';

const rec = process.env.RECORD === '1' ? new TraceRecorder({ file: join(mkdtempSync(join(tmpdir(), 'flowcert-scale-')), 'is.ndjson'), keepInMemory: false, participants: [{ name: 'IS1', role: 'InteractionServer' }] }) : undefined;
const is = new InteractionServer({ name: 'IS1', registrationTimeoutMs: 0, ...(rec ? { observer: traceObserver(rec) } : {}) });
const { url, tlibUrl } = await is.start();
process.send!({ type: 'url', url, tlibUrl });
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    const c = process.cpuUsage();
    process.send!({ type: 'cpu', us: c.user + c.system, user: c.user, system: c.system, heap: process.memoryUsage().heapUsed });
  }
  if (m.type === 'stop') void is.stop().then(() => { rec?.close(); process.exit(0); });
});
