import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModelFiles, loadModel } from '../../src/flow/loader.ts';

const MODEL = [
  'model: Tiny',
  'participants: { urs: { role: URS }, ixn: { role: InteractionServer } }',
  'phases: { p: { title: P, steps: [ { from: urs, to: ixn, message: RequestRouteCall } ] } }',
  'variants: { v: { phases: [p] } }',
  '',
].join('\n');

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'flowcert-loader-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('loadModel on a missing file is a FLOW_NO_SUCH_FILE diagnostic, not a throw', async () => {
  const r = await loadModel('scenarios/no-such-model.yaml');
  assert.deepEqual(r, {
    diagnostics: [{ code: 'FLOW_NO_SUCH_FILE', severity: 'error', message: 'no such file: scenarios/no-such-model.yaml', expected: 'a model file (.yaml or .yml)' }],
  });
});

test('loadModel on a directory says so', async (t) => {
  const dir = tempDir(t);
  const r = await loadModel(dir);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.message]), [['FLOW_UNREADABLE_FILE', `${dir} is a directory, not a model file`]]);
});

test('a byte-order mark does not shift positions, and the hash is of the bytes on disk', async (t) => {
  const file = join(tempDir(t), 'bom.yaml');
  writeFileSync(file, `\uFEFF${MODEL.replace('model:', 'title: x\nmodel:')}`);
  const r = await loadModel(file);
  assert.deepEqual(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.col]), [['FLOW_UNKNOWN_KEY', 1, 1]]);
  writeFileSync(file, `\uFEFF${MODEL}`);
  const ok = await loadModel(file);
  assert.equal(ok.model?.hash, createHash('sha256').update(readFileSync(file)).digest('hex'));
});

test('findModelFiles: files as given, directories expanded to their .yaml/.yml files, sorted and recursive', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
  for (const f of ['z.yaml', 'a.yml', 'notes.txt', 'b/m.yaml', 'b/deep/c.YAML']) writeFileSync(join(dir, f), MODEL);
  const single = join(dir, 'notes.txt');
  const r = await findModelFiles([single, dir, join(dir, 'z.yaml')]);
  assert.deepEqual(r.diagnostics, []);
  assert.deepEqual(r.files, [single, join(dir, 'a.yml'), join(dir, 'b/deep/c.YAML'), join(dir, 'b/m.yaml'), join(dir, 'z.yaml')]);
});

test('findModelFiles: a path that does not exist is a diagnostic with a did-you-mean; an empty directory a warning', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'deliver.yaml'), MODEL);
  mkdirSync(join(dir, 'empty'));
  const missing = join(dir, 'delivr.yaml');
  const r = await findModelFiles([missing, join(dir, 'empty'), join(dir, 'deliver.yaml')]);
  assert.deepEqual(r.files, [join(dir, 'deliver.yaml')]);
  assert.deepEqual(r.diagnostics, [
    {
      code: 'FLOW_NO_SUCH_FILE',
      severity: 'error',
      message: `no such file or directory: ${missing}`,
      expected: 'a model file (.yaml or .yml) or a directory of them',
      hint: `did you mean ${join(dir, 'deliver.yaml')}?`,
    },
    { code: 'FLOW_NO_MODELS', severity: 'warning', message: `no .yaml or .yml file in ${join(dir, 'empty')}`, expected: 'a directory holding model files' },
  ]);
});

test('the scenarios directory expands to loadable models, the Deliver model among them, all without errors', async () => {
  const { files, diagnostics } = await findModelFiles(['scenarios']);
  assert.deepEqual(diagnostics, []);
  assert.ok(files.includes(join('scenarios', 'deliver-interaction-to-agent.yaml')));
  for (const f of files) {
    const r = await loadModel(f);
    assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error'), [], f);
  }
});
