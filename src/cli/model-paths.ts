import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { formatDiagnostic } from '../diagnostic/diagnostic.ts';
import { findModelFiles } from '../flow/loader.ts';
import { displayText, inputPath } from './paths.ts';
import type { CliIo } from './args.ts';

const MODEL_FILE = /\.ya?ml$/i;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The model files of the paths a command was given (lint, profiles), or — when one of them is not a flow
 * model nor a folder of them (a path that does not exist, a feature read as YAML) — undefined, every such
 * path said on stderr: a mistake in the command, not in a model, so nothing is read and the caller exits 2.
 */
export async function modelFilesOf(
  use: { command: string; purpose: string; nothing: string },
  given: readonly string[],
  io: CliIo,
): Promise<{ files: string[]; diagnostics: Diagnostic[] } | undefined> {
  const { files, diagnostics } = await findModelFiles(given.map((p) => inputPath(io.cwd, p)));
  const problems = [...diagnostics.filter((d) => d.severity === 'error'), ...files.filter((f) => !MODEL_FILE.test(f)).map((f) => notAModel(f, use.purpose))];
  if (problems.length === 0) return { files, diagnostics };
  io.stderr(displayText(io.cwd, problems.map((d) => `${formatDiagnostic(d)}\n`).join('')));
  io.stderr(`${use.command}: ${use.nothing} — ${plural(problems.length, 'path')} ${problems.length === 1 ? 'is' : 'are'} not a flow model or a folder of them\n`);
  return undefined;
}

/** A file a command was named that is not YAML: a feature, most likely, which would be misread as YAML. */
function notAModel(file: string, purpose: string): Diagnostic {
  const feature = /\.feature$/i.test(file);
  return {
    code: 'FLOW_NOT_A_MODEL_FILE',
    severity: 'error',
    message: `${file} is not a flow model: ${purpose}`,
    expected: 'a flow model file (.yaml or .yml) or a folder of them, such as scenarios/',
    hint: feature
      ? `features are checked by \`flowcert run ${file}\` before it runs anything (its steps, by a dry run)`
      : 'models are YAML files, as in scenarios/; name it .yaml if it is one',
  };
}
