import assert from 'node:assert/strict';
import { test } from 'node:test';
import { insertSuggestions } from '../../src/cucumber/progress-formatter.ts';

const MARK = '\u0000flowcert-undefined-step\u0000';

test('suggestions go above cucumber\'s heading for the snippet, at its indentation; the marks go', () => {
  const issue =
    '1) Scenario: x # f.feature:2\n' +
    '   ? Given one\n' +
    '       Undefined. Implement with the following snippet:\n' +
    '\n' +
    `         ${MARK}0\n` +
    "         Given('one', async function () {\n" +
    '   ? Given two\n' +
    '       \u001b[33mUndefined. Implement with the following snippet:\n' +
    '\n' +
    `         ${MARK}1\u001b[39m\n` +
    "         Given('two', async function () {\n";
  assert.equal(
    insertSuggestions(issue, (i) => [`for ${i}`, `  more ${i}`]),
    '1) Scenario: x # f.feature:2\n' +
      '   ? Given one\n' +
      '       for 0\n' +
      '         more 0\n' +
      '       Undefined. Implement with the following snippet:\n' +
      '\n' +
      "         Given('one', async function () {\n" +
      '   ? Given two\n' +
      '       for 1\n' +
      '         more 1\n' +
      '       \u001b[33mUndefined. Implement with the following snippet:\n' +
      '\n' +
      "         Given('two', async function () {\n",
  );
});

test('a layout it does not recognise gets no suggestions, and still loses the marks', () => {
  assert.equal(insertSuggestions(`Undefined:\n  ${MARK}0\n  Given('x')\n`, () => ['never']), "Undefined:\n  Given('x')\n");
});

test('step characters reach the output together when the scenario finishes, before anything written after them', async () => {
  const { EventEmitter } = await import('node:events');
  const { default: FlowcertProgressFormatter } = await import('../../src/cucumber/progress-formatter.ts');
  const broadcaster = new EventEmitter();
  const writes: string[] = [];
  const plain = (s: string) => s;
  const formatter = new FlowcertProgressFormatter({
    colorFns: { forStatus: () => plain },
    eventBroadcaster: broadcaster,
    eventDataCollector: { getTestCaseAttempts: () => [], undefinedParameterTypes: [] },
    log: (s: string | Uint8Array) => writes.push(String(s)),
    parsedArgvOptions: {},
    cleanup: async () => undefined,
  } as unknown as ConstructorParameters<typeof FlowcertProgressFormatter>[0]);
  const at = { seconds: 0, nanos: 0 };
  broadcaster.emit('envelope', { testRunStarted: { timestamp: at } });
  const step = (status: string) => broadcaster.emit('envelope', { testStepFinished: { testStepResult: { status } } });
  step('PASSED');
  step('PASSED');
  assert.deepEqual(writes, [], 'nothing written while the scenario runs');
  broadcaster.emit('envelope', { testCaseFinished: {} });
  assert.deepEqual(writes, ['..']);
  step('FAILED');
  broadcaster.emit('envelope', { testRunFinished: { timestamp: at } });
  // A scenario cut short (no testCaseFinished): its characters still come first.
  assert.equal(writes.slice(1).join('').startsWith('F\n\n'), true, JSON.stringify(writes));
  await formatter.finished();
});
