#!/usr/bin/env node
// The only code that touches `process`: everything else is src/cli/main.ts, a function of (argv, io).
import { fileURLToPath } from 'node:url';
import { whyNotBuilt } from './build-state.mjs';

// Ctrl-C and SIGTERM go to whoever listens (a run stops cleanly, serve closes its trace); a second one
// exits at once. Listened for before the CLI's code loads: one sent then ends the process as 130, not
// by the signal, and a command that listens from its first moment (serve) is not cut short by the load.
const interruptHandlers = new Set();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted || interruptHandlers.size === 0) process.exit(130);
    interrupted = true;
    for (const h of [...interruptHandlers]) h(signal);
  });
}

// The build (dist/, made by `npm ci` or `npm run build`) when it is the sources' own; else the sources
// through tsx, saying why, so an edit to src/ is never answered by stale JavaScript.
// FLOWCERT_SOURCES=1 runs the sources even when the build is fresh (the suite proves both agree).
const stale = process.env.FLOWCERT_SOURCES === '1' ? 'FLOWCERT_SOURCES=1' : whyNotBuilt(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (stale === undefined) ({ main } = await import('../dist/cli/main.js'));
else {
  if (process.env.FLOWCERT_SOURCES !== '1') process.stderr.write(`flowcert: ${stale}: running the sources through tsx (slower start; \`npm run build\` compiles them)\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
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
