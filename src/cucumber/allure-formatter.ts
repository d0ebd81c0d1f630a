import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Formatter, IFormatterOptions } from '@cucumber/cucumber';
import * as allureReporter from 'allure-cucumberjs/reporter';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';

/**
 * allure-cucumberjs's formatter, writing its results without fsync and off the event loop. Its own
 * writer writes and fsyncs every file — each result, container and attachment — synchronously on the
 * run's only thread: a whole run spent about a tenth of its time there, the larger part of the harness's
 * own work per scenario (issue 13). A crash mid-run leaves a run's reports incomplete whatever was
 * synced; what matters is that no file is ever seen half-written: each is written whole under a
 * temporary name and renamed, and the formatter's finished() waits for every write, so the run's
 * reports are complete when it ends.
 *
 * The writing is done by one worker thread, handed a scenario's files in one message once the scenario
 * finished (flush()). Handed to libuv's thread pool instead, each file cost four hand-overs (open,
 * write, close, rename), seven files a scenario: on a two-core machine each wakes a thread that competes
 * with the run's only thread, inside the scenario's time.
 *
 * `flowcert run` puts it in place of `allure-cucumberjs/reporter` (run-features.ts); `npx cucumber-js`
 * keeps allure's own.
 */
export class ResultsWriter extends FileSystemWriter {
  private readonly dir: string;
  private made = false;
  private readonly id = randomUUID();
  private next = 0;
  /** Files handed over since the last flush: [temporary path, final path, content]. */
  private queued: { temp: string; path: string; data: string | Uint8Array }[] = [];
  private queuedSize = 0;
  private worker: Worker | undefined;
  private readonly batches = new Map<number, () => void>();
  private batchIds = 0;

  constructor(resultsDir: string) {
    super({ resultsDir });
    this.dir = resultsDir;
  }

  override writeAttachment(name: string, content: Buffer): void {
    this.publish(name, content);
  }

  override writeGroup(result: { uuid: string }): void {
    this.publish(`${result.uuid}-container.json`, JSON.stringify(result));
  }

  override writeResult(result: { uuid: string }): void {
    this.publish(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  override writeGlobals(name: string, info: unknown): void {
    this.publish(name, JSON.stringify(info));
  }

  override writeCategoriesDefinitions(categories: unknown): void {
    this.publish('categories.json', JSON.stringify(categories));
  }

  /** Hands what was published since the last flush to the writing thread, in one message. */
  flush(): void {
    if (this.queued.length === 0) return;
    const files = this.queued;
    this.queued = [];
    this.queuedSize = 0;
    const id = ++this.batchIds;
    const worker = this.writerThread();
    const done = new Promise<void>((resolve) => this.batches.set(id, resolve)).finally(() => {
      this.pending.delete(done);
      if (this.batches.size === 0) this.worker?.unref();
    });
    this.pending.add(done);
    worker.ref();
    worker.postMessage({ id, files });
  }

  /** Resolves once every file handed over so far is written and renamed; rejects with the first failure. */
  async settled(): Promise<void> {
    this.flush();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failure) throw this.failure;
  }

  private readonly pending = new Set<Promise<void>>();
  private failure: Error | undefined;

  private publish(name: string, data: string | Buffer): void {
    if (!this.made) {
      mkdirSync(this.dir, { recursive: true });
      this.made = true;
    }
    // The same name the other writer would give, under a temporary name first (allure's `.allure-write-` prefix, which its report skips).
    const temp = join(this.dir, `.allure-write-${this.id}-${this.next++}.tmp`);
    this.queued.push({ temp, path: join(this.dir, name), data });
    this.queuedSize += data.length;
    // A scenario attaching a flood's trace is not held in memory twice.
    if (this.queuedSize >= MAX_QUEUED) this.flush();
  }

  private writerThread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WRITER_THREAD, { eval: true });
    worker.on('message', (m: { id: number; failure?: { message: string; code?: string } }) => {
      if (m.failure) this.fail(Object.assign(new Error(m.failure.message), m.failure.code ? { code: m.failure.code } : {}));
      this.batches.get(m.id)?.();
      this.batches.delete(m.id);
    });
    // The thread itself failed: nothing it was given can be counted on.
    worker.on('error', (err) => this.abandonBatches(err));
    worker.on('exit', (code) => this.abandonBatches(new Error(`the thread writing allure results stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private abandonBatches(err: Error): void {
    if (this.batches.size === 0) return;
    this.fail(err);
    for (const resolve of this.batches.values()) resolve();
    this.batches.clear();
  }

  private fail(err: Error): void {
    this.failure ??= err;
  }
}

/** Beyond this many characters (or bytes) published, they are handed over at once. */
const MAX_QUEUED = 8 * 1024 * 1024;

/** The writing thread: each file of a batch written whole under its temporary name, then renamed; the first failure said. */
const WRITER_THREAD = `
const { parentPort } = require('node:worker_threads');
const { writeFileSync, renameSync } = require('node:fs');
parentPort.on('message', ({ id, files }) => {
  let failure;
  for (const f of files) {
    try {
      writeFileSync(f.temp, f.data);
      renameSync(f.temp, f.path);
    } catch (err) {
      failure ??= { message: err.message, code: err.code };
    }
  }
  parentPort.postMessage({ id, failure });
});
`;

// The package's types read as CommonJS (TypeScript sees its module where node's ES module loader finds the class).
type FormatterClass = new (options: IFormatterOptions) => Formatter;
const loaded = allureReporter.default as unknown as FormatterClass & { default?: FormatterClass };
const AllureCucumberReporter: FormatterClass = loaded.default ?? loaded;

export default class FlowcertAllureFormatter extends AllureCucumberReporter {
  private readonly writer: ResultsWriter;

  constructor(options: IFormatterOptions) {
    super(options);
    const resultsDir = (options.parsedArgvOptions as { resultsDir?: string }).resultsDir ?? './allure-results';
    this.writer = new ResultsWriter(resultsDir);
    (this as unknown as { allureRuntime: { writer: unknown } }).allureRuntime.writer = this.writer;
    // After allure's own handler, which writes the scenario's result and containers on testCaseFinished.
    options.eventBroadcaster.on('envelope', (envelope: { testCaseFinished?: unknown; testRunFinished?: unknown }) => {
      if (envelope.testCaseFinished || envelope.testRunFinished) this.writer.flush();
    });
  }

  override async finished(): Promise<void> {
    // The run's last results (categories, environment) were handed over at testRunFinished, before this.
    await this.writer.settled();
    await super.finished();
  }
}
