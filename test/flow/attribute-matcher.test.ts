import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeMatcher, matchAttributes, matchOne } from '../../src/flow/attribute-matcher.ts';
import { attrs, matcher } from './matcher-kit.ts';

const none = { captures: {} };

function diffs(spec: Record<string, unknown>, actual: Record<string, unknown>, captures: Record<string, unknown> = {}) {
  return matchAttributes(attrs(spec), actual, { captures }, true).diffs.map((d) => `${d.path}: expected ${d.expected}, got ${d.actual}`);
}

test('an exact value matches only an equal JSON value, deep for lists and mappings', () => {
  assert.equal(matchAttributes(attrs({ TicketId: 7 }), { TicketId: 7 }, none).ok, true);
  assert.equal(matchAttributes(attrs({ TicketId: 7 }), { TicketId: '7' }, none).ok, false);
  assert.equal(matchAttributes(attrs({ L: [1, 2] }), { L: [1, 2] }, none).ok, true);
  assert.equal(matchAttributes(attrs({ L: [1, 2] }), { L: [2, 1] }, none).ok, false);
  assert.deepEqual(diffs({ Queue: 'inbound' }, { Queue: 'outbound' }), ['Queue: expected "inbound", got "outbound"']);
  assert.deepEqual(diffs({ Text: '$$money' }, { Text: '$money' }), []);
});

test('attributes the model does not list are not checked; $any needs presence, $absent needs absence', () => {
  assert.equal(matchAttributes(attrs({ A: '$any' }), { A: null, B: 1 }, none).ok, true);
  assert.deepEqual(diffs({ A: '$any', B: '$absent' }, { B: 0 }), ['A: expected any value, got absent', 'B: expected absent, got 0']);
});

test('regex matches strings and the decimal text of numbers, with flags', () => {
  assert.equal(matchAttributes(attrs({ Id: { $regex: '^\\d+$' } }), { Id: 42 }, none).ok, true);
  assert.equal(matchAttributes(attrs({ Id: { $regex: '^ab', $flags: 'i' } }), { Id: 'ABc' }, none).ok, true);
  assert.deepEqual(diffs({ Id: { $regex: '^\\d+$' } }, { Id: 'x1' }), ['Id: expected /^\\d+$/, got "x1"']);
  assert.deepEqual(diffs({ Id: { $regex: '^\\d+$' } }, { Id: { n: 1 } }), ['Id: expected /^\\d+$/, got {"n":1}']);
});

test('one-of, and numeric ranges with either bound', () => {
  assert.equal(matchAttributes(attrs({ Q: { $oneOf: ['a', 'b'] } }), { Q: 'b' }, none).ok, true);
  assert.deepEqual(diffs({ Q: { $oneOf: ['a', 'b'] } }, { Q: 'c' }), ['Q: expected one of "a", "b", got "c"']);
  assert.equal(matchAttributes(attrs({ N: { $min: 1, $max: 5 } }), { N: 5 }, none).ok, true);
  assert.deepEqual(diffs({ N: { $min: 1, $max: 5 } }, { N: 6 }), ['N: expected between 1 and 5, got 6']);
  assert.deepEqual(diffs({ N: { $min: 1 } }, { N: '3' }), ['N: expected at least 1, got "3"']);
  assert.deepEqual(diffs({ N: { $max: 1 } }, { N: 2 }), ['N: expected at most 1, got 2']);
});

test('nested key-value lists are partial unless $exact, and report the full path', () => {
  const spec = { Interaction: { InteractionId: '0001', Media: { Type: 'chat' } } };
  assert.equal(matchAttributes(attrs(spec), { Interaction: { InteractionId: '0001', Media: { Type: 'chat', X: 1 }, Y: 2 } }, none).ok, true);
  assert.deepEqual(diffs(spec, { Interaction: { InteractionId: '0002', Media: { Type: 'chat' } } }), ['Interaction.InteractionId: expected "0001", got "0002"']);
  assert.deepEqual(diffs(spec, { Interaction: 'x' }), ['Interaction: expected {InteractionId: "0001", Media: {Type: "chat"}}, got "x"']);
  assert.deepEqual(diffs({ E: { $exact: { A: 1 } } }, { E: { A: 1, B: 2 } }), ['E.B: expected absent, got 2']);
});

test('a capture binds on first use, must be equal afterwards, and is described with its value', () => {
  const first = matchAttributes(attrs({ TicketId: '$ticket' }), { TicketId: 7 }, none);
  assert.deepEqual([first.ok, first.bound], [true, { ticket: 7 }]);
  assert.equal(matchAttributes(attrs({ TicketId: '$ticket' }), { TicketId: 7 }, { captures: { ticket: 7 } }).bound, undefined);
  assert.deepEqual(diffs({ TicketId: '$ticket' }, { TicketId: 8 }, { ticket: 7 }), ['TicketId: expected $ticket (= 7), got 8']);
  assert.deepEqual(diffs({ TicketId: '$ticket' }, {}), ['TicketId: expected $ticket, got absent']);
  // Two uses in one message: the second compares with the first.
  assert.equal(matchAttributes(attrs({ A: '$x', B: '$x' }), { A: 1, B: 1 }, none).ok, true);
  assert.deepEqual(diffs({ A: '$x', B: '$x' }, { A: 1, B: 2 }), ['B: expected $x (= 1), got 2']);
});

test('a capture with a condition binds only a value that satisfies it; for-each variables act as bound captures', () => {
  const spec = { Id: { $capture: 'id', $regex: '^[0-9A-F]+$' } };
  assert.deepEqual(matchAttributes(attrs(spec), { Id: '00A1' }, none).bound, { id: '00A1' });
  assert.deepEqual(diffs(spec, { Id: 'zz' }), ['Id: expected /^[0-9A-F]+$/, got "zz"']);
  assert.equal(describeMatcher(matcher(spec.Id)), '$id and /^[0-9A-F]+$/');
  assert.deepEqual(matchAttributes(attrs({ AgentId: '$a' }), { AgentId: 'a2' }, { captures: {}, vars: { a: 'a1' } }, true).diffs,
    [{ path: 'AgentId', expected: '$a (= "a1")', actual: '"a2"' }]);
});

test('the envelope referenceId is matched like an attribute, under the path referenceId', () => {
  const r = matchOne(matcher('$ref'), 12, 'referenceId', { captures: { ref: 11 } }, true);
  assert.deepEqual([r.ok, r.diffs], [false, [{ path: 'referenceId', expected: '$ref (= 11)', actual: '12' }]]);
});

test('describeMatcher names every matcher kind', () => {
  assert.deepEqual(
    [7, 'x', '$any', '$absent', { $oneOf: [1, 'a'] }, { $min: 0 }, { $exact: { A: '$a' } }].map((v) => describeMatcher(matcher(v))),
    ['7', '"x"', 'any value', 'absent', 'one of 1, "a"', 'at least 0', 'exactly {A: $a}'],
  );
});
