import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { MatchOptions } from '../flow/matcher.ts';
import type { FlowModel } from '../flow/model.ts';
import { traceParticipants } from '../flow/participants.ts';
import type { MatchResult } from '../flow/result.ts';
import { Revalidator } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import { Matching } from '../flow/trace-matching.ts';
import type { RetireOptions, TraceCounts } from '../flow/trace-matching.ts';
import { streamTrace } from '../trace/reader.ts';
import { skimTrace } from '../trace/skim.ts';
import type { Trace, TraceEntry } from '../trace/types.ts';

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
 * second pass runs again without retiring, as it did before retirement existed).
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

/** A skimmed skeleton's trace is not what the skim took it for (a message line is unsound): readSkeleton it. */
export class UnsoundSkim extends Error {
  constructor(path: string) {
    super(`${path}: a message line the first look skimmed is not sound; read the trace in full`);
  }
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
}

function mayBeProblem(e: TraceEntry): boolean {
  return e.type === 'bad-frame' || (e.type === 'message' && e.violations.length > 0 && e.violations.some((v) => v.severity === 'error'));
}

/** The second pass: revalidate(trace) then matchTrace(model, trace, opts), entry by entry. */
export async function checkStreamed(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions, retire: RetireOptions | undefined = { slackMs: RETIRE_SLACK_MS }): Promise<StreamedCheck> {
  let pass = await matchPass(path, skeleton, model, opts, retire);
  let passes = 2;
  if (pass.matching?.retiredWrongly) {
    passes++;
    pass = await matchPass(path, skeleton, model, opts, undefined);
  }
  const { started, matching, revalidator, problems } = pass;
  if (!matching) return { result: started as MatchResult, differences: revalidator.differences, passes, retired: 0 };
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
  return { result, differences: revalidator.differences, passes, retired: matching.retired };
}

interface MatchPass {
  started: Matching | MatchResult;
  matching: Matching | undefined;
  revalidator: Revalidator;
  problems: TraceEntry[];
}

/** Every entry revalidated and fed to a new Matching. */
async function matchPass(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions, retire: RetireOptions | undefined): Promise<MatchPass> {
  const revalidator = new Revalidator(traceParticipants(skeleton.trace), opts.catalog);
  const started = Matching.start(model, skeleton.trace, opts, skeleton.counts, undefined, retire);
  const matching = started instanceof Matching ? started : undefined;
  const problems: TraceEntry[] = [];
  let i = 0;
  let messages = 0;
  let lastT = 0;
  const read = await streamTrace(path, (raw) => {
    const e = revalidator.entry(raw, true);
    matching?.feed(i, e);
    i++;
    if (e.type === 'message') messages++;
    lastT = e.t;
    if (mayBeProblem(e)) problems.push(e);
    return false;
  });
  // A skim is readSkeleton's when the full read says what it said, and finds each line it took for a
  // message one (the same count: a line that is not, one fewer), the last at its time.
  if (skeleton.skimmed && (JSON.stringify(read.diagnostics) !== JSON.stringify(skeleton.skimmed) || messages !== skeleton.counts.messages || lastT !== skeleton.lastT)) {
    throw new UnsoundSkim(path);
  }
  // The file was read whole a moment ago: anything else now means it changed under us.
  if (!read.trace || i !== skeleton.counts.entries) {
    throw new Error(`${path} changed while it was being checked (${i} entries now, ${skeleton.counts.entries} before); check a trace no run is still writing`);
  }
  return { started, matching, revalidator, problems };
}

/**
 * A trace file read as `flowcert check` reads it when the model is sound: skimSkeleton, then
 * checkStreamed; readSkeleton's read instead when the skim has errors or proves unsound. No check when
 * the trace has errors.
 */
export async function checkFile(path: string, model: FlowModel, opts: MatchOptions, retire?: RetireOptions): Promise<{ read: SkeletonRead; check?: StreamedCheck }> {
  const skim = await skimSkeleton(path);
  if (skim.skeleton) {
    try {
      return { read: skim, check: await checkStreamed(path, skim.skeleton, model, opts, retire) };
    } catch (err) {
      if (!(err instanceof UnsoundSkim)) throw err;
    }
  }
  const read = await readSkeleton(path);
  return read.skeleton ? { read, check: await checkStreamed(path, read.skeleton, model, opts, retire) } : { read };
}
