import { resolve, sep } from 'node:path';

/**
 * Files are opened by absolute path (io.cwd need not be the process's cwd), but users read paths as
 * they typed them: relative to their folder.
 */
export function inputPath(cwd: string, p: string): string {
  return resolve(cwd, p);
}

/** Shortens every absolute path under cwd in a text (an explanation, a JSON result) to its relative form. */
export function displayText(cwd: string, text: string): string {
  const prefix = resolve(cwd) + sep;
  return prefix === sep ? text : text.split(prefix).join('');
}
