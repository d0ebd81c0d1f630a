import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Violation } from '../catalog/types.ts';
import { Redactor } from '../secrets/redactor.ts';
import { TraceFileWriter } from './trace-file-writer.ts';
import { LineBatch } from './line-batch.ts';
import { TRACE_FORMAT, TraceLineWriter } from './line-writer.ts';
import type {
  Trace,
  TraceBadFrame,
  TraceEntry,
  TraceFooter,
  TraceHeader,
  TraceMessage,
  TraceNote,
  TraceParticipant,
} from './types.ts';

export interface TraceRecorderOptions {
  /** ndjson file written as the run goes; null or absent: memory only. Its folder is created. */
  file?: string | null;
  participants?: TraceParticipant[];
  meta?: Record<string, unknown>;
  flowcertVersion?: string;
  /**
   * Keep every entry in memory for snapshot() and the matcher (default true). A long soak run that only
   * needs the file sets it false: snapshot() then has no entries, but the file holds them all.
   */
  keepInMemory?: boolean;
  /**
   * At most this many entries are kept in memory (default DEFAULT_MAX_ENTRIES_IN_MEMORY): the first ones.
   * Past it, entries still go to the file and to listeners, and snapshot() says it is truncated.
   */
  maxEntriesInMemory?: number;
  /**
   * Takes the configuration's secrets out of every entry and the header before they are kept or
   * written (README, "Secrets"): a SUT may send its token on the wire, print it in a note's text, or a
   * note may quote its command line. The trace in memory is the trace on disk, so a live check and a
   * later `flowcert check` of the file judge the same messages.
   */
  redactor?: Redactor;
}

/**
 * A scenario's trace is hundreds of entries, a long one thousands. An entry holds ~300 bytes of heap
 * for an EventAck, ~1.2 KiB for an EventInvite carrying 1 KB of user data: 50,000 of them are 15–60 MB,
 * which keeps a harness under 300 MB however long a flood lasts (bench/flood.bench.ts). What lies
 * beyond is on disk, for `flowcert check`.
 */
export const DEFAULT_MAX_ENTRIES_IN_MEMORY = 50_000;

export type TraceListener = (e: TraceEntry) => void;

type Without<T> = Omit<T, 'type' | 'seq' | 't'> & { t?: number };

/**
 * A message as a connection reports it to its observer (transport's WireMessage has this shape; trace/
 * does not import transport): canonical is the message's catalog name, attributesJson the attributes'
 * text as the frame holds them, when known.
 */
export interface MessageSource {
  connection: string;
  from: string;
  to: string;
  envelope: { protocol: string; referenceId?: number; attributes: Record<string, unknown> };
  canonical: string;
  alias?: string;
  raw?: string;
  violations: Violation[];
  attributesJson?: string;
}

/** A message's attributes as JSON text, exactly as they went on the wire (the frame was built here): the line reuses them. */
export type AttributesJson = string | undefined;

/**
 * Records every entry of one run, in order: seq from 1 over all entries, t in ms since start
 * (monotonic, rounded to the microsecond). Written as ndjson while the run goes; close() seals it
 * with a footer. Only this file writes trace files; line-writer.ts makes their lines (flowcert-trace/2).
 */
export class TraceRecorder {
  readonly file: string | null;
  private readonly header: TraceHeader;
  private readonly start = performance.now();
  private readonly keep: boolean;
  private readonly maxInMemory: number;
  private readonly redactor: Redactor;
  private readonly entries: TraceEntry[] = [];
  private readonly listeners = new Set<TraceListener>();
  /** Notes recorded because a listener threw: a listener throwing on them again is not re-reported. */
  private readonly listenerErrors = new WeakSet<TraceEntry>();
  private writer: TraceFileWriter | null = null;
  private readonly lines = new TraceLineWriter();
  /** Participants by name: a connection's naming asks once per connection, and 10,000 agents are 10,000 names. */
  private readonly participantsByName = new Map<string, TraceParticipant>();
  /** The lines on their way to the writer (line-batch.ts), while there is a file. */
  private batch: LineBatch | null = null;
  private seq = 0;
  private closed: Trace | null = null;
  private ioError: Error | null = null;
  private lateEntries = 0;

  constructor(opts: TraceRecorderOptions = {}) {
    this.file = opts.file ?? null;
    this.keep = opts.keepInMemory ?? true;
    this.redactor = opts.redactor ?? Redactor.none;
    this.maxInMemory = opts.maxEntriesInMemory ?? DEFAULT_MAX_ENTRIES_IN_MEMORY;
    if (!(this.maxInMemory >= 0)) throw new RangeError(`maxEntriesInMemory must be a number of entries, 0 or more; got ${this.maxInMemory}`);
    this.header = {
      type: 'header',
      format: TRACE_FORMAT,
      flowcertVersion: opts.flowcertVersion ?? '0.0.0',
      startedAt: new Date().toISOString(),
      participants: [],
      ...(opts.meta ? { meta: this.redactor.value(opts.meta) } : {}),
    };
    for (const p of opts.participants ?? []) {
      const clean = this.redactor.value({ ...p });
      this.header.participants.push(clean);
      if (!this.participantsByName.has(clean.name)) this.participantsByName.set(clean.name, clean);
    }
    if (this.file !== null) {
      // Opening happens here, synchronously, so a bad path fails at setup and not in the middle of a run.
      mkdirSync(dirname(this.file), { recursive: true });
      this.writer = new TraceFileWriter(openSync(this.file, 'w'));
      this.writer.writeSync(this.lines.header(this.header));
      this.batch = new LineBatch(this.writer, this.lines);
    }
  }

  /** Monotonic ms since the trace started, rounded to 0.001. */
  now(): number {
    return Math.round((performance.now() - this.start) * 1000) / 1000;
  }

  /** The first write error, if writing the file failed; recording then continues in memory only. */
  get writeError(): Error | null {
    return this.ioError ?? this.writer?.error ?? null;
  }

  /** Resolves once every line recorded so far has been written to the file (at once without one). */
  whenWritten(): Promise<void> {
    this.batch?.flush();
    return this.writer?.whenWritten() ?? Promise.resolve();
  }

  /** Entries offered after close(): not recorded (the footer already counted the trace). */
  get droppedAfterClose(): number {
    return this.lateEntries;
  }

  get isClosed(): boolean {
    return this.closed !== null;
  }

  hasParticipant(name: string): boolean {
    return this.participantsByName.has(name);
  }

  addParticipant(participant: TraceParticipant): void {
    const p = this.redactor.value(participant);
    const existing = this.participantsByName.get(p.name);
    if (existing) {
      if (existing.role === p.role && existing.binding === p.binding && existing.adapter === p.adapter) return;
      throw new Error(`participant ${p.name} is already in the trace as ${existing.role}${existing.binding ? ` (${existing.binding})` : ''}`);
    }
    const kept = { ...p };
    this.header.participants.push(kept);
    this.participantsByName.set(kept.name, kept);
    const data: Record<string, unknown> = { name: p.name, role: p.role };
    if (p.binding !== undefined) data.binding = p.binding;
    if (p.adapter !== undefined) data.adapter = p.adapter;
    this.note({ kind: 'participant', participant: p.name, text: `participant ${p.name} (${p.role}) joined`, data });
  }

  /**
   * `attributesJson`: the attributes as JSON text when the caller already has them (a frame built here):
   * the line is then written from it, not stringified again. Ignored when secrets are redacted.
   */
  message(e: Without<TraceMessage>, attributesJson?: AttributesJson): TraceMessage {
    // Built once, key by key, in the order of a flowcert-trace/1 line (the reader gives /2 lines back in it too).
    const entry: TraceMessage = { type: 'message', seq: 0, t: e.t ?? this.now(), from: e.from, to: e.to, connection: e.connection, protocol: e.protocol, message: e.message } as TraceMessage;
    if (e.alias !== undefined) entry.alias = e.alias;
    if (e.referenceId !== undefined) entry.referenceId = e.referenceId;
    entry.attributes = e.attributes;
    if (e.raw !== undefined) entry.raw = e.raw;
    entry.violations = e.violations;
    return this.record(entry, attributesJson);
  }

  /**
   * message(), for a caller that wants no entry back (the trace observer, for every message a connection
   * reads or writes). While nothing would see the entry — none kept in memory (keepInMemory false, or
   * past the limit), no listener, no secrets to take out — its line is written straight from `m`: the
   * same bytes (test/trace/recorded-lines-golden.test.ts), no entry built. A server recording to disk
   * only (a load run, bench/agents-scale.bench.ts) builds none.
   */
  messageOf(m: MessageSource): void {
    const env = m.envelope;
    if (this.batch !== null && this.listeners.size === 0 && this.redactor.isEmpty && !(this.keep && this.entries.length < this.maxInMemory)) {
      // batch is null once closed: a late message takes the path that counts it.
      this.batch.fields(++this.seq, this.now(), m.connection, m.from, m.to, env.protocol, m.canonical, m.alias, env.referenceId, m.attributesJson ?? JSON.stringify(env.attributes), m.raw, m.violations);
      return;
    }
    const e: Without<TraceMessage> = { from: m.from, to: m.to, connection: m.connection, protocol: env.protocol, message: m.canonical, attributes: env.attributes, violations: m.violations };
    if (m.alias !== undefined) e.alias = m.alias;
    if (env.referenceId !== undefined) e.referenceId = env.referenceId;
    if (m.raw !== undefined) e.raw = m.raw;
    this.message(e, m.attributesJson);
  }

  badFrame(e: Without<TraceBadFrame>): TraceBadFrame {
    // One copy, not two (a rest object, then the entry): a given t takes its place after seq either way.
    const entry = { type: 'bad-frame', seq: 0, t: 0, ...e } as TraceBadFrame;
    if (e.t === undefined) entry.t = this.now();
    return this.record(entry);
  }

  note(e: Without<TraceNote>): TraceNote {
    const entry = { type: 'note', seq: 0, t: 0, ...e } as TraceNote;
    if (e.t === undefined) entry.t = this.now();
    return this.record(entry);
  }

  /** Called synchronously after each entry is recorded. Returns the unsubscribe function. */
  subscribe(listener: TraceListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * The trace so far (copies of the arrays; entries are shared, do not mutate them). Past the memory
   * limit it holds the first entries only and says so in `truncated`; the file holds them all.
   */
  snapshot(): Trace {
    if (this.closed) return this.closed;
    return this.toTrace(undefined);
  }

  /**
   * Flushes, writes the footer, closes the file. Idempotent: later calls return the same trace.
   * `status` goes into the footer when given: `interrupted` says the run was stopped (Ctrl-C, SIGTERM)
   * before its scenario ended, so readers judge the trace as cut short; without it, complete.
   */
  close(status?: TraceFooter['status']): Trace {
    if (this.closed) return this.closed;
    const footer: TraceFooter = { type: 'footer', t: this.now(), entries: this.seq, ...(status ? { status } : {}) };
    this.batch?.line(JSON.stringify(footer) + '\n');
    this.batch?.flush();
    this.batch = null;
    if (this.writer !== null) {
      this.writer.finishSync();
      this.ioError ??= this.writer.error;
      this.writer = null;
    }
    this.listeners.clear();
    this.closed = this.toTrace(footer);
    return this.closed;
  }

  private toTrace(footer: TraceFooter | undefined): Trace {
    return {
      header: { ...this.header, participants: this.header.participants.map((p) => ({ ...p })) },
      entries: this.entries.slice(),
      ...(this.keep && this.seq > this.entries.length ? { truncated: { kept: this.entries.length, recorded: this.seq } } : {}),
      ...(footer ? { footer } : {}),
      ...(this.file !== null ? { source: this.file } : {}),
    };
  }

  private record<E extends TraceEntry>(given: E, attributesJson?: AttributesJson): E {
    if (this.closed) {
      this.lateEntries++;
      return given;
    }
    const entry = this.redact(given);
    entry.seq = ++this.seq;
    if (this.keep && this.entries.length < this.maxInMemory) this.entries.push(entry);
    if (this.batch !== null) {
      // The attributes' text is the entry's only while the entry is the one given (redaction copies).
      if (entry.type === 'message') this.batch.message(entry, (entry === given ? attributesJson : undefined) ?? JSON.stringify(entry.attributes));
      else this.batch.line(this.lines.entry(entry));
    }
    if (this.listeners.size > 0) this.notify(entry);
    return entry;
  }

  /**
   * The entry without secrets (itself when it holds none). A bad frame's text is a preview, cut at its
   * end when shorter than the frame: a secret cut in half there goes too.
   */
  private redact<E extends TraceEntry>(entry: E): E {
    if (this.redactor.isEmpty) return entry;
    const clean = this.redactor.value(entry);
    if (clean.type === 'bad-frame' && Buffer.byteLength(clean.raw, 'utf8') < clean.size) {
      const raw = this.redactor.text(clean.raw, { cutAtEnd: true });
      if (raw !== clean.raw) return { ...clean, raw };
    }
    return clean;
  }

  private notify(entry: TraceEntry): void {
    // A copy: listeners commonly unsubscribe themselves when the message they waited for arrives.
    for (const listener of Array.from(this.listeners)) {
      try {
        listener(entry);
      } catch (err) {
        if (this.listenerErrors.has(entry)) continue;
        const text = `a trace listener threw: ${err instanceof Error ? err.message : String(err)}`;
        const note: TraceNote = { type: 'note', seq: 0, t: this.now(), kind: 'error', text, data: { afterSeq: entry.seq } };
        this.listenerErrors.add(note);
        this.record(note);
      }
    }
  }
}
