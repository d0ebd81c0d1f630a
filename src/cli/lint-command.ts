import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { loadModel } from '../flow/loader.ts';
import { modelFilesOf } from './model-paths.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { displayText } from './paths.ts';
import { LINT_USAGE } from './usage.ts';

const DEFAULT_PATHS = ['scenarios/'];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `flowcert lint [paths...]`: every model file loaded, every diagnostic printed, exit 1 on any error. */
export async function lintCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('flowcert lint', args, { format: { type: 'string' } });
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(LINT_USAGE);
    return EXIT.ok;
  }
  const format = (parsed.values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`flowcert lint: --format must be text or json, not ${format}\n`);
    return EXIT.usage;
  }
  const given = parsed.positionals.length > 0 ? parsed.positionals : DEFAULT_PATHS;
  const found = await modelFilesOf({ command: 'flowcert lint', purpose: 'lint checks flow models (*.yaml, *.yml) against the protocol catalog', nothing: 'nothing linted' }, given, io);
  if (!found) return EXIT.usage;
  const { files, diagnostics: findDiagnostics } = found;
  const diagnostics: Diagnostic[] = [...findDiagnostics];
  if (files.length === 0 && findDiagnostics.length === 0) {
    io.stderr(`flowcert lint: no flow models (*.yaml, *.yml) in ${given.join(', ')}\n`);
    return EXIT.usage;
  }
  for (const file of files) {
    const { diagnostics: ds } = await loadModel(file);
    diagnostics.push(...ds);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;

  let out: string;
  if (format === 'json') out = `${JSON.stringify({ files, errors, warnings, diagnostics }, null, 2)}\n`;
  else {
    out = diagnostics.map((d) => `${formatDiagnostic(d)}\n`).join('');
    out += `${plural(files.length, 'file')}, ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`;
  }
  io.stdout(displayText(io.cwd, out));
  return errors > 0 ? EXIT.failed : EXIT.ok;
}
