import { Worker } from 'node:worker_threads';
import { ownModule, BUILT } from '../cucumber/own-code.ts';
import type { CheckJob, EntryBatch, FromReader, ReadDone, ToReader } from './check-thread-protocol.ts';

/**
 * The second thread of a check, seen from the matcher's (check-thread-protocol.ts says what it does):
 * started early — its code loads while the first pass skims the trace — and given its job as soon as the
 * model is known; then read batch by batch (next), each taken one letting it send one more. It runs the
 * build's JavaScript when this code is the build's (dist/cli/check-thread-worker.js, scripts/build.mjs),
 * else the sources through tsx, as this process does.
 */

/** The second thread failed (its code did not load, it threw, it was stopped): the check reads the trace itself. */
export class ReaderFailed extends Error {}

/** A second thread whose check read its job to the end, kept for the next check of this process. */
let idle: Worker | undefined;

export class CheckThread {
  readonly #worker: Worker;
  readonly #queue: Array<EntryBatch | ReadDone> = [];
  #waiting: { resolve: (m: EntryBatch | ReadDone) => void; reject: (e: Error) => void } | undefined;
  #failure: ReaderFailed | undefined;
  /** The thread sent its last message for the job (done) or failed: its exit is no failure. */
  #ended = false;
  /** The check took the job's end: the thread is free for another job. */
  #free = false;
  #stopped = false;
  readonly #listeners: { message: (m: FromReader) => void; error: (err: Error) => void; exit: (code: number) => void };
  job: CheckJob | undefined;

  constructor() {
    this.#worker = idle ?? newWorker();
    idle = undefined;
    this.#listeners = {
      message: (m) => {
        if (m.type === 'failed') return this.#fail(`the second thread failed: ${m.message}`);
        if (m.type === 'done') this.#ended = true;
        const w = this.#take();
        if (w) w.resolve(m);
        else this.#queue.push(m);
      },
      error: (err) => this.#fail(`the second thread failed: ${err.stack ?? err.message}`),
      exit: (code) => {
        if (!this.#ended) this.#fail(`the second thread stopped before the end of the trace (exit code ${code})`);
      },
    };
    this.#worker.on('message', this.#listeners.message);
    this.#worker.on('error', this.#listeners.error);
    this.#worker.on('exit', this.#listeners.exit);
    // Never what keeps the process alive: the check holds it only while it waits for it (next).
    this.#worker.unref();
  }

  /** What the second thread is to judge; it starts reading at once. */
  begin(job: CheckJob): void {
    this.job = job;
    this.#post({ type: 'job', job });
  }

  /** The next batch, or the end; rejects with ReaderFailed when the thread failed. */
  next(): Promise<EntryBatch | ReadDone> {
    const m = this.#queue.shift();
    if (m) return Promise.resolve(this.#took(m));
    if (this.#failure) return Promise.reject(this.#failure);
    this.#worker.ref();
    return new Promise((resolve, reject) => (this.#waiting = { resolve: (m) => resolve(this.#took(m)), reject }));
  }

  /** A batch was taken: the thread may send one more. */
  taken(): void {
    this.#post({ type: 'taken' });
  }

  /** The check is done with the thread (or never needed it): kept for the next check when its job is done, else ended. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#worker.off('message', this.#listeners.message);
    this.#worker.off('error', this.#listeners.error);
    this.#worker.off('exit', this.#listeners.exit);
    if (this.#free && !this.#failure && idle === undefined) idle = this.#worker;
    else void this.#worker.terminate();
  }

  /** For tests: the thread dies as a crash would end it, mid-read. */
  kill(): void {
    void this.#worker.terminate();
  }

  #took(m: EntryBatch | ReadDone): EntryBatch | ReadDone {
    if (m.type === 'done') this.#free = true;
    return m;
  }

  #post(m: ToReader): void {
    this.#worker.postMessage(m);
  }

  #take(): { resolve: (m: EntryBatch | ReadDone) => void; reject: (e: Error) => void } | undefined {
    const w = this.#waiting;
    this.#waiting = undefined;
    if (w) this.#worker.unref();
    return w;
  }

  #fail(message: string): void {
    if (this.#failure) return;
    this.#failure = new ReaderFailed(message);
    this.#ended = true;
    void this.#worker.terminate();
    this.#take()?.reject(this.#failure);
  }
}

function newWorker(): Worker {
  const worker = workerOf(ownModule('src/cli/check-thread-worker.ts'));
  // Whatever befalls it between checks is no check's concern (each check listens for itself).
  worker.on('error', () => {});
  worker.on('exit', () => {
    if (idle === worker) idle = undefined;
  });
  return worker;
}

/**
 * Built, the worker is the build's JavaScript. From the sources it needs tsx, which a worker does not
 * inherit (on Node 20 a worker's modules do not go through the hooks its process registered, even with
 * `--import tsx` among its execArgv): it registers tsx itself, then loads the worker's code.
 */
function workerOf(entry: URL): Worker {
  if (BUILT) return new Worker(entry, { resourceLimits: LIMITS });
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`, { eval: true, resourceLimits: LIMITS });
}

/**
 * A small young generation: what the second thread allocates dies young (each line's parsed object), and
 * V8's default let it grow to twice the heap the thread needs (55 MB at its peak on a million messages,
 * 26 MB so, for no measurable time).
 */
const LIMITS = { maxYoungGenerationSizeMb: 8 };
