import { test } from 'node:test';
import { certifyLeaky, checkReports } from '../e2e/secrets-kit.ts';

// The same proof with --parallel: the scenarios run in worker processes, which get the configuration's
// secrets as world parameters (never written) and redact everything they attach, throw and record.

test('flowcert certify --parallel 2 with a desktop that repeats every secret it was given: no report, trace or line printed holds one', async () => {
  checkReports(await certifyLeaky(['--parallel', '2']));
});
