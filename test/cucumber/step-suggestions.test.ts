import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestSteps, readable } from '../../src/cucumber/step-suggestions.ts';

const STEPS: Array<string | RegExp> = [
  'an Interaction Server {string}',
  'an Interaction Server {string} with a delivering timeout of {duration}',
  'the {string} timer is {duration}',
  /^an? (?:reporting engine|Stat Server) "([^"]+)" connected to "([^"]+)"$/,
  'a URS {string} connected to {string}',
  'agent {string} at place {string} is logged in to {string} for {string} through {string}',
  /^(?:URS|"([^"]+)") routes the interaction to agent "([^"]+)" at place "([^"]+)"$/,
  '{string} will {invite-action} invitations',
  'the flow follows model {string} variant {string}',
];
const TYPES = new Map([
  ['duration', [/\d+(?:\.\d+)? ?(?:milliseconds?|ms|seconds?|s|minutes?)/]],
  ['invite-action', [/accept|reject|ignore/]],
]);

test('a regular expression reads as the sentences it stands for; a Cucumber expression as written', () => {
  assert.deepEqual(readable(STEPS[3] as RegExp), [
    'an reporting engine {string} connected to {string}',
    'an Stat Server {string} connected to {string}',
    'a reporting engine {string} connected to {string}',
    'a Stat Server {string} connected to {string}',
  ]);
  assert.deepEqual(readable(STEPS[6] as RegExp), ['URS routes the interaction to agent {string} at place {string}', '{string} routes the interaction to agent {string} at place {string}']);
  assert.deepEqual(readable('agent {string} is {int}'), ['agent {string} is {int}']);
  // A choice captured whole reads as each of its sentences.
  assert.deepEqual(readable(/^(URS|"[^"]+") leaves (the interaction|interaction "[^"]+") to (agent "[^"]+"(?: at place "[^"]+")?)$/).length, 8);
  assert.deepEqual(readable(/^(URS|"[^"]+") routes$/), ['URS routes', '{string} routes']);
  // One it cannot follow is shown as written, without anchors.
  assert.deepEqual(readable(/^x(?=y)z$/), ['x(?=y)z']);
});

test('the closest defined steps come first, as a person reads them; nothing is offered when nothing is close', () => {
  const near = (text: string) => closestSteps(text, STEPS, TYPES);
  assert.deepEqual(near('an Interaction Sever "IS1"'), ['an Interaction Server {string}']);
  assert.deepEqual(near('a reporting server "S" connected to "IS1"'), ['a reporting engine {string} connected to {string}', 'a URS {string} connected to {string}']);
  assert.deepEqual(near('URS routes interaction to agent "A" at place "P"'), ['URS routes the interaction to agent {string} at place {string}']);
  // Its own parameter types are spelt out to compare: accept, reject, ignore; 200 ms.
  assert.deepEqual(near("Agent1's desktop will accept invitations"), ['{string} will {invite-action} invitations']);
  assert.deepEqual(near('the delivering timer is 200 ms'), ['the {string} timer is {duration}']);
  assert.deepEqual(near('a step nobody wrote about "IS1"'), []);
  assert.equal(closestSteps('a URS "U" connected to "IS1"', STEPS, TYPES, 1).length, 1);
});
