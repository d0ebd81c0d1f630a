import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { MatchOptions } from '../flow/matcher.ts';
import type { FlowModel } from '../flow/model.ts';
import { traceParticipants } from '../flow/participants.ts';
import type { MatchResult } from '../flow/result.ts';
import { Revalidator } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import { Matching } from '../flow/trace-matching.ts';
import type { TraceCounts } from '../flow/trace-matching.ts';
import { streamTrace } from '../trace/reader.ts';
import type { Trace, TraceEntry } from '../trace/types.ts';

/**
 * `flowcert check` without the trace in memory: two passes over the file, each a stream of its lines.
 * The first validates every line (the reader's diagnostics, as readTrace gives them) and keeps only the
 * header, footer and notes — what the matcher must know before the first message: the participants,
 * the timers the run set, the lag it measured. The second re-validates each message against the catalog
 * (revalidate.ts) and feeds it to the matcher (trace-matching.ts), which keeps what its instances may
 * read again. So memory follows the instances, not the trace's length; the price is reading the file
 * twice.
 */

export interface TraceSkeleton {
  /** Header, footer and the notes, in order; no messages or bad frames. */
  trace: Trace;
  counts: TraceCounts;
  /** The last entry's time (0 for none). */
  lastT: number;
}

export interface SkeletonRead {
  skeleton?: TraceSkeleton;
  diagnostics: Diagnostic[];
}

/** The first pass. */
export async function readSkeleton(path: string): Promise<SkeletonRead> {
  const counts: TraceCounts = { entries: 0, messages: 0 };
  let lastT = 0;
  const read = await streamTrace(path, (e) => {
    counts.entries++;
    if (e.type === 'message') counts.messages++;
    lastT = e.t;
    return e.type === 'note';
  });
  return read.trace ? { skeleton: { trace: read.trace, counts, lastT }, diagnostics: read.diagnostics } : { diagnostics: read.diagnostics };
}

export interface StreamedCheck {
  result: MatchResult;
  differences: ViolationDifference[];
}

function mayBeProblem(e: TraceEntry): boolean {
  return e.type === 'bad-frame' || (e.type === 'message' && e.violations.some((v) => v.severity === 'error'));
}

/** The second pass: revalidate(trace) then matchTrace(model, trace, opts), entry by entry. */
export async function checkStreamed(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions): Promise<StreamedCheck> {
  const revalidator = new Revalidator(traceParticipants(skeleton.trace), opts.catalog);
  const started = Matching.start(model, skeleton.trace, opts, skeleton.counts);
  const matching = started instanceof Matching ? started : undefined;
  const problems: TraceEntry[] = [];
  let i = 0;
  const read = await streamTrace(path, (raw) => {
    const e = revalidator.entry(raw, true);
    matching?.feed(i, e);
    i++;
    if (mayBeProblem(e)) problems.push(e);
    return false;
  });
  // The file was read whole a moment ago: anything else now means it changed under us.
  if (!read.trace || i !== skeleton.counts.entries) {
    throw new Error(`${path} changed while it was being checked (${i} entries now, ${skeleton.counts.entries} before); check a trace no run is still writing`);
  }
  const result = matching ? matching.finish({ lastT: skeleton.lastT, footer: skeleton.trace.footer, problemEntries: problems }) : (started as MatchResult);
  return { result, differences: revalidator.differences };
}
