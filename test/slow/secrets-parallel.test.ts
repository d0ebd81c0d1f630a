import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certifyLeaky, checkReports, leaks } from '../e2e/secrets-kit.ts';

// The same proof with --parallel: the scenarios run in worker processes, which get the configuration's
// secrets as world parameters (never written) and redact everything they attach, throw and record.

test('flowcert certify --parallel 2 with a desktop that repeats every secret it was given: no report, trace or line printed holds one', async () => {
  checkReports(await certifyLeaky(['--parallel', '2']));
});

// A shard leaves flowcert-shard.json for `flowcert merge`, with the certificate's inputs in it: the
// identity as configured (its password) and every record. It is a report like any other.
test('flowcert certify --shard 1/2: flowcert-shard.json holds no secret either', async () => {
  const run = await certifyLeaky(['--shard', '1/2']);
  assert.deepEqual(leaks(run.texts), [], 'no secret in any report of the shard or in what flowcert printed');
  const file = Object.keys(run.texts).find((f) => f.endsWith('flowcert-shard.json'));
  assert.ok(file, `a shard file among ${Object.keys(run.texts).join(', ')}`);
  assert.match(run.texts[file], /"password":"\[secret\]"|"password": "\[secret\]"/, 'the identity kept for the merged certificate, its password taken out');
});
