import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { findModelFiles, loadModel } from '../flow/loader.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { displayText, inputPath } from './paths.ts';
import { LINT_USAGE } from './usage.ts';

const DEFAULT_PATHS = ['scenarios/'];

const MODEL_FILE = /\.ya?ml$/i;

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
  const found = await findModelFiles(given.map((p) => inputPath(io.cwd, p)));
  // The loader's contract returned a bare list at first; accept both shapes.
  const { files, diagnostics: findDiagnostics } = Array.isArray(found)
    ? { files: found as string[], diagnostics: [] as Diagnostic[] }
    : (found as { files: string[]; diagnostics: Diagnostic[] });

  // A path that is not a model or a folder of them is a mistake in the command, not in a model:
  // nothing is linted, so the count of files and errors is not muddled by it.
  const pathProblems = [...findDiagnostics.filter((d) => d.severity === 'error'), ...files.filter((f) => !MODEL_FILE.test(f)).map(notAModel)];
  if (pathProblems.length > 0) {
    io.stderr(displayText(io.cwd, pathProblems.map((d) => `${formatDiagnostic(d)}\n`).join('')));
    io.stderr(`flowcert lint: nothing linted — ${plural(pathProblems.length, 'path')} ${pathProblems.length === 1 ? 'is' : 'are'} not a flow model or a folder of them\n`);
    return EXIT.usage;
  }
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

/** A file lint was named that is not YAML: a feature, most likely, which lint would misread as YAML. */
function notAModel(file: string): Diagnostic {
  const feature = /\.feature$/i.test(file);
  return {
    code: 'FLOW_NOT_A_MODEL_FILE',
    severity: 'error',
    message: `${file} is not a flow model: lint checks flow models (*.yaml, *.yml) against the protocol catalog`,
    expected: 'a flow model file (.yaml or .yml) or a folder of them, such as scenarios/',
    hint: feature
      ? `features are checked by \`flowcert run ${file}\` before it runs anything (its steps, by a dry run)`
      : 'models are YAML files, as in scenarios/; name it .yaml if it is one',
  };
}
