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
