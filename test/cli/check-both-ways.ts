import { checkFile, readSkeleton } from '../../src/cli/check-stream.ts';
import type { SkeletonRead } from '../../src/cli/check-stream.ts';
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
 * retires finished instances (default: as the command does). The streamed check runs on one thread and
 * again on two (check-thread-pass.ts, whatever the trace's size; not when `twoThreads` is false): `streamed` is the one-thread answer
 * when the two agree, and says how they differ when not; `threads`, what the second check ran on.
 */
export async function checkBothWays(path: string, model: FlowModel, opts: MatchOptions, retire?: RetireOptions, twoThreads = true): Promise<{ whole: string; streamed: string; passes: number; retired: number; threads: number }> {
  const read = await readTrace(path);
  let whole = JSON.stringify(read.diagnostics);
  if (read.trace) {
    const { trace, differences } = revalidate(read.trace);
    whole += JSON.stringify({ ...matchTrace(model, trace, opts), violationDifferences: differences }, null, 2);
  }
  // As `flowcert check` reads it: skimmed first (skim.ts), read in full where the skim cannot be trusted.
  const { read: sk, check } = await checkFile(path, model, opts, retire, 'one-thread');
  let streamed = JSON.stringify(sk.diagnostics);
  let passes = 1;
  let retired = 0;
  if (check) {
    streamed += JSON.stringify({ ...check.result, violationDifferences: check.differences }, null, 2);
    passes = check.passes;
    retired = check.retired;
  }
  await skimStood(path, sk);
  if (!twoThreads) return { whole, streamed, passes, retired, threads: 1 };
  const two = await checkFile(path, model, opts, retire, 'two-threads');
  let threaded = JSON.stringify(two.read.diagnostics);
  if (two.check) threaded += JSON.stringify({ ...two.check.result, violationDifferences: two.check.differences }, null, 2);
  if (two.check?.secondThreadFailure !== undefined) throw new Error(`${path}: ${two.check.secondThreadFailure}`);
  if (threaded !== streamed || two.check?.passes !== check?.passes || two.check?.retired !== check?.retired) {
    streamed = `on two threads (passes ${two.check?.passes}, retired ${two.check?.retired}):\n${threaded}\non one (passes ${passes}, retired ${retired}):\n${streamed}`;
  }
  return { whole, streamed, passes, retired, threads: two.check?.threads ?? 0 };
}

/** The skim's skeleton, when it stood, is the full read's. */
async function skimStood(path: string, sk: SkeletonRead): Promise<void> {
  const full = await readSkeleton(path);
  if (sk.skeleton?.skimmed && JSON.stringify({ ...sk, skeleton: { ...sk.skeleton, skimmed: undefined } }) !== JSON.stringify(full)) {
    throw new Error(`${path}: the skimmed skeleton differs from readSkeleton's`);
  }
}
