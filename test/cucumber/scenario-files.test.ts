import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { scenarioFiles, slug } from '../../src/cucumber/scenario-files.ts';

test('a scenario trace goes to reports/traces/<feature-file-base>/<scenario-slug>-<line>.ndjson', () => {
  const f = scenarioFiles('reports', 'features/deliver-interaction-to-agent.feature', 'Agent accepts delivery', 35);
  assert.equal(f.trace, join('reports', 'traces', 'deliver-interaction-to-agent', 'agent-accepts-delivery-35.ndjson'));
  assert.equal(f.dir, join('reports', 'traces', 'deliver-interaction-to-agent'));
  assert.equal(f.stem, 'agent-accepts-delivery-35');
});

test('example rows of an outline get files of their own through their line', () => {
  const a = scenarioFiles('/r', 'features/x.feature', 'The agent <answers> after <delay>', 71);
  const b = scenarioFiles('/r', 'features/x.feature', 'The agent <answers> after <delay>', 72);
  assert.notEqual(a.trace, b.trace);
});

test('names become safe file names: no path separators, no dots, never empty, bounded', () => {
  assert.equal(slug('../../etc/passwd'), 'etc-passwd');
  assert.equal(slug('Agent1\'s desktop: "Café" ✓'), 'agent1-s-desktop-cafe');
  assert.equal(slug('✓✓✓'), 'scenario');
  assert.ok(slug('x'.repeat(500)).length <= 60);
});
