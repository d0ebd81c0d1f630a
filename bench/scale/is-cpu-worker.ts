// One reference Interaction Server in a process of its own for bench/agents-scale.bench.ts: tells its
// parent its URLs, and its own CPU time (process.cpuUsage, µs: user, system, both) whenever asked; stops
// when told to.
// RECORD=1: it records a trace to a temporary file, as a run does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { traceObserver } from '../../src/adapters/trace-observer.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { TraceRecorder } from '../../src/trace/recorder.ts';
import { cpuReport } from './thread-cpu.ts';

// The trace (12 MB for 10,000 agents) goes when the worker stops: a bench run leaves nothing behind.
const dir = process.env.RECORD === '1' ? mkdtempSync(join(tmpdir(), 'flowcert-scale-')) : undefined;
const rec = dir ? new TraceRecorder({ file: join(dir, 'is.ndjson'), keepInMemory: false, participants: [{ name: 'IS1', role: 'InteractionServer' }] }) : undefined;
const is = new InteractionServer({ name: 'IS1', registrationTimeoutMs: 0, ...(rec ? { observer: traceObserver(rec) } : {}) });
const { url, tlibUrl } = await is.start();
process.send!({ type: 'url', url, tlibUrl });
process.on('message', (m: { type: string }) => {
  if (m.type === 'cpu') {
    process.send!(cpuReport());
  }
  if (m.type === 'stop') {
    void is.stop().then(() => {
      rec?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  }
});
