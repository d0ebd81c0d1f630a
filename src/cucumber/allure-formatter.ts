import { randomUUID } from 'node:crypto';
import { mkdirSync, rename, writeFile } from 'node:fs';
import { join } from 'node:path';
import type { Formatter, IFormatterOptions } from '@cucumber/cucumber';
import * as allureReporter from 'allure-cucumberjs/reporter';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';

/**
 * allure-cucumberjs's formatter, writing its results without fsync and off the event loop. Its own
 * writer writes and fsyncs every file — each result, container and attachment — synchronously on the
 * run's only thread: a whole run spent about a tenth of its time there, the larger part of the harness's
 * own work per scenario (issue 13). A crash mid-run leaves a run's reports incomplete whatever was
 * synced; what matters is that no file is ever seen half-written: each is written whole under a
 * temporary name and renamed, in libuv's thread pool, and the formatter's finished() waits for every
 * write, so the run's reports are complete when it ends.
 *
 * `flowcert run` puts it in place of `allure-cucumberjs/reporter` (run-features.ts); `npx cucumber-js`
 * keeps allure's own.
 */
export class ResultsWriter extends FileSystemWriter {
  private readonly dir: string;
  private made = false;
  private readonly id = randomUUID();
  private next = 0;

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

  /** Resolves once every file handed over so far is written and renamed; rejects with the first failure. */
  async settled(): Promise<void> {
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
    const done: Promise<void> = new Promise<void>((resolve) => {
      writeFile(temp, data, (err) => {
        if (err) return resolve(this.fail(err));
        rename(temp, join(this.dir, name), (e) => resolve(e ? this.fail(e) : undefined));
      });
    }).finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  private fail(err: Error): void {
    this.failure ??= err;
  }
}

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
  }

  override async finished(): Promise<void> {
    // The run's last results (categories, environment) were handed over at testRunFinished, before this.
    await this.writer.settled();
    await super.finished();
  }
}
