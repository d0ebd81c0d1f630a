import { test } from 'node:test';
import { certifyLeaky, checkReports } from './secrets-kit.ts';

// Secrets stay out: the proof is in secrets-kit.ts.

test('flowcert certify with a desktop that repeats every secret it was given: no report, trace or line printed holds one', async () => {
  checkReports(await certifyLeaky([]));
});
