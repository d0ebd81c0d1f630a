import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FeaturePlan, PlannedStep } from '../../src/cucumber/feature-plan.ts';
import { FLOW_CHECK_STEP, interactionServersStarted, modelsReferenced, STARTS_INTERACTION_SERVER } from '../../src/cucumber/plan-participants.ts';

const ROOT = join(import.meta.dirname, '..', '..');

test('the steps that start an Interaction Server are exactly those whose pattern begins as the plan expects', () => {
  const starting: string[] = [];
  const named: string[] = [];
  for (const file of readdirSync(join(ROOT, 'steps')).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(ROOT, 'steps', file), 'utf8');
    // Each definition: its pattern (a quoted Cucumber expression or a regular expression), then its body up to the next.
    for (const def of text.split(/\n(?=(?:Given|When|Then)\()/).slice(1)) {
      const pattern = /^(?:Given|When|Then)\(\s*(?:'([^']*)'|\/(.*?)\/,)/s.exec(def);
      assert.ok(pattern, `cannot read the pattern of ${def.slice(0, 60)}`);
      const source = pattern[1] ?? pattern[2];
      if (/role: 'InteractionServer'/.test(def)) starting.push(source);
      if (source.startsWith(STARTS_INTERACTION_SERVER)) named.push(source);
    }
  }
  assert.ok(starting.length >= 2, starting.join(' | '));
  assert.deepEqual(named.sort(), starting.sort());
});

test('the flow check step is defined with the pattern the plan looks for', () => {
  assert.match(readFileSync(join(ROOT, 'steps', 'flow.steps.ts'), 'utf8'), new RegExp(`\\nThen\\('${FLOW_CHECK_STEP.replace(/[{}]/g, '\\$&')}'`));
});

const step = (text: string, line: number, pattern?: string, args: string[] = []): PlannedStep => ({ text, uri: 'features/f.feature', line, ...(pattern ? { pattern } : {}), args });

test('the Interaction Servers the selected scenarios start, each where it first starts; models named by any scenario', () => {
  const plan: FeaturePlan = {
    scenarios: [
      { name: 'a', uri: 'features/f.feature', line: 2, tags: [], steps: [step('an Interaction Server "IS1"', 3, 'an Interaction Server {string}', ['IS1']), step('a URS "U" connected to "IS1"', 4, 'a URS {string} connected to {string}', ['U', 'IS1'])] },
      { name: 'b', uri: 'features/f.feature', line: 7, tags: [], steps: [step('an Interaction Server "IS1"', 8, 'an Interaction Server {string}', ['IS1']), step('an Interaction Server "IS2" with a delivering timeout of 1 s', 9, 'an Interaction Server {string} with a delivering timeout of {duration}', ['IS2', '1 s']), step('an Interaction Sever "IS3"', 10)] },
    ],
    allStepTexts: ['the flow follows model "deliver" variant "accept"', 'Then the flow follows model "scenarios/x.yaml" variant "v"', 'an Interaction Server "IS9"'],
    allTags: [],
  };
  assert.deepEqual(interactionServersStarted(plan), [
    { name: 'IS1', where: 'features/f.feature:3' },
    { name: 'IS2', where: 'features/f.feature:9' },
  ]);
  assert.deepEqual(modelsReferenced(plan), ['deliver', 'scenarios/x.yaml']);
});
