#!/usr/bin/env node
// The only code that touches `process`: everything else is src/cli/main.ts, a function of (argv, io).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');

/** Ctrl-C and SIGTERM go to whoever listens (a run stops cleanly, serve closes its trace); a second one exits at once. */
const interruptHandlers = new Set();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted || interruptHandlers.size === 0) process.exit(130);
    interrupted = true;
    for (const h of [...interruptHandlers]) h(signal);
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  onInterrupt: (handler) => {
    interruptHandlers.add(handler);
    return () => interruptHandlers.delete(handler);
  },
});
