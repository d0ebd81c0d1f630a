import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeaturePlan, PlannedStep } from '../../src/cucumber/feature-plan.ts';
import { FLOW_CHECK_STEP } from '../../src/cucumber/plan-participants.ts';
import { checkModelReferences } from '../../src/cli/model-references.ts';
import type { ModelInventory } from '../../src/cli/model-inventory.ts';

// The models and variants the selected scenarios check, against the models in scenarios/: a typo is
// refused before anything runs, with where it is written and a did-you-mean.

const inventory: ModelInventory = {
  timers: new Map(),
  profiles: new Map(),
  outlines: [
    { file: 'scenarios/deliver-interaction-to-agent.yaml', name: 'Deliver Interaction to Agent', variants: ['accept', 'reject', 'timeout'], phases: [] },
    { file: 'scenarios/logout-while-invited.yaml', name: 'Logout While Invited', variants: ['logout', 'logout-strict', 'revoked'], phases: [] },
  ],
  warnings: new Map([['scenarios/logout-while-invited.yaml', [{ line: 12, col: 9, code: 'FLOW_UNKNOWN_ATTRIBUTE', message: 'EventAgentLogout has no attribute AgentID in the catalog', hint: 'did you mean AgentId?' }]]]),
  broken: [{ file: 'scenarios/half-written.yaml', errors: 2, names: ['scenarios/half-written.yaml', 'half-written'] }],
};

const check = (line: number, model: string, variant: string): PlannedStep => ({ text: `the flow follows model "${model}" variant "${variant}"`, uri: 'features/f.feature', line, pattern: FLOW_CHECK_STEP, args: [model, variant] });
const plan = (...steps: PlannedStep[]): FeaturePlan => ({ scenarios: [{ name: 's', uri: 'features/f.feature', line: 1, tags: [], steps }], allStepTexts: steps.map((s) => s.text), allTags: [] });

test('a model named by file, stem or name, any case, with a variant it has, is fine', () => {
  const r = checkModelReferences(plan(check(3, 'deliver-interaction-to-agent', 'accept'), check(5, 'deliver interaction to agent', 'timeout')), inventory);
  assert.deepEqual(r, { problems: [], warnings: [] });
});

test('the lint warnings of a model a scenario checks are shown, once, located: a misspelt attribute would otherwise count against the SUT', () => {
  const r = checkModelReferences(plan(check(4, './scenarios/logout-while-invited.yaml', 'revoked'), check(6, 'logout-while-invited', 'logout')), inventory);
  assert.deepEqual(r, {
    problems: [],
    warnings: ['scenarios/logout-while-invited.yaml:12:9 FLOW_UNKNOWN_ATTRIBUTE EventAgentLogout has no attribute AgentID in the catalog — did you mean AgentId? (checked by features/f.feature:4)'],
  });
});

test('an unknown model and an unknown variant are both reported, located, with a did-you-mean', () => {
  const r = checkModelReferences(plan(check(7, 'logout-while-invted', 'logout'), check(9, 'logout-while-invited', 'revokd')), inventory);
  assert.deepEqual(r.problems, [
    'features/f.feature:7: no model "logout-while-invted" in scenarios/ (models there: deliver-interaction-to-agent, logout-while-invited, half-written) — did you mean "logout-while-invited"?',
    'features/f.feature:9: model scenarios/logout-while-invited.yaml has no variant "revokd" — did you mean "revoked"? (it has logout, logout-strict, revoked)',
  ]);
});

test('a model that does not load is a warning, once: its step quotes its errors', () => {
  const r = checkModelReferences(plan(check(3, 'half-written', 'a'), check(4, 'scenarios/half-written.yaml', 'b')), inventory);
  assert.deepEqual(r.problems, []);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /^features\/f\.feature:3 checks model scenarios\/half-written\.yaml, which does not load/);
});
