import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { readLines } from '../trace/reader.ts';
import { WINDOW } from './check-thread-protocol.ts';
import type { CheckJob, EntryBatch, FromReader, ToReader } from './check-thread-protocol.ts';
import { CheckThreadReader } from './check-thread-reader.ts';

/**
 * The second thread of a check: reads the trace it is given line by line (check-thread-reader.ts judges
 * each) and posts the batches, never more than WINDOW ahead of the matcher's thread.
 */

const port = parentPort;
if (!port) throw new Error('check-thread-worker.ts runs as a worker thread of a check (check-thread.ts)');

/** Batches of the job at hand the matcher's thread has taken; called when it takes one. */
const progress = { taken: 0, wake: undefined as (() => void) | undefined };

async function judge(job: CheckJob): Promise<void> {
  // Sampled at each batch sent (every few milliseconds), not on a timer of its own: the figure is the
  // bench's, and a 2 ms timer cost every check 1-2% of this thread.
  let heapPeak = 0;
  const sample = (): void => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  };
  let sent = 0;
  progress.taken = 0;
  const reader = new CheckThreadReader(job, (batch: EntryBatch) => {
    sample();
    port!.postMessage(batch satisfies FromReader, [batch.kinds.buffer as ArrayBuffer, batch.times.buffer as ArrayBuffer]);
    sent++;
  });
  let crash: unknown;
  const failed = await readLines(
    job.path,
    (text, cutLast) => {
      try {
        reader.line(text, cutLast);
      } catch (err) {
        crash ??= err;
        throw err;
      }
    },
    () => (sent - progress.taken < WINDOW ? undefined : new Promise<void>((resolve) => (progress.wake = () => sent - progress.taken < WINDOW && resolve()))),
  );
  progress.wake = undefined;
  if (crash !== undefined) throw crash;
  const done = reader.end(failed);
  sample();
  port!.postMessage({ ...done, heapPeak } satisfies FromReader);
}

// One job at a time; a thread that finished one may be given another (check-thread.ts keeps it for the
// next check of the same process).
port.on('message', (m: ToReader) => {
  if (m.type === 'taken') {
    progress.taken++;
    progress.wake?.();
    return;
  }
  judge(m.job).catch((err: unknown) => {
    port.postMessage({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromReader);
  });
});
