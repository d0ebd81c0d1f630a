import { LineBytes } from './line-bytes.ts';
import { fieldsBound, messageBound } from './line-writer.ts';
import type { TraceLineWriter } from './line-writer.ts';
import type { TraceFileWriter } from './trace-file-writer.ts';
import type { Violation } from '../catalog/types.ts';
import type { TraceMessage } from './types.ts';

/**
 * Lines are batched, not written one by one: a reference server pushing 50k messages/s would spend
 * its time in write calls otherwise. Pending lines are handed to the file writer FLUSH_INTERVAL_MS after
 * the first of them, and as soon as 64 KiB are pending; the writer writes them in order off the
 * event loop (trace-file-writer.ts), and the recorder's close() writes the rest synchronously. Not at
 * the end of every event-loop turn: with one request in flight, each turn is one message, and a write
 * per message (a thread-pool hop and a wake-up each) cost a server answering in 40 µs about 30 µs more
 * per round trip. A process killed with SIGKILL therefore loses the lines of its last few milliseconds
 * and those the writer had not yet written; every earlier line is on disk (in the OS page cache, which
 * survives the process), a readable prefix, in order.
 */
const FLUSH_THRESHOLD = 64 * 1024;
const FLUSH_INTERVAL_MS = 5;
/** The slab lines are encoded into: four batches' worth. A longer line goes to the writer on its own. */
const SLAB_BYTES = 256 * 1024;

/**
 * The lines of a trace file on their way to its writer. They are encoded into a slab as they come, a
 * message line straight from its entry (line-bytes.ts), and handed to the writer as slices of it: no
 * line is a string that outlives its entry (a pending string of 400 lines lived through young
 * collections and was copied by each), nothing is joined, nothing encoded twice. The batch pending is
 * the slab from batchStart to its pos.
 */
export class LineBatch {
  private readonly slab = new LineBytes();
  private batchStart = 0;
  private flushScheduled = false;

  constructor(
    private readonly writer: TraceFileWriter,
    private readonly lines: TraceLineWriter,
  ) {}

  /** A line as text, newline included (notes, bad frames, the footer). */
  line(text: string): void {
    // A UTF-16 unit is at most 3 UTF-8 bytes.
    if (!this.room(text.length * 3)) return this.writer.write(text);
    this.slab.pos += this.slab.buf.write(text, this.slab.pos);
    this.written();
  }

  /** A message's line, written into the slab as it is made: most of a trace. */
  message(e: TraceMessage, attributesJson: string): void {
    const violations = e.violations?.length > 0 ? JSON.stringify(e.violations) : undefined;
    if (!this.room(messageBound(e, attributesJson, violations))) return this.line(this.lines.message(e, attributesJson));
    this.lines.messageInto(e, attributesJson, violations, this.slab);
    this.written();
  }

  /**
   * message() from a message's fields, for a recorder that builds no entry (recorder.ts, messageOf):
   * the same line, byte for byte.
   */
  fields(
    seq: number, t: number, connection: string, from: string, to: string, protocol: string, message: string,
    alias: string | undefined, referenceId: number | undefined, attributesJson: string, raw: string | undefined, violations: readonly Violation[],
  ): void {
    const v = violations.length > 0 ? JSON.stringify(violations) : undefined;
    if (!this.room(fieldsBound(connection, from, to, protocol, message, alias, attributesJson, raw, v))) {
      // Longer than a slab: rare, so the entry the line is made from is built after all.
      const e = { type: 'message', seq, t, from, to, connection, protocol, message } as TraceMessage;
      if (alias !== undefined) e.alias = alias;
      if (referenceId !== undefined) e.referenceId = referenceId;
      if (raw !== undefined) e.raw = raw;
      e.violations = violations as Violation[];
      return this.line(this.lines.message(e, attributesJson));
    }
    this.lines.fieldsInto(seq, t, connection, from, to, protocol, message, alias, referenceId, attributesJson, raw, v, this.slab);
    this.written();
  }

  /** Hands the pending lines to the writer. */
  flush(): void {
    if (this.slab.pos === this.batchStart) return;
    const batch = this.slab.buf.subarray(this.batchStart, this.slab.pos);
    this.batchStart = this.slab.pos;
    this.writer.writeBytes(batch);
  }

  /** Makes room for `bytes` in the slab (a new one, the batch so far handed over); false when they would not fit in one. */
  private room(bytes: number): boolean {
    if (this.slab.pos + bytes <= this.slab.buf.length) return true;
    this.flush();
    if (bytes > SLAB_BYTES) return false;
    this.slab.buf = Buffer.allocUnsafe(SLAB_BYTES);
    this.batchStart = this.slab.pos = 0;
    return true;
  }

  private written(): void {
    if (this.slab.pos - this.batchStart >= FLUSH_THRESHOLD) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setTimeout(() => {
        this.flushScheduled = false;
        this.flush();
      }, FLUSH_INTERVAL_MS);
    }
  }
}
