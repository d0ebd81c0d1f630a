import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batched, type FormatterPlugin } from '../../src/cucumber/batched-formatters.ts';

// cucumber's message and html formatters with their writes gathered: the same bytes in the same order,
// written once a scenario finishes and at the end of the run.

async function harness(plugin: FormatterPlugin) {
  const handlers: ((m: Record<string, unknown>) => void)[] = [];
  const written: string[] = [];
  const cleanup = (await batched(plugin).formatter({ on: (_key, h) => handlers.push(h), write: (c) => written.push(String(c)) })) as () => Promise<void>;
  const emit = (m: Record<string, unknown>) => handlers.forEach((h) => h(m));
  return { emit, written, cleanup };
}

/** Like cucumber's message formatter: a line per message. */
const lines: FormatterPlugin = {
  type: 'formatter',
  formatter({ on, write }) {
    on('message', (m) => write(`${Object.keys(m)[0]}\n`));
  },
};

test('what a scenario writes goes out in one write once it finishes, its testCaseFinished included', async () => {
  const { emit, written, cleanup } = await harness(lines);
  emit({ testCaseStarted: {} });
  emit({ testStepFinished: {} });
  assert.deepEqual(written, []);
  emit({ testCaseFinished: {} });
  assert.deepEqual(written, ['testCaseStarted\ntestStepFinished\ntestCaseFinished\n']);
  emit({ testRunFinished: {} });
  await cleanup();
  assert.deepEqual(written.slice(1), ['testRunFinished\n']);
});

test('what the formatter writes while it cleans up (the html page’s end) goes out too, last', async () => {
  const tail: FormatterPlugin = {
    type: 'formatter',
    formatter({ write }) {
      write('head ');
      return async () => {
        write(Buffer.from('tail'));
      };
    },
  };
  const { written, cleanup } = await harness(tail);
  await cleanup();
  assert.deepEqual(written, ['head tail']);
});
