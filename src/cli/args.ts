import { parseArgs } from 'node:util';
import { didYouMean } from '../diagnostic/did-you-mean.ts';

/** What a command's process sees of the world; main() gets it from bin/flowcert.mjs, tests pass their own. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Paths on the command line are relative to this folder. */
  cwd: string;
  env: Record<string, string | undefined>;
  /**
   * Ctrl-C and SIGTERM: the handler gets the signal's name. Absent in tests that never interrupt.
   * Returns the function that removes the handler.
   */
  onInterrupt?: (handler: (signal: string) => void) => () => void;
}

/**
 * Exit codes of every command; `flowcert check` maps verdicts onto them. `interrupted`: Ctrl-C or
 * SIGTERM stopped the command (128 + SIGINT, as shells report it).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, inconc: 3, error: 4, interrupted: 130 } as const;

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type ParsedArgs = { ok: true; values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } | { ok: false; message: string };

/**
 * node:util parseArgs, with errors a user can act on: node's own messages name neither the command nor
 * the options that exist. `--help` is always accepted.
 */
export function parseCommandArgs(command: string, args: string[], options: Record<string, OptionSpec>): ParsedArgs {
  const spec = { ...options, help: { type: 'boolean' as const, short: 'h' } };
  const allowed = Object.keys(spec).map((n) => `--${n}`);
  const { tokens } = parseArgs({ args, options: spec, allowPositionals: true, strict: false, tokens: true });
  const seen = new Set<string>();
  for (const tok of tokens) {
    if (tok.kind !== 'option') continue;
    const def = spec[tok.name as keyof typeof spec] as OptionSpec | undefined;
    if (!def) {
      const guess = tok.rawName.startsWith('--') ? didYouMean(`--${tok.name}`, allowed) : undefined;
      return { ok: false, message: `${command}: unknown option ${tok.rawName}${guess ? ` — ${guess}` : ''}\n  allowed: ${allowed.join(', ')}` };
    }
    const swallowedOption = !tok.inlineValue && tok.value !== undefined && tok.value.length > 1 && tok.value.startsWith('-');
    if (def.type === 'string' && (tok.value === undefined || swallowedOption)) {
      return { ok: false, message: `${command}: option ${tok.rawName} needs a value` };
    }
    if (def.type === 'boolean' && tok.value !== undefined) {
      return { ok: false, message: `${command}: option ${tok.rawName} takes no value` };
    }
    if (!def.multiple && def.type === 'string' && seen.has(tok.name)) {
      return { ok: false, message: `${command}: option --${tok.name} is given twice` };
    }
    seen.add(tok.name);
  }
  try {
    const parsed = parseArgs({ args, options: spec, allowPositionals: true, strict: true });
    return { ok: true, values: { ...parsed.values } as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
  } catch (err) {
    return { ok: false, message: `${command}: ${(err as Error).message}` };
  }
}
