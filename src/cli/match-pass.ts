import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { MatchOptions } from '../flow/matcher.ts';
import type { FlowModel } from '../flow/model.ts';
import { traceParticipants } from '../flow/participants.ts';
import type { MatchResult } from '../flow/result.ts';
import { Revalidator } from '../flow/revalidate.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import { Matching } from '../flow/trace-matching.ts';
import type { RetireOptions } from '../flow/trace-matching.ts';
import { streamTrace } from '../trace/reader.ts';
import type { TraceEntry } from '../trace/types.ts';
import type { TraceSkeleton } from './check-stream.ts';
import { mayBeProblem } from './check-thread-protocol.ts';

/**
 * The streamed check's matching pass (check-stream.ts) on one thread: every entry read, re-validated
 * and fed to a new Matching. check-thread-pass.ts does the same on two threads; both end alike (passEnd).
 */

/** A skimmed skeleton's trace is not what the skim took it for (a message line is unsound): readSkeleton it. */
export class UnsoundSkim extends Error {
  constructor(path: string) {
    super(`${path}: a message line the first look skimmed is not sound; read the trace in full`);
  }
}

export interface MatchPass {
  started: Matching | MatchResult;
  matching: Matching | undefined;
  differences: ViolationDifference[];
  problems: TraceEntry[];
}


/** What a pass saw of the whole file, to be compared with what the first pass saw. */
export interface PassRead {
  /** The reader's diagnostics. */
  diagnostics: Diagnostic[];
  /** The read gave a trace (no error, a header). */
  complete: boolean;
  entries: number;
  messages: number;
  lastT: number;
}

/** Throws when the pass did not read the trace the first pass read. */
export function passEnd(path: string, skeleton: TraceSkeleton, read: PassRead): void {
  // A skim is readSkeleton's when the full read says what it said, and finds each line it took for a
  // message one (the same count: a line that is not, one fewer), the last at its time.
  if (skeleton.skimmed && (JSON.stringify(read.diagnostics) !== JSON.stringify(skeleton.skimmed) || read.messages !== skeleton.counts.messages || read.lastT !== skeleton.lastT)) {
    throw new UnsoundSkim(path);
  }
  // The file was read whole a moment ago: anything else now means it changed under us.
  if (!read.complete || read.entries !== skeleton.counts.entries) {
    throw new Error(`${path} changed while it was being checked (${read.entries} entries now, ${skeleton.counts.entries} before); check a trace no run is still writing`);
  }
}

/** Every entry revalidated and fed to a new Matching. */
export async function matchPass(path: string, skeleton: TraceSkeleton, model: FlowModel, opts: MatchOptions, retire: RetireOptions | undefined): Promise<MatchPass> {
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
  passEnd(path, skeleton, { diagnostics: read.diagnostics, complete: read.trace !== undefined, entries: i, messages, lastT });
  return { started, matching, differences: revalidator.differences, problems };
}
