#!/usr/bin/env node
// The only code that touches `process`: everything else is src/cli/main.ts, a function of (argv, io).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
});
