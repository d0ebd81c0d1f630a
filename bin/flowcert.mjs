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

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  cwd: process.cwd(),
  env: process.env,
  onInterrupt: (handler) => {
    interruptHandlers.add(handler);
    return () => interruptHandlers.delete(handler);
  },
});
process.exitCode = code;
if (interrupted) {
  // Interrupted, the command has done what it had to (reports, footers): what is left of the cut scenario
  // (a socket closing, a timer) must not hold the exit, which is due within 2 s of the signal. The
  // summary goes out first (stdout may be a pipe written asynchronously), unless it cannot.
  const exit = () => process.exit(code);
  process.stdout.write('', exit);
  setTimeout(exit, 500).unref();
}
