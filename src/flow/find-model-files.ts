import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';

const MODEL_FILE = /\.ya?ml$/i;

/**
 * The model files named on a command line: a file is taken as given, a directory stands for every
 * .yaml/.yml file below it (sorted, recursive). A path that does not exist is a diagnostic, not a
 * throw, so a run reports every bad path at once.
 */
export async function findModelFiles(paths: string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) {
      diagnostics.push({
        code: 'FLOW_NO_SUCH_FILE',
        severity: 'error',
        message: `no such file or directory: ${p}`,
        expected: 'a model file (.yaml or .yml) or a directory of them',
        hint: await nearby(p),
      });
      continue;
    }
    if (!s.isDirectory()) {
      files.push(p);
      continue;
    }
    const found = (await walk(p)).sort();
    if (found.length === 0) {
      diagnostics.push({
        code: 'FLOW_NO_MODELS',
        severity: 'warning',
        message: `no .yaml or .yml file in ${p}`,
        expected: 'a directory holding model files',
      });
    }
    files.push(...found);
  }
  return { files: [...new Set(files)], diagnostics };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(p)));
    else if (MODEL_FILE.test(entry.name)) out.push(p);
  }
  return out;
}

async function nearby(p: string): Promise<string | undefined> {
  const dir = dirname(p);
  const names = await readdir(dir).catch(() => [] as string[]);
  return didYouMean(basename(p), names, (n) => join(dir, n));
}
