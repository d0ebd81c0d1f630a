import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

/** The CLI in process, its output captured: what a user sees, without spawning node. */

export const ROOT = join(import.meta.dirname, '..', '..');

export async function cli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}
