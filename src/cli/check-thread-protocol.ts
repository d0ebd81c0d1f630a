import type { Role, Violation } from '../catalog/types.ts';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import type { FlowModel } from '../flow/model.ts';
import type { ViolationDifference } from '../flow/revalidate.ts';
import type { TraceEntry } from '../trace/types.ts';

/**
 * What a check's two threads say to each other (check-thread.ts starts the second, which runs
 * check-thread-worker.ts). The second thread reads every line with the reader's parser (its diagnostics
 * are the check's) and pairs every message's requests and responses, in order (revalidate.ts); the two
 * share the rest of the work so that each line is parsed and validated once, by one of them:
 * - a message some step of the model names (unread): the second thread reads only its fixed fields
 *   (compact-line.ts) and sends its text; the matcher's thread, which needs it parsed anyway, parses and
 *   validates it;
 * - any other message: the second thread parses and validates it and tells whether routing ignores it
 *   (Correlator.ignores). For one it ignores — most of a trace: agent states, not-ready requests — only
 *   its time is sent; for the rest (a request some step names, whose values routing must know of, and
 *   what routing follows by its values) its text, with what re-validation changed in it, and the
 *   matcher's thread parses it again.
 * Notes and bad frames are sent as they are. On a million-message trace of Deliver the matcher's thread
 * reads a quarter of the lines, the second thread the other three quarters, and the matcher's work is
 * about the difference.
 */

/**
 * What trace-problems.ts may report: every bad frame and every message with an error violation. Such a
 * message is sent whole even when routing ignores it.
 */
export function mayBeProblem(e: TraceEntry): boolean {
  return e.type === 'bad-frame' || (e.type === 'message' && e.violations.length > 0 && e.violations.some((v) => v.severity === 'error'));
}

/** How the matcher's thread takes an entry of a batch (EntryBatch.kinds). */
export const KIND = {
  /** A message routing ignores and no trace problem: only its time is sent. */
  ignored: 0,
  /** A message sent as its line's text (texts). */
  text: 1,
  /** A note or a bad frame, sent as the entry (others). */
  other: 2,
  /**
   * A message some step of the model names, its line read by the second thread only as far as its fixed
   * fields (compact-line.ts), sent as its text: the matcher's thread reads and re-validates it (with the
   * pairing the second thread found, pairings), as it needs it parsed anyway.
   */
  unread: 3,
} as const;

/** Entries per batch: a few hundred kilobytes of text at most. */
export const BATCH_ENTRIES = 4096;
/**
 * Batches the second thread may send before the matcher's thread has taken the first: it must not run
 * arbitrarily far ahead (each batch waiting is memory), but far enough to keep reading while the
 * matcher's thread skims the trace and loads the model (about 0.2 s for a million messages).
 */
export const WINDOW = 32;

/** What the second thread is asked to judge: the trace, and what routing needs of the model. */
export interface CheckJob {
  path: string;
  /** The model as loaded: the second thread applies the profile itself, as Matching.start does. */
  model: FlowModel;
  variant: string;
  /** The check's profile (MatchOptions.profile); undefined: the trace header's. */
  profile?: string;
}

/** Consecutive entries of the trace, in order. */
export interface EntryBatch {
  type: 'batch';
  /** KIND of each entry. */
  kinds: Uint8Array;
  /** Each entry's time. */
  times: Float64Array;
  /** The text and unread kinds' lines, in order. */
  texts: string[];
  /**
   * [index in the batch, connection, from, to]: a connection's ends as the lines so far named them, before
   * that entry's line is read, where the matcher's thread has not been told them yet (a flowcert-trace/2
   * line may name its ends only by direction, relative to an earlier line it may not have been sent).
   */
  ends: Array<[number, string, string, string]>;
  /** The other kinds' entries, in order. */
  others: TraceEntry[];
  /** Where re-validation changed a text kind's message: [its index in the batch, violations, message, alias]. */
  revised: Array<[number, Violation[], string, string | undefined]>;
  /** Where pairing an unread kind's message found something (Revalidator.pair): [its index in the batch, what]. */
  pairings: Array<[number, Violation[]]>;
}

/** After the last batch: what only the end of the read tells. */
export interface ReadDone {
  type: 'done';
  /** The reader's diagnostics (streamTrace's). */
  diagnostics: Diagnostic[];
  /** True when the read gave a trace (no error, a header). */
  complete: boolean;
  /** Messages whose recorded violations differ from the catalog's, in trace order. */
  differences: ViolationDifference[];
  /** The participants' roles as the whole trace gives them (traceParticipants). */
  roles: Array<[string, Role]>;
  /** A participant note named a participant some earlier message had been validated without: its roles were not the whole trace's. */
  late: boolean;
  /** The second thread's peak heap (V8's used heap size), bytes. */
  heapPeak: number;
}

/** The second thread could not do its job: the matcher's thread reads the trace itself. */
export interface ReadFailed {
  type: 'failed';
  message: string;
}

export type FromReader = EntryBatch | ReadDone | ReadFailed;

/** To the second thread: its job, or that a batch was taken (one more may be sent). */
export type ToReader = { type: 'job'; job: CheckJob } | { type: 'taken' };
