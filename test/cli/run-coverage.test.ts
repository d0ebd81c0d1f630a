import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cli, ROOT } from './cli-kit.ts';
import { lastLine } from './run-kit.ts';

// Model coverage through the CLI: the project's Deliver feature, in part, says what of the model it left
// unexercised — printed above the summary line, and as reports/model-coverage.html and .json.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a run of the accept scenario alone names the variants and phases it never exercised, and the messages no trace carried', async () => {
  const reports = mkdtempSync(join(tmpdir(), 'flowcert-coverage-'));
  dirs.push(reports);
  const r = await cli(['run', 'features/deliver-interaction-to-agent.feature', '--tags', '@phase-agent-accepts-delivery', '--no-allure', '--reports', reports]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(lastLine(r.stdout), /^flowcert: 1 scenario \(1 passed\)/);
  // Every model of scenarios/ is counted, whether a feature names it or not.
  const models = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'));
  assert.match(r.stdout, new RegExp(`model coverage: 1 of ${models.length} models? checked\n`));
  for (const f of models.filter((m) => m !== 'deliver-interaction-to-agent.yaml')) assert.match(r.stdout, new RegExp(`\\(scenarios/${f.replace('.', '\\.')}\\): not checked\n`));
  assert.match(
    r.stdout,
    /  Deliver Interaction to Agent \(scenarios\/deliver-interaction-to-agent\.yaml\): variants 1 of 3 \(never: reject, timeout\), phases 2 of 4 \(never: agent-rejects-delivery, agent-fails-to-respond\), profile genem-prose\n/,
  );
  // An accept never rejects: nothing answers a RequestReject, and nobody logs out.
  const never = r.stdout.split('\n').find((l) => l.startsWith('  catalog messages never seen: ')) ?? '';
  assert.match(never, /\bRequestReject\b/);
  assert.match(never, /\bRequestAgentLogout\b/);
  assert.doesNotMatch(never, /\bRequestAccept\b/);
  assert.match(r.stdout, /  details: .*model-coverage\.html\n/);

  const json = JSON.parse(readFileSync(join(reports, 'model-coverage.json'), 'utf8')) as { models: Array<{ file: string; variants: Array<{ id: string; checks: number; passed: number }> }>; messages: { neverSeen: Array<{ message: string }> } };
  assert.equal(json.models.length, models.length);
  assert.deepEqual(json.models.find((m) => m.file === 'scenarios/deliver-interaction-to-agent.yaml')?.variants, [{ id: 'accept', checks: 1, passed: 1 }, { id: 'reject', checks: 0, passed: 0 }, { id: 'timeout', checks: 0, passed: 0 }]);
  assert.ok(json.messages.neverSeen.some((m) => m.message === 'RequestReject'));
  assert.ok(!json.messages.neverSeen.some((m) => m.message === 'RequestAccept'), 'the accept was seen');
  assert.match(readFileSync(join(reports, 'model-coverage.html'), 'utf8'), /<code>timeout<\/code><\/td><td>never exercised/);
  const manifest = JSON.parse(readFileSync(join(reports, '.flowcert-manifest.json'), 'utf8')) as { created: string[] };
  assert.ok(manifest.created.includes('model-coverage.html') && manifest.created.includes('model-coverage.json'), 'the next run removes them');
});
