import { createRequire } from 'node:module';

/**
 * Cucumber's `message` and `html` formatters, writing their file once per scenario rather than once per
 * message. Each message (two per step, each attachment) was its own write to the file, handed to libuv's
 * thread pool: on a two-core machine each such hand-over wakes a pool thread that competes with the run's
 * only thread, and a scenario's thirty-odd of them were a large part of its harness work (issue 13).
 * Here what the formatter writes is gathered and written in one piece when a scenario finishes — after
 * its testCaseFinished, so outside its time — and at the end of the run; the bytes and their order are
 * exactly what cucumber's own formatter writes.
 *
 * A run killed outright (a second Ctrl-C) loses at most its last scenario's messages from the file;
 * the run's summary and JUnit report are read from the messages as they pass, not from the file.
 *
 * `flowcert run` puts them in place of `message` and `html` (run-features.ts); `npx cucumber-js` keeps
 * cucumber's own.
 */

type Chunk = string | Uint8Array;

interface PluginContext {
  on: (key: 'message', handler: (message: Record<string, unknown>) => void) => void;
  write: (chunk: Chunk) => unknown;
  [key: string]: unknown;
}

export interface FormatterPlugin {
  type: 'formatter';
  formatter: (ctx: PluginContext) => unknown;
  optionsKey?: string;
}

/** Above this many characters gathered, they are written at once (a scenario with a huge attachment). */
const MAX_GATHERED = 8 * 1024 * 1024;

/** `plugin`, with its writes gathered and written once a scenario (or the run) finishes. */
export function batched(plugin: FormatterPlugin): FormatterPlugin {
  return {
    ...plugin,
    async formatter(ctx: PluginContext) {
      let gathered: Chunk[] = [];
      let size = 0;
      const flush = () => {
        if (gathered.length === 0) return;
        const chunks = gathered;
        gathered = [];
        size = 0;
        ctx.write(chunks.every((c) => typeof c === 'string') ? chunks.join('') : Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c))));
      };
      const write = (chunk: Chunk) => {
        gathered.push(chunk);
        size += chunk.length;
        if (size >= MAX_GATHERED) flush();
        return true;
      };
      const cleanup = await plugin.formatter({ ...ctx, write });
      // After the formatter's own handler: the testCaseFinished it just wrote goes out with the rest.
      ctx.on('message', (message) => {
        if (message.testCaseFinished || message.testRunFinished) flush();
      });
      return async () => {
        if (typeof cleanup === 'function') await (cleanup as () => Promise<void>)();
        flush();
      };
    },
  };
}

// cucumber's own plugins: its package exports `./lib/*` to require only.
const cjs = createRequire(import.meta.url);
export const cucumberMessageFormatter = (cjs('@cucumber/cucumber/lib/formatter/builtin/message') as { default: FormatterPlugin }).default;
export const cucumberHtmlFormatter = (cjs('@cucumber/cucumber/lib/formatter/builtin/html') as { default: FormatterPlugin }).default;
