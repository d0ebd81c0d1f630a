import { checkFile, readSkeleton } from '../../src/cli/check-stream.ts';
import { matchTrace } from '../../src/flow/matcher.ts';
import type { MatchOptions } from '../../src/flow/matcher.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { RetireOptions } from '../../src/flow/trace-matching.ts';
import { revalidate } from '../../src/flow/revalidate.ts';
import { readTrace } from '../../src/trace/reader.ts';

/**
 * One trace file checked the way `flowcert check` did with the trace in memory (readTrace, revalidate,
 * matchTrace) and the way it does now (two streamed passes, the first skimming message lines,
 * check-stream.ts), each as the JSON the
 * command prints: diagnostics, then result and violation differences. `retire`: how the streamed check
 * retires finished instances (default: as the command does).
 */
export async function checkBothWays(path: string, model: FlowModel, opts: MatchOptions, retire?: RetireOptions): Promise<{ whole: string; streamed: string; passes: number; retired: number }> {
  const read = await readTrace(path);
  let whole = JSON.stringify(read.diagnostics);
  if (read.trace) {
    const { trace, differences } = revalidate(read.trace);
    whole += JSON.stringify({ ...matchTrace(model, trace, opts), violationDifferences: differences }, null, 2);
  }
  // As `flowcert check` reads it: skimmed first (skim.ts), read in full where the skim cannot be trusted.
  const { read: sk, check } = await checkFile(path, model, opts, retire);
  let streamed = JSON.stringify(sk.diagnostics);
  let passes = 1;
  let retired = 0;
  if (check) {
    streamed += JSON.stringify({ ...check.result, violationDifferences: check.differences }, null, 2);
    passes = check.passes;
    retired = check.retired;
  }
  // The skim's skeleton, when it stood, is the full read's.
  const full = await readSkeleton(path);
  if (sk.skeleton?.skimmed && JSON.stringify({ ...sk, skeleton: { ...sk.skeleton, skimmed: undefined } }) !== JSON.stringify(full)) {
    throw new Error(`${path}: the skimmed skeleton differs from readSkeleton's`);
  }
  return { whole, streamed, passes, retired };
}
