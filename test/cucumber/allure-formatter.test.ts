import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ResultsWriter } from '../../src/cucumber/allure-formatter.ts';

// allure-cucumberjs's results as flowcert's formatter writes them (without allure's fsync of each file):
// the same names and contents allure's own writer gives, each file whole, no temporary file left.

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('results, containers, attachments and globals land under allure’s names, whole, in a folder made on first write', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flowcert-allure-'));
  dirs.push(root);
  const dir = join(root, 'allure-results');
  const w = new ResultsWriter(dir);
  w.writeResult({ uuid: 'r1', name: 'a scenario' } as never);
  w.writeGroup({ uuid: 'g1', children: ['r1'] } as never);
  w.writeAttachment('a1-attachment.svg', Buffer.from('<svg/>'));
  w.writeGlobals('x-globals.json', { errors: [] } as never);
  w.writeCategoriesDefinitions([{ name: 'c' }] as never);
  await w.settled();
  assert.deepEqual(readdirSync(dir).sort(), ['a1-attachment.svg', 'categories.json', 'g1-container.json', 'r1-result.json', 'x-globals.json']);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'r1-result.json'), 'utf8')), { uuid: 'r1', name: 'a scenario' });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'g1-container.json'), 'utf8')), { uuid: 'g1', children: ['r1'] });
  assert.equal(readFileSync(join(dir, 'a1-attachment.svg'), 'utf8'), '<svg/>');
});

test('a write that fails is reported by settled(), and the writes beside it still land', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flowcert-allure-'));
  dirs.push(root);
  const dir = join(root, 'allure-results');
  const w = new ResultsWriter(dir);
  w.writeResult({ uuid: 'r1' } as never);
  // Its name points into a folder that does not exist: the rename fails.
  w.writeAttachment('missing/a1-attachment.svg', Buffer.from('<svg/>'));
  await assert.rejects(w.settled(), /ENOENT/);
  assert.ok(readdirSync(dir).includes('r1-result.json'));
});

test('a scenario’s files are handed over together: none is written before flush(), all of them after', async () => {
  const root = mkdtempSync(join(tmpdir(), 'flowcert-allure-'));
  dirs.push(root);
  const dir = join(root, 'allure-results');
  const w = new ResultsWriter(dir);
  w.writeAttachment('a1-attachment.txt', Buffer.from('trace'));
  w.writeResult({ uuid: 'r1' } as never);
  assert.deepEqual(readdirSync(dir), [], 'held until the scenario finishes');
  w.flush();
  w.writeResult({ uuid: 'r2' } as never);
  await w.settled();
  assert.deepEqual(readdirSync(dir).sort(), ['a1-attachment.txt', 'r1-result.json', 'r2-result.json']);
});
