import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_SCOPE, Frames } from '../../src/flow/frames.ts';
import type { Frame } from '../../src/flow/frames.ts';
import { loadModel } from '../../src/flow/loader.ts';
import { StepProgram } from '../../src/flow/step-program.ts';

// Frames are made once per content: the matcher merges threads whose frames are one object, and learns
// each frame's ready steps and each step's successors once for the whole trace.

const model = (await loadModel('scenarios/deliver-interaction-to-agent.yaml')).model!;
const program = () => new StepProgram(model.variants.accept.phases.map((id) => model.phases[id].body), new Map());

/** The continuations after the ready step of that message name. */
function take(p: StepProgram, f: Frame | null, message: string): Array<Frame | null> {
  const item = p.ready(f).find((r) => r.step.message === message);
  assert.ok(item, `${message} is ready`);
  return p.advance(item).map((a) => a.cont);
}

test('the same content gives the same frame, with the same id; other content another', () => {
  const p = program();
  assert.equal(p.start(), p.start());
  const steps = model.phases['urs-requests-delivery'].body.steps;
  const a = p.seq(steps, 1, EMPTY_SCOPE, null);
  assert.equal(p.seq(steps, 1, EMPTY_SCOPE, null), a);
  assert.notEqual(p.seq(steps, 0, EMPTY_SCOPE, null), a);
  assert.notEqual(p.seq(steps, 0, EMPTY_SCOPE, null).id, a.id);
});

test('an any-order block reached in two orders is one frame: the threads that got there merge', () => {
  const p = program();
  const [afterRoute] = take(p, p.begin()[0].cont, 'RequestRouteCall');
  const [x] = take(p, afterRoute, 'EventPartyRemoved');
  const [y] = take(p, afterRoute, 'EventAgentInvited');
  assert.notEqual(x, y);
  const [xy] = take(p, x, 'EventAgentInvited');
  const [yx] = take(p, y, 'EventPartyRemoved');
  assert.equal(xy, yx);
});

test('ready steps and settled successors are found once and shared', () => {
  const p = program();
  const start = p.begin();
  assert.equal(p.begin(), start);
  const f = start[0].cont;
  assert.equal(p.ready(f), p.ready(f));
  const item = p.ready(f)[0];
  assert.equal(p.advance(item), p.advance(item));
  // What advance() gives is what settling the step's continuation gives.
  assert.deepEqual(p.advance(item), p.settle(p.after(item)));
});

test('scopes whose variables read the same are one scope; others are not', () => {
  const frames = new Frames();
  const a = frames.bind(EMPTY_SCOPE, 'agent', 'Agent1');
  assert.equal(frames.bind(EMPTY_SCOPE, 'agent', 'Agent1'), a);
  assert.notEqual(frames.bind(EMPTY_SCOPE, 'agent', 'Agent2'), a);
  assert.notEqual(frames.bind(a, 'place', 'Place1'), a);
  assert.equal(frames.bind(a, 'place', 'Place1'), frames.bind(a, 'place', 'Place1'));
});
