import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { cli } from './cli-kit.ts';

// `certify --verify DIR` on a folder that is not a certificate's: nothing to re-check, so the input is
// wrong (exit 2, on stderr), not the certificate (exit 1: it no longer applies).

const dir = mkdtempSync(join(tmpdir(), 'flowcert-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('--verify on a folder that does not exist is an input error, exit 2', async () => {
  const missing = join(dir, 'nonexistent');
  assert.deepEqual(await cli(['certify', '--verify', missing]), {
    code: 2,
    stdout: '',
    stderr: `flowcert certify --verify: no certificate.json in ${missing}: not a certificate folder (flowcert certify writes one under reports/certificate/)\n`,
  });
});

test('--verify on a folder without a certificate.json is an input error, exit 2', async () => {
  const r = await cli(['certify', '--verify', dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^flowcert certify --verify: no certificate\.json in .*: not a certificate folder/);
});

test('a certificate.json that is not JSON is a certificate that no longer applies: exit 1', async () => {
  const cut = mkdtempSync(join(dir, 'cut-'));
  writeFileSync(join(cut, 'certificate.json'), '{"format":');
  const r = await cli(['certify', '--verify', cut]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /no longer applies:\n {2}certificate\.json is not JSON/);
});
