#!/usr/bin/env node
// The only code that touches `process`: everything else is src/cli/main.ts, a function of (argv, io).
import { fileURLToPath } from 'node:url';
import { whyNotBuilt } from './build-state.mjs';

/**
 * Ctrl-C and SIGTERM go to whoever listens (a run stops cleanly, serve closes its trace); a second one exits at once.
 * Listened for before the CLI loads, so a signal while it loads is answered too, not left to kill node silently.
 */
const interruptHandlers = new Set();
let interrupted = false;
// A signal delivered again before the first was taken in is the same interrupt, not a second Ctrl-C:
// `timeout` sends its signal to the command and then to the command's process group, and a node
// process may read both. Signals are read in the event loop's poll phase; the second immediate below
// runs after the next poll, so whatever arrived by then was one interrupt.
let again = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted && !again) return;
    if (interrupted) {
      process.stderr.write(`flowcert: interrupted again (${signal}): exiting at once\n`);
      process.exit(130);
    }
    setImmediate(() => setImmediate(() => (again = true)));
    if (interruptHandlers.size === 0) {
      // No command listens yet (still loading) or this one stops at once: say so, rather than leave a bare 130.
      process.stderr.write(`flowcert: interrupted by ${signal} before there was anything to report\n`);
      process.exit(130);
    }
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
