import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPACT_SHAPE, isSoundCompact } from '../../src/trace/compact-message.ts';
import { isSoundMessage, SHAPES } from '../../src/trace/line-parser.ts';
import { shapeProblems } from '../../src/trace/line-shape.ts';

// The message shape written out (isSoundMessage) must judge every line as the general check does.

const sound: Record<string, unknown> = {
  type: 'message', seq: 3, t: 1.5, from: 'IS1', to: 'Agent1', connection: 'Agent1<->IS1', protocol: 'InteractionManagement',
  message: 'EventAck', referenceId: 2, attributes: {}, violations: [],
};
const values: unknown[] = [undefined, null, 0, 7, -1.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', true, {}, { a: 1 }, [], [1]];

test('isSoundMessage says what shapeProblems says, for every field given every kind of value', () => {
  let checked = 0;
  for (const field of [...Object.keys(SHAPES.message), 'type', 'other']) {
    for (const v of values) {
      const o = { ...sound };
      if (v === undefined) delete o[field];
      else o[field] = v;
      assert.equal(isSoundMessage(o), shapeProblems(o, SHAPES.message).length === 0, `${field} = ${String(v)}`);
      checked++;
    }
  }
  assert.ok(isSoundMessage(sound));
  assert.ok(checked > 150);
});

test('two fields wrong at once: unsound, as shapeProblems says', () => {
  const o = { ...sound, seq: 1.5, attributes: [] };
  assert.equal(isSoundMessage(o), false);
  assert.equal(shapeProblems(o, SHAPES.message).length, 2);
});

test('isSoundCompact says what shapeProblems says of a flowcert-trace/2 message line, for every field given every kind of value', () => {
  const compact: Record<string, unknown> = { s: 3, t: 1.5, c: 'c1', from: 'IS1', to: 'Agent1', p: 'InteractionManagement', m: 'EventAck', w: 'Ack', r: 2, a: {}, raw: '{}', v: [] };
  let checked = 0;
  for (const field of [...Object.keys(COMPACT_SHAPE), 'other']) {
    for (const v of values) {
      const o = { ...compact };
      if (v === undefined) delete o[field];
      else o[field] = v;
      assert.equal(isSoundCompact(o), shapeProblems(o, COMPACT_SHAPE).length === 0, `${field} = ${String(v)}`);
      checked++;
    }
  }
  assert.ok(isSoundCompact(compact));
  assert.ok(checked > 150);
});
