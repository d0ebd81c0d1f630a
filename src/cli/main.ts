import { readFile } from 'node:fs/promises';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { EXIT } from './args.ts';
import type { CliIo } from './args.ts';
import { latchInterrupt } from './interrupt-latch.ts';
import { CERTIFY_USAGE, CHECK_USAGE, LINT_USAGE, LOAD_USAGE, MAIN_USAGE, MERGE_USAGE, PROFILES_USAGE, SERVE_USAGE } from './usage.ts';

export type { CliIo } from './args.ts';

const COMMANDS = ['lint', 'check', 'run', 'serve', 'certify', 'merge', 'profiles', 'load', 'help'];

/**
 * The whole CLI as a function: argv (without node and the script) in, exit code out. Everything the
 * outside world offers comes through `io`, so tests call it in-process; bin/flowcert.mjs is the only
 * code that hands it the real process.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    // A bug of ours must still end with a message and a code, never an unhandled rejection.
    io.stderr(`flowcert: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.error;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr(MAIN_USAGE);
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h') {
    io.stdout(MAIN_USAGE);
    return EXIT.ok;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${await version()}\n`);
    return EXIT.ok;
  }
  if (first.startsWith('-')) {
    io.stderr(`flowcert: unknown option ${first}\n  allowed before a command: --help, --version\n  commands: ${COMMANDS.join(', ')}\n`);
    return EXIT.usage;
  }
  switch (first) {
    case 'lint': {
      const { lintCommand } = await import('./lint-command.ts');
      return lintCommand(rest, io);
    }
    case 'check': {
      const { checkCommand } = await import('./check-command.ts');
      return checkCommand(rest, io);
    }
    case 'run':
      return run(rest, io);
    case 'certify': {
      const { certifyCommand } = await import('./certify-command.ts');
      return certifyCommand(rest, io);
    }
    case 'merge': {
      const { mergeCommand } = await import('./merge-command.ts');
      return mergeCommand(rest, io);
    }
    case 'profiles': {
      const { profilesCommand } = await import('./profiles-command.ts');
      return profilesCommand(rest, io);
    }
    case 'load': {
      const { loadCommand } = await import('./load-command.ts');
      return loadCommand(rest, io);
    }
    case 'serve': {
      // Listened for before serve's code loads: a Ctrl-C while it starts stops it as one while it serves.
      const latched = latchInterrupt(io);
      const { serveCommand } = await import('./serve-command.ts');
      return serveCommand(rest, latched);
    }
    case 'help':
      return help(rest, io);
    default: {
      const guess = didYouMean(first, COMMANDS);
      io.stderr(`flowcert: unknown command ${first}${guess ? ` — ${guess}` : ''}\n  commands: ${COMMANDS.join(', ')}\n`);
      return EXIT.usage;
    }
  }
}

async function run(args: string[], io: CliIo): Promise<number> {
  // Loaded on demand: cucumber and the sessions are most of the CLI's start-up, which lint and check do not need.
  const { runCommand } = await import('./run-command.ts');
  return runCommand(args, io);
}

async function help(args: string[], io: CliIo): Promise<number> {
  const [topic, ...extra] = args;
  if (topic === undefined) {
    io.stdout(MAIN_USAGE);
    return EXIT.ok;
  }
  if (extra.length > 0) {
    io.stderr(`flowcert help: one command at a time, got ${args.join(' ')}\n`);
    return EXIT.usage;
  }
  if (topic === 'lint') io.stdout(LINT_USAGE);
  else if (topic === 'check') io.stdout(CHECK_USAGE);
  else if (topic === 'serve') io.stdout(SERVE_USAGE);
  else if (topic === 'certify') io.stdout(CERTIFY_USAGE);
  else if (topic === 'merge') io.stdout(MERGE_USAGE);
  else if (topic === 'profiles') io.stdout(PROFILES_USAGE);
  else if (topic === 'load') io.stdout(LOAD_USAGE);
  else if (topic === 'run') return run(['--help'], io);
  else if (topic === 'help') io.stdout(MAIN_USAGE);
  else {
    const guess = didYouMean(topic, COMMANDS);
    io.stderr(`flowcert help: unknown command ${topic}${guess ? ` — ${guess}` : ''}\n  commands: ${COMMANDS.join(', ')}\n`);
    return EXIT.usage;
  }
  return EXIT.ok;
}

async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
