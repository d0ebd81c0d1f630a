import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { applyVerdictsToAllure } from '../../src/reporting/allure-verdicts.ts';
import { VERDICT_MEDIA_TYPE } from '../../src/reporting/verdict-attachment.ts';

// allure-cucumberjs files an attachment made by a step under that step of the scenario's result, and
// one made by a hook under the hook's fixture, in a container naming the result. The verdict reaches
// Allure either way: a scenario an interrupt kept from starting has only its Before hook's.

const dir = mkdtempSync(join(tmpdir(), 'flowcert-allure-verdicts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const attachment = (source: string) => ({ name: 'Attachment', source, type: VERDICT_MEDIA_TYPE });

function write(name: string, body: unknown): void {
  writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
}

function result(uuid: string): { status: string; statusDetails?: { message?: string } } {
  return JSON.parse(readFileSync(join(dir, `${uuid}-result.json`), 'utf8'));
}

test('verdicts filed by steps and by hooks set the status; an interrupted scenario says so, not "inconclusive"', async () => {
  write('inconc-v-attachment', { verdict: 'inconc', reason: 'declares no reject capability' });
  write('inconc-result.json', { uuid: 'inconc', status: 'passed', steps: [{ steps: [{ attachments: [attachment('inconc-v-attachment')] }] }] });
  write('cut-v-attachment', { verdict: 'inconc', reason: 'interrupted (SIGINT) during features/x.feature:12 (…)', interrupted: 'running' });
  write('cut-result.json', { uuid: 'cut', status: 'skipped', steps: [{ attachments: [attachment('cut-v-attachment')] }] });
  write('not-run-v-attachment', { verdict: 'inconc', reason: 'not run: the run was interrupted (SIGINT) before it started', interrupted: 'not-started' });
  write('not-run-result.json', { uuid: 'not-run', status: 'skipped', steps: [] });
  write('c1-container.json', { uuid: 'c1', children: ['not-run'], befores: [{ status: 'skipped', steps: [{ attachments: [attachment('not-run-v-attachment')] }] }], afters: [] });

  assert.equal(await applyVerdictsToAllure(dir), 3);
  assert.equal(result('inconc').status, 'skipped');
  assert.equal(result('inconc').statusDetails?.message, 'inconclusive: declares no reject capability');
  assert.equal(result('cut').status, 'skipped');
  assert.equal(result('cut').statusDetails?.message, 'interrupted (SIGINT) during features/x.feature:12 (…)');
  assert.equal(result('not-run').status, 'skipped');
  assert.equal(result('not-run').statusDetails?.message, 'not run: the run was interrupted (SIGINT) before it started');
});
