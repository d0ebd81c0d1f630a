import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { useNativeMatchIndices } from '../../src/cucumber/native-match-indices.ts';

// Cucumber's step matching with native group indices (native-match-indices.ts) finds the same
// arguments, at the same places, as cucumber-expressions' own matching — for regular expressions
// and Cucumber expressions alike, optional groups unmatched, nested groups, no match at all.

const cx = createRequire(import.meta.url)('@cucumber/cucumber-expressions') as {
  RegularExpression: new (r: RegExp, p: unknown) => { match(s: string): unknown[] | null; treeRegexp: { match(s: string): unknown } };
  CucumberExpression: new (e: string, p: unknown) => { match(s: string): unknown[] | null };
  ParameterTypeRegistry: new () => unknown;
};

const cases: Array<[RegExp | string, string[]]> = [
  [/^"([^"]+)" (logs in(?: as "([^"]*)")?)$/, ['"A1" logs in as "x y"', '"A1" logs in', '"A1" logs out']],
  [/^(a(b(c)?)?)+ (?<named>\d+)?$/, ['abc 12', 'ab ', 'a 3', 'x']],
  [/^the (?:first|second) (\w+)$/i, ['THE First thing', 'the third thing']],
  ['{string} submits a(n) {string} interaction to queue {string}', ['"Mail" submits an "email" interaction to queue "Inbound"', '"Mail" submits a "chat" interaction to queue "Q"', 'nothing']],
  ['the timer runs {int} ms', ['the timer runs 200 ms', 'the timer runs ms']],
];

const groups = (args: unknown[] | null) => (args === null ? null : JSON.parse(JSON.stringify(args.map((a) => (a as { group: unknown }).group))));

test('every step matches to the same groups before and after the native indices are used', () => {
  const registry = new cx.ParameterTypeRegistry();
  const expressions = cases.map(([e]) => (typeof e === 'string' ? new cx.CucumberExpression(e, registry) : new cx.RegularExpression(e, registry)));
  const before = cases.map(([, texts], i) => texts.map((t) => groups(expressions[i].match(t))));
  assert.equal(useNativeMatchIndices(), true);
  assert.equal(useNativeMatchIndices(), true, 'a second call changes nothing');
  const after = cases.map(([, texts], i) => texts.map((t) => groups(expressions[i].match(t))));
  assert.deepEqual(after, before);
  assert.ok(before.flat().some((g) => g === null) && before.flat().some((g) => g !== null));
});

test('an expression with the g flag keeps the original matching (its lastIndex matters)', () => {
  useNativeMatchIndices();
  const e = new cx.RegularExpression(/(\d+)/g, new cx.ParameterTypeRegistry());
  assert.ok(e.match('a 12'));
});
