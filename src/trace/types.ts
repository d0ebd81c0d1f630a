import type { Role, Violation } from '../catalog/types.ts';

/**
 * A trace file is ndjson: one header line, then one line per entry, in order, then (if the run ended
 * normally) one footer line. A run that dies leaves header + entries: readers accept a missing footer
 * and a truncated last line. These are the entries in memory, whichever format the file has: in
 * flowcert-trace/1 each line is one of them as JSON; flowcert-trace/2 writes messages compact
 * (line-writer.ts), and the reader gives back the same objects.
 */
export interface TraceParticipant {
  /** Instance name, e.g. `IS1`, `Agent1's desktop`. Unique in a trace. */
  name: string;
  role: Role;
  /**
   * Who plays the part: `reference` (flowcert's own implementation), `sut` (a system under test bound
   * through an adapter), or `unbound` (a peer that joined on the wire without the harness binding it).
   * Traces written before adapters existed say `remote` for the last.
   */
  binding?: 'reference' | 'sut' | 'unbound' | 'remote';
  /** The adapter kind that bound it: `reference`, `remote`, `process`, `replay`. */
  adapter?: string;
}

export interface TraceHeader {
  type: 'header';
  /** The file's format: this version writes flowcert-trace/2 and reads both. */
  format: 'flowcert-trace/1' | 'flowcert-trace/2';
  flowcertVersion: string;
  /** Wall-clock start, ISO-8601; entry times are monotonic ms since this moment. */
  startedAt: string;
  participants: TraceParticipant[];
  /** Free-form: scenario name, feature uri, model, variant, timers. */
  meta?: Record<string, unknown>;
}

export interface TraceMessage {
  type: 'message';
  seq: number;
  /** Monotonic milliseconds since the trace's startedAt (fractional). */
  t: number;
  from: string;
  to: string;
  /** Connection id; request/response pairing is per connection. */
  connection: string;
  /** Wire protocol id as received (see catalog ProtocolId). */
  protocol: string;
  /** Canonical message name when the catalog knows it, else as received. */
  message: string;
  /** The spelling on the wire when it was a catalog alias. */
  alias?: string;
  referenceId?: number;
  attributes: Record<string, unknown>;
  /** The frame as received, when recording raw frames is on (possibly truncated). */
  raw?: string;
  violations: Violation[];
}

/** A frame that could not be decoded into a message (not JSON, not an envelope, too large, bad framing). */
export interface TraceBadFrame {
  type: 'bad-frame';
  seq: number;
  t: number;
  from: string;
  to: string;
  connection: string;
  /** First bytes of the frame, for the report. */
  raw: string;
  size: number;
  violations: Violation[];
}

/**
 * Something that happened on a connection or in the run that is not a message: open, close, timeout, note.
 * kind `participant` announces a participant that joined after the header was written (`data: {name, role, binding}`);
 * readers fold those into header.participants. kind `lag` says how late a process's event loop ran
 * (`data: {source, from, to, lag, period}`, see src/flow/lag.ts): the matcher excuses timing by it.
 */
export interface TraceNote {
  type: 'note';
  seq: number;
  t: number;
  kind: 'connection-open' | 'connection-close' | 'participant' | 'timer' | 'stimulus' | 'error' | 'info' | 'lag';
  participant?: string;
  connection?: string;
  text: string;
  data?: Record<string, unknown>;
}

export interface TraceFooter {
  type: 'footer';
  /** Monotonic ms since start at which recording ended. */
  t: number;
  entries: number;
  /**
   * `interrupted` when the run was stopped before its scenario ended (Ctrl-C, SIGTERM): the trace ends
   * early, as one without a footer does. Absent in older traces: complete.
   */
  status?: 'complete' | 'interrupted';
}

export type TraceEntry = TraceMessage | TraceBadFrame | TraceNote;
export type TraceLine = TraceHeader | TraceEntry | TraceFooter;

/** A trace in memory, as the matcher takes it. */
export interface Trace {
  header: TraceHeader;
  entries: TraceEntry[];
  /** Present when recording ended in order (see its status); absent when the run died. */
  footer?: TraceFooter;
  /**
   * Present when the recorder outgrew its memory limit: `entries` are the first `kept` of the
   * `recorded` entries, and the rest are in the file only (`source`). Never in a trace read from a file.
   */
  truncated?: { kept: number; recorded: number };
  /** Where it was read from, for messages. */
  source?: string;
}
