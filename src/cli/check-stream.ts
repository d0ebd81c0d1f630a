import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { MatchOptions } from '../flow/matcher.ts';
import type { FlowModel } from '../flow/model.ts';
import { traceParticipants } from '../flow/participants.ts';
import type { MatchResult } from '../flow/result.ts';
import { Revalidator } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import type { RetireOptions, TraceCounts } from '../flow/trace-matching.ts';
import { streamTrace } from '../trace/reader.ts';
import { skimTrace } from '../trace/skim.ts';
import type { Trace, TraceEntry } from '../trace/types.ts';
import { SecondThreadUnfit, threadPass } from './check-thread-pass.ts';
import { CheckThread, ReaderFailed } from './check-thread.ts';
import { matchPass, UnsoundSkim } from './match-pass.ts';
import type { MatchPass } from './match-pass.ts';

export { UnsoundSkim } from './match-pass.ts';

/**
 * `flowcert check` without the trace in memory: two passes over the file, each a stream of its lines.
 * The first validates every line (the reader's diagnostics, as readTrace gives them) and keeps only the
 * header, footer and notes — what the matcher must know before the first message: the participants,
 * the timers the run set, the lag it measured. (skimSkeleton does so reading a message line only to its
 * time, a sixth of the cost; the second pass then checks the lines it skimmed.) The second re-validates each message against the catalog
 * (revalidate.ts) and feeds it to the matcher (trace-matching.ts), which keeps what its instances may
 * read again, and retires an instance once its result is final (retire.ts), keeping only that result.
 * So memory follows the open instances, not the trace's length; the price is reading the file twice —
 * three times when an instance is stuck and its explanation needs uncorrelated messages no instance was
 * waiting for when they came (trace-matching.ts keeps those only as indexes), or when an entry comes
 * stamped before the last deadline of an instance already retired (a trace not in time order there: the
 * second pass runs again without retiring, as it did before retirement existed). On a big trace the
 * second pass runs on two threads (check-thread-pass.ts: a second thread reads, parses and re-validates,
 * this one matches), started before the first so that the second thread's code loads meanwhile; the one-
 * thread pass (match-pass.ts) stays for small traces, and for whatever the second thread cannot serve.
 */

/** How far (trace ms) past the last moment an instance's result could change it is retired. */
export const RETIRE_SLACK_MS = 1000;

export interface TraceSkeleton {
  /** Header, footer and the notes, in order; no messages or bad frames. */
  trace: Trace;
  counts: TraceCounts;
  /** The last entry's time (0 for none). */
  lastT: number;
  /**
   * When its message lines were skimmed (skimSkeleton), not validated: the diagnostics the skim gave.
   * checkStreamed reads every line in full as it matches, and throws UnsoundSkim unless that read says
   * the same — then the skeleton is readSkeleton's.
   */
  skimmed?: Diagnostic[];
}

export interface SkeletonRead {
  skeleton?: TraceSkeleton;
  diagnostics: Diagnostic[];
}

/** What the first pass counts, as entries go by: every note is kept (the skeleton's trace holds only those). */
function tally() {
  const counts: TraceCounts = { entries: 0, messages: 0 };
  const t = {
    counts,
    lastT: 0,
    entry: (e: TraceEntry) => {
      counts.entries++;
      if (e.type === 'message') counts.messages++;
      t.lastT = e.t;
      return e.type === 'note';
    },
  };
  return t;
}

/** The first pass. */
export async function readSkeleton(path: string): Promise<SkeletonRead> {
  const t = tally();
  const read = await streamTrace(path, t.entry);
  return read.trace ? { skeleton: { trace: read.trace, counts: t.counts, lastT: t.lastT }, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
}

/**
 * The first pass, cheaply: readSkeleton with the message lines skimmed (skim.ts). Its skeleton and
 * diagnostics are readSkeleton's when every message line is sound — which only the second pass learns.
 */
export async function skimSkeleton(path: string): Promise<SkeletonRead> {
  const t = tally();
  const read = await skimTrace(path, t.entry, (n, lastT) => {
    t.counts.entries += n;
    t.counts.messages += n;
    t.lastT = lastT;
  });
  return read.trace ? { skeleton: { trace: read.trace, counts: t.counts, lastT: t.lastT, skimmed: read.diagnostics }, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
}

export interface StreamedCheck {
  result: MatchResult;
  differences: ViolationDifference[];
  /**
   * Times the file was read for this check, the first pass (readSkeleton) included: 2; one more after a
   * refill, one more when retiring was undone (a trace not in time order).
   */
  passes: number;
  /** Instances retired before the end (retire.ts): their working state was dropped as the trace went on. */
  retired: number;
  /** Threads the matching pass ran on: 2 when a second thread read the trace (check-thread-pass.ts). */
  threads: 1 | 2;
  /** Why the second thread given was of no use, when it failed (the pass then ran on one thread). */
  secondThreadFailure?: string;
  /** The second thread's peak heap, bytes, when it read the trace. */
  secondThreadHeap?: number;
}

/**
 * How the matching pass runs: on one thread; on two, a second one reading, parsing and re-validating the
 * trace while this one matches (check-thread-pass.ts); or `auto`, two for a trace of TWO_THREADS_FROM
 * bytes or more, where the machine has two cores or more.
 */
export type CheckWay = 'auto' | 'one-thread' | 'two-threads';

/**
 * About 200,000 messages (a recorded message line is about 165 bytes). A second thread costs its start
 * (30-40 ms built, about 0.3 s from the sources through tsx) and a fifth more CPU in all (its reading
 * and the other's overlap, two heaps to collect, V8 compiling the same code twice); it gains only where
 * a core is free. Measured with the built command on this project's two-core machine, quiet: at 100,000
 * messages two threads took 0.65-0.66 s against one's 0.59-0.62; at 300,000, 1.14 s against 1.22-1.24;
 * at 1,000,000, 2.26-2.41 s against 3.02-3.06.
 */
export const TWO_THREADS_FROM = 32_000_000;

/**
 * The second thread a check of `path` the `way` given runs on, started now so that its code loads while
 * the first pass skims the trace; begin() it once the model is known. None for a custom catalog: the
 * second thread re-validates against the default one.
 */
export async function secondThread(path: string, way: CheckWay, catalog?: Catalog): Promise<CheckThread | undefined> {
  if (way === 'one-thread' || (catalog !== undefined && catalog !== defaultCatalog)) return undefined;
  if (way === 'auto') {
    // One core: a second thread would only add its work to the first's.
    if (availableParallelism() < 2) return undefined;
    const size = await stat(path).then((s) => s.size, () => 0);
    if (size < TWO_THREADS_FROM) return undefined;
  }
  return new CheckThread();
}

/** The second pass: revalidate(trace) then matchTrace(model, trace, opts), entry by entry; on two threads when `thread` is given, begun with this check's job. */
export async function checkStreamed(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions, retire: RetireOptions | undefined = { slackMs: RETIRE_SLACK_MS }, thread?: CheckThread): Promise<StreamedCheck> {
  let pass: MatchPass | undefined;
  let threads: 1 | 2 = 1;
  let secondThreadFailure: string | undefined;
  let secondThreadHeap: number | undefined;
  if (thread) {
    const job = thread.job;
    try {
      if (job?.path === path && job.variant === opts.variant && job.profile === opts.profile && (opts.catalog ?? defaultCatalog) === defaultCatalog) {
        const two = await threadPass(path, skeleton, model, opts, retire, thread);
        pass = two;
        threads = 2;
        secondThreadHeap = two.heapPeak;
      }
    } catch (err) {
      if (!(err instanceof ReaderFailed)) throw err;
      if (!(err instanceof SecondThreadUnfit)) secondThreadFailure = err.message;
    } finally {
      thread.stop();
    }
  }
  pass ??= await matchPass(path, skeleton, model, opts, retire);
  let passes = 2;
  if (pass.matching?.retiredWrongly) {
    passes++;
    pass = await matchPass(path, skeleton, model, opts, undefined);
  }
  const { started, matching, differences, problems } = pass;
  const how = { threads, ...(secondThreadFailure !== undefined ? { secondThreadFailure } : {}), ...(secondThreadHeap !== undefined ? { secondThreadHeap } : {}) };
  if (!matching) return { result: started as MatchResult, differences, passes, retired: 0, ...how };
  const end = { lastT: skeleton.lastT, footer: skeleton.trace.footer, problemEntries: problems };
  let result = matching.finish(end);
  if (result === 'refill') {
    passes++;
    // A stuck instance's explanation reads broadcasts the matcher did not keep: a third pass brings them
    // back, revalidated again from the start (a message's pairing depends on all before it).
    const again = new Revalidator(traceParticipants(skeleton.trace), opts.catalog);
    let j = 0;
    await streamTrace(path, (raw) => {
      matching.refill(j++, again.entry(raw, true));
      return false;
    });
    matching.refilled();
    result = matching.finish(end);
    if (result === 'refill') throw new Error(`${path}: the matcher still lacks entries after reading the trace again`);
  }
  return { result, differences, passes, retired: matching.retired, ...how };
}

/**
 * A trace file read as `flowcert check` reads it when the model is sound: skimSkeleton, then
 * checkStreamed; readSkeleton's read instead when the skim has errors or proves unsound. No check when
 * the trace has errors. The matching pass runs the `way` given (auto: by the trace's size).
 */
export async function checkFile(path: string, model: FlowModel, opts: MatchOptions, retire?: RetireOptions, way: CheckWay = 'auto'): Promise<{ read: SkeletonRead; check?: StreamedCheck }> {
  const started = async (): Promise<CheckThread | undefined> => {
    const thread = await secondThread(path, way, opts.catalog);
    thread?.begin({ path, model, variant: opts.variant, ...(opts.profile !== undefined ? { profile: opts.profile } : {}) });
    return thread;
  };
  const thread = await started();
  try {
    const skim = await skimSkeleton(path);
    if (skim.skeleton) {
      try {
        return { read: skim, check: await checkStreamed(path, skim.skeleton, model, opts, retire, thread) };
      } catch (err) {
        if (!(err instanceof UnsoundSkim)) throw err;
      }
    }
  } finally {
    thread?.stop();
  }
  const read = await readSkeleton(path);
  if (!read.skeleton) return { read };
  const again = await started();
  try {
    return { read, check: await checkStreamed(path, read.skeleton, model, opts, retire, again) };
  } finally {
    again?.stop();
  }
}
