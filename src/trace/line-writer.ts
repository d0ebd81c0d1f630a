import type { LineBytes } from './line-bytes.ts';
import type { TraceEntry, TraceHeader, TraceMessage } from './types.ts';

/** The format this version writes; the reader also reads flowcert-trace/1 (README, "Traces"). */
export const TRACE_FORMAT = 'flowcert-trace/2';

/** A connection's ends as last named in the file, and the start its later lines share. */
interface Ends {
  /** [from, to] of a `>` line. */
  from: string;
  to: string;
  /** The connection id as JSON. */
  c: string;
  /** `,"c":"c12","d":">"` and its `<` twin. */
  forward: string;
  back: string;
}

/**
 * Turns entries into the lines of a flowcert-trace/2 file, in order. Notes, bad frames, header and footer
 * are written as in flowcert-trace/1; a message, most of a trace, is written compact, since at wire speed
 * its fixed fields (type, from, to, connection, empty violations) outweighed a small frame:
 *
 *   {"s":8,"t":21.331,"c":"c1","d":"<","p":"InteractionManagement","m":"EventAck","r":1,"a":{}}
 *
 * s seq, t ms, c connection, p protocol, m message (canonical), w the alias spelled on the wire, r
 * referenceId, a attributes, raw the raw frame, v violations (absent: none). No `type`: a line without
 * one is a message. The two ends of a connection are named once, on its first message line
 * (`"from":"IS1","to":"Stat Server"` in place of `d`); its later lines say `"d":">"` (from → to as named
 * there) or `"d":"<"` (the other way). A message whose ends are not those its connection was named with
 * names them again, and they hold from then on. Every line depends only on lines before it, so any
 * prefix of a file (a run killed mid-write) reads as far as it goes.
 *
 * The ends are named by a message line and not by the connection-open note because the note is written
 * before an unnamed peer names itself (its first frame), and connections recorded by other means (a
 * replay, a test) have no note at all.
 */
export class TraceLineWriter {
  /** Each connection's ends as last named in the file. */
  readonly #ends = new Map<string, Ends>();

  header(header: TraceHeader): string {
    return JSON.stringify(header.format === TRACE_FORMAT ? header : { ...header, format: TRACE_FORMAT }) + '\n';
  }

  /**
   * The entry's line, newline included. `attributesJson`: a message's attributes as JSON text, when
   * the caller has them as they went on the wire: taken verbatim, not stringified again.
   */
  entry(e: TraceEntry, attributesJson?: string): string {
    return e.type === 'message' ? this.message(e, attributesJson ?? JSON.stringify(e.attributes)) : JSON.stringify(e) + '\n';
  }

  message(e: TraceMessage, attributesJson: string): string {
    const q = JSON.stringify;
    let ends = this.#ends.get(e.connection);
    let line: string;
    if (ends !== undefined && ends.from === e.from && ends.to === e.to) line = `{"s":${num(e.seq)},"t":${num(e.t)},"c":${ends.c},"d":">"`;
    else if (ends !== undefined && ends.from === e.to && ends.to === e.from) line = `{"s":${num(e.seq)},"t":${num(e.t)},"c":${ends.c},"d":"<"`;
    else {
      const c = q(e.connection);
      ends = { from: e.from, to: e.to, c, forward: `,"c":${c},"d":">"`, back: `,"c":${c},"d":"<"` };
      this.#ends.set(e.connection, ends);
      line = `{"s":${num(e.seq)},"t":${num(e.t)},"c":${ends.c},"from":${q(e.from)},"to":${q(e.to)}`;
    }
    line += `,"p":${q(e.protocol)},"m":${q(e.message)}`;
    if (e.alias !== undefined) line += `,"w":${q(e.alias)}`;
    if (e.referenceId !== undefined) line += `,"r":${num(e.referenceId)}`;
    line += `,"a":${attributesJson}`;
    if (e.raw !== undefined) line += `,"raw":${q(e.raw)}`;
    if (e.violations?.length > 0) line += `,"v":${q(e.violations)}`;
    return line + '}\n';
  }

  /**
   * message(), written as UTF-8 into `out` without building the line: the same bytes. The caller made
   * room for messageBound() bytes; `violationsJson` is the violations' JSON text when there are any.
   */
  messageInto(e: TraceMessage, attributesJson: string, violationsJson: string | undefined, out: LineBytes): void {
    this.fieldsInto(e.seq, e.t, e.connection, e.from, e.to, e.protocol, e.message, e.alias, e.referenceId, attributesJson, e.raw, violationsJson, out);
  }

  /**
   * messageInto() from the fields of a message rather than its entry: a recorder that keeps no entry
   * (recorder.ts, messageOf) writes its line without building one. One argument per field of the line,
   * in the line's order.
   */
  fieldsInto(
    seq: number, t: number, connection: string, from: string, to: string, protocol: string, message: string,
    alias: string | undefined, referenceId: number | undefined, attributesJson: string, raw: string | undefined,
    violationsJson: string | undefined, out: LineBytes,
  ): void {
    out.raw('{"s":');
    out.num(seq);
    out.raw(',"t":');
    out.num(t);
    const ends = this.#ends.get(connection);
    // A connection's later lines start alike: `,"c":"c12","d":">"`, made once, when its ends are named.
    if (ends !== undefined && ends.from === from && ends.to === to) out.raw(ends.forward);
    else if (ends !== undefined && ends.from === to && ends.to === from) out.raw(ends.back);
    else {
      const c = JSON.stringify(connection);
      this.#ends.set(connection, { from, to, c, forward: `,"c":${c},"d":">"`, back: `,"c":${c},"d":"<"` });
      out.raw(',"c":');
      out.raw(c);
      out.raw(',"from":');
      out.str(from);
      out.raw(',"to":');
      out.str(to);
    }
    out.raw(',"p":');
    out.str(protocol);
    out.raw(',"m":');
    out.str(message);
    if (alias !== undefined) {
      out.raw(',"w":');
      out.str(alias);
    }
    if (referenceId !== undefined) {
      out.raw(',"r":');
      out.num(referenceId);
    }
    out.raw(',"a":');
    out.raw(attributesJson);
    if (raw !== undefined) {
      out.raw(',"raw":');
      out.str(raw);
    }
    if (violationsJson !== undefined) {
      out.raw(',"v":');
      out.raw(violationsJson);
    }
    out.raw('}\n');
  }
}

/**
 * The most bytes messageInto() writes: a JSON string escape is at most 6 ASCII bytes per UTF-16 unit,
 * JSON text at most 3 UTF-8 bytes per unit; numbers and keys fit in the constant.
 */
export function messageBound(e: TraceMessage, attributesJson: string, violationsJson: string | undefined): number {
  return fieldsBound(e.connection, e.from, e.to, e.protocol, e.message, e.alias, attributesJson, e.raw, violationsJson);
}

/** messageBound() from the fields (fieldsInto()). */
export function fieldsBound(
  connection: string, from: string, to: string, protocol: string, message: string, alias: string | undefined,
  attributesJson: string, raw: string | undefined, violationsJson: string | undefined,
): number {
  const strings = connection.length + from.length + to.length + protocol.length + message.length + (alias?.length ?? 0) + (raw?.length ?? 0);
  return 256 + 6 * strings + 3 * (attributesJson.length + (violationsJson?.length ?? 0));
}

/** A number as JSON.stringify writes it (a non-finite one as null, which the reader refuses). */
function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}

/** Every line of an in-memory trace, as a recorder writing it would have written them. */
export function traceLines(header: TraceHeader, entries: readonly TraceEntry[], footer?: object): string[] {
  const w = new TraceLineWriter();
  const lines = [w.header(header), ...entries.map((e) => w.entry(e))];
  if (footer) lines.push(JSON.stringify(footer) + '\n');
  return lines;
}
