import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timerRangeProblem, timerRoles, TIMERS } from '../../src/catalog/registry.ts';
import { InteractionServer } from '../../src/servers/interaction-server/interaction-server.ts';
import { STIMULI, describeStimulus, parseStimulus } from '../../src/adapters/stimulus.ts';

// The Pull model's processing timer is a named timer like delivering: the Interaction Server runs it,
// configuration takes whole minutes (default 180 [DOC IxnLimits]), and only a run override goes shorter.

test('handling is a timer the Interaction Server runs, default 180 min, configured in whole minutes', () => {
  assert.deepEqual(timerRoles().get('handling'), ['InteractionServer']);
  assert.equal(TIMERS.handling.defaultMs, 180 * 60_000);
  assert.equal(timerRangeProblem('handling', 5 * 60_000), undefined);
  assert.equal(
    timerRangeProblem('handling', 1000),
    '1000 ms is outside the documented range: handling-timeout is a whole number of minutes, 1–35,791 (default 180) [DOC IxnLimits; range INFER]',
  );
  assert.match(timerRangeProblem('handling', 90_000) ?? '', /^90000 ms is not a whole number of minutes/);
  // The delivering timer's own wording is unchanged.
  assert.match(timerRangeProblem('delivering', 200) ?? '', /delivering-timeout is a whole number of seconds, 1–86,400 \(default 30\)/);
});

test('the reference Interaction Server takes the handling timer as configuration in range, or as a run override of any positive ms', () => {
  assert.throws(() => new InteractionServer({ handlingTimeoutMs: 800 }), /^Error: handlingTimeoutMs: 800 ms is outside the documented range: .* give it as a run override instead \(handlingTimeoutOverrideMs; flowcert run --timer handling=800\)$/);
  assert.throws(() => new InteractionServer({ handlingTimeoutOverrideMs: -1 }), { message: 'handlingTimeoutOverrideMs must be a positive number of ms, got -1' });
  assert.doesNotThrow(() => new InteractionServer({ handlingTimeoutMs: 2 * 60_000, handlingTimeoutOverrideMs: 800 }));
});

test('the queue, workbin and pull stimuli are data with a spec: who takes them, their arguments', () => {
  assert.deepEqual(STIMULI['place-in-queue'].roles, ['URS', 'AgentApplication']);
  assert.deepEqual(STIMULI['configure-workbin'].roles, ['InteractionServer']);
  assert.deepEqual(parseStimulus({ kind: 'place-in-workbin', interaction: 'X1', workbin: 'Drafts' }), { kind: 'place-in-workbin', interaction: 'X1', workbin: 'Drafts' });
  assert.equal(parseStimulus({ kind: 'pull' }), 'stimulus pull needs interaction (string)');
  assert.equal(parseStimulus({ kind: 'get-workbin-content', workbin: 'Drafts', owner: 7 }), 'stimulus get-workbin-content: owner must be a string');
  assert.equal(describeStimulus({ kind: 'place-in-workbin', interaction: 'X1', workbin: 'Drafts', owner: 'Agent1' }), 'place interaction X1 in workbin Drafts of agent Agent1');
});
