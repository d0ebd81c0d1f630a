import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadModel } from '../../src/flow/loader.ts';
import type { NeverStep } from '../../src/flow/model.ts';
import { EMPTY_SCOPE, StepProgram } from '../../src/flow/step-program.ts';
import { makeThread, mergeThreads, samePlace } from '../../src/flow/thread.ts';
import type { Thread, ThreadParts, Watch } from '../../src/flow/thread.ts';

// Threads at the same place — position, captures, bindings, open windows — merge into one. They are
// compared field by field, their keys made only when asked: what compares equal must be what the keys
// of the whole thread did.

const model = (await loadModel('scenarios/deliver-interaction-to-agent.yaml')).model!;
const program = new StepProgram(model.variants.accept.phases.map((id) => model.phases[id].body), new Map());
const cont = program.begin()[0].cont;
const never = model.phases['agent-accepts-delivery'].body.steps.find((s): s is NeverStep => s.kind === 'never')!;
const watch = (from: number): Watch => ({ step: never, scope: EMPTY_SCOPE, from, fromEntry: 3, until: from + 100, key: 'k' });

function thread(over: Partial<ThreadParts> = {}): Thread {
  return makeThread(program, {
    cont, captures: { interaction: 'A', agent: 'x' }, capKey: undefined, parts: { urs: 'URS1' }, partKey: undefined,
    matched: null, count: 0, lastT: 0, watches: [], doubt: null, ...over,
  });
}

test('equal captures and bindings in other objects, in another order, are the same place', () => {
  assert.ok(samePlace(thread(), thread({ captures: { agent: 'x', interaction: 'A' }, parts: { urs: 'URS1' } })));
  assert.ok(samePlace(thread({ watches: [watch(5)] }), thread({ watches: [watch(5)] })));
});

test('another capture value, binding, window or position is another place', () => {
  assert.ok(!samePlace(thread(), thread({ captures: { interaction: 'B', agent: 'x' } })));
  assert.ok(!samePlace(thread(), thread({ parts: { urs: 'URS2' } })));
  assert.ok(!samePlace(thread({ watches: [watch(5)] }), thread({ watches: [watch(6)] })));
  assert.ok(!samePlace(thread({ watches: [watch(5)] }), thread()));
  assert.ok(!samePlace(thread(), thread({ cont: null })));
});

test('merging keeps one thread per place: the one that matched more, else the first', () => {
  const a = thread();
  const b = thread({ count: 2 });
  const c = thread({ captures: { interaction: 'B' } });
  const d = thread();
  assert.deepEqual(mergeThreads([a, c, b, d]), [b, c]);
  // Past a few threads they are merged through a key of the whole place: the same answer.
  const many = Array.from({ length: 20 }, (_, i) => thread({ captures: { n: i % 5 }, count: i }));
  const merged = mergeThreads(many);
  assert.equal(merged.length, 5);
  assert.deepEqual(merged.map((t) => t.count), [15, 16, 17, 18, 19]);
});
