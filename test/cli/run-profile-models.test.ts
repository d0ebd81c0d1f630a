import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli } from './cli-kit.ts';

// The profiles beyond Deliver end to end: features run with --profile genem-table pass with the reference
// servers acting that reading out, and `flowcert check` judges the same traces under genem-prose as
// failures where the readings differ (Stop Processing C, Change Properties while an agent processes).

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function trace(reports: string, model: string, stem: string): string {
  const dir = join(reports, 'traces', model);
  const file = readdirSync(dir).find((f) => f.startsWith(stem) && f.endsWith('.ndjson'));
  assert.ok(file, `a trace ${stem}*.ndjson in ${dir}: ${readdirSync(dir).join(', ')}`);
  return join(dir, file);
}

test('genem-table acted out: Stop Processing C and Change Properties pass under it, and their traces fail genem-prose', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-profile-models-'));
  dirs.push(reports);
  const features = ['features/stop-processing.feature', 'features/change-properties.feature'];
  const r = await cli(['run', ...features, '--tags', '@phase-c-agent-stops or @phase-ms-changes-agent-processing', '--profile', 'genem-table', '--no-allure', '--reports', reports]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /flowcert: 3 scenarios \(3 passed\)/);

  const stop = trace(reports, 'stop-processing', 'the-agent-stops-processing-the-interaction-it-handles');
  assert.match(readFileSync(stop, 'utf8'), /IS1 acts out profile genem-table: .*an agent that stops processing gets EventRevoked/);
  const stopTable = await cli(['check', stop, '--model', 'scenarios/stop-processing.yaml', '--variant', 'c']);
  assert.equal(stopTable.code, 0, stopTable.stdout);
  assert.match(stopTable.stdout, /PASS Stop Processing, variant c, profile genem-table/);
  const stopProse = await cli(['check', stop, '--model', 'scenarios/stop-processing.yaml', '--variant', 'c', '--profile', 'genem-prose']);
  assert.equal(stopProse.code, 1, stopProse.stdout);
  assert.match(stopProse.stdout, /EventRevoked/);

  const props = trace(reports, 'change-properties', 'the-media-server-changes-properties-while-an-agent-handles');
  const propsProse = await cli(['check', props, '--model', 'scenarios/change-properties.yaml', '--variant', 'ms-agent', '--profile', 'genem-prose']);
  assert.equal(propsProse.code, 1, propsProse.stdout);
  assert.match(propsProse.stdout, /ixn → stat EventPropertiesChanged \(Reporting\)/);
});
