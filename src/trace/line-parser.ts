import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import { COMPACT_MESSAGE_EXPECTED, CompactMessageReader } from './compact-message.ts';
import { compactObject } from './compact-line.ts';
import type { CompactPrefix } from './compact-line.ts';
import { TRACE_FORMAT } from './line-writer.ts';
import { describeShape, opt, req, shapeProblems } from './line-shape.ts';
import type { Shape } from './line-shape.ts';
import type { TraceEntry, TraceFooter, TraceHeader, TraceMessage, TraceNote, TraceParticipant } from './types.ts';

/**
 * The trace reader's judgement of one ndjson line at a time, so that a whole file (parseTrace) and a
 * stream of its lines (streamTrace) are read by the same code and say the same things. Accepts what a
 * run that died leaves behind (no footer, a truncated last line); reports every other problem with its
 * line, and never throws. Each entry it accepts goes to `onEntry`, in order; the header (with the
 * participants later `participant` notes announce) and the footer stay here. Reads flowcert-trace/1 and
 * /2 (whose compact message lines compact-message.ts reads) into the same entries.
 */
const FORMATS: readonly string[] = ['flowcert-trace/1', TRACE_FORMAT];
const ENTRY_TYPES = ['message', 'bad-frame', 'note', 'footer'];
const NOTE_KINDS: readonly TraceNote['kind'][] = ['connection-open', 'connection-close', 'participant', 'timer', 'stimulus', 'error', 'info', 'lag'];
const FOOTER_STATUSES: readonly NonNullable<TraceFooter['status']>[] = ['complete', 'interrupted'];
/** A binary or foreign file would otherwise produce one diagnostic per line; nobody reads past the first screens. */
const MAX_DIAGNOSTICS = 200;

export const SHAPES: Record<string, Shape> = {
  header: { format: req('string'), flowcertVersion: req('string'), startedAt: req('string'), participants: req('array'), meta: opt('object') },
  message: {
    seq: req('integer'), t: req('number'), from: req('string'), to: req('string'), connection: req('string'),
    protocol: req('string'), message: req('string'), alias: opt('string'), referenceId: opt('number'),
    attributes: req('object'), raw: opt('string'), violations: req('array'),
  },
  'bad-frame': {
    seq: req('integer'), t: req('number'), from: req('string'), to: req('string'), connection: req('string'),
    raw: req('string'), size: req('number'), violations: req('array'),
  },
  note: {
    seq: req('integer'), t: req('number'), kind: req('string'), participant: opt('string'), connection: opt('string'),
    text: req('string'), data: opt('object'),
  },
  footer: { t: req('number'), entries: req('integer'), status: opt('string') },
};

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

export class TraceLineParser {
  readonly diagnostics: Diagnostic[] = [];
  header: TraceHeader | undefined;
  footer: TraceFooter | undefined;
  #suppressed = 0;
  #footerLine = 0;
  #lastSeq = 0;
  #sawFirst = false;
  #lines = 0;
  #blankOnly = true;
  /** The header's participants' names, those notes added included: a 10,000-agent trace announces each. */
  #participantNames = new Set<string>();
  /** Set by a flowcert-trace/2 header: reads its compact message lines. */
  #compact: CompactMessageReader | undefined;
  readonly #source: string;
  readonly #onEntry: (entry: TraceEntry) => void;

  constructor(source: string, onEntry: (entry: TraceEntry) => void) {
    this.#source = source;
    this.#onEntry = onEntry;
  }

  #report: Report = (line, code, message, expected, hint, severity = 'error') => {
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) {
      this.#suppressed++;
      return;
    }
    const d: Diagnostic = { code, severity, message, location: { file: this.#source, line, col: 1 } };
    if (expected) d.expected = expected;
    if (hint) d.hint = hint;
    this.diagnostics.push(d);
  };

  /**
   * The next line (without its newline). `cutLast`: this is the file's last line and no newline ends
   * it — a run killed while writing it. `prefix`: its fixed fields, as scanCompactPrefix read them.
   */
  line(text: string, cutLast = false, prefix?: CompactPrefix): void {
    const lineNo = ++this.#lines;
    const report = this.#report;
    const raw = text.endsWith('\r') ? text.slice(0, -1) : text;
    // JSON lines start with '{': only a line starting with white space can be blank.
    if (raw.length === 0 || (raw.charCodeAt(0) <= 32 && raw.trim() === '')) return;
    this.#blankOnly = false;
    const first = !this.#sawFirst;
    this.#sawFirst = true;

    // A line whose fixed fields the caller read already (compact-line.ts): only the rest is parsed.
    let value: unknown;
    if (prefix !== undefined && this.#compact !== undefined) value = compactObject(raw, prefix);
    if (value === undefined) try {
      value = JSON.parse(raw);
    } catch (err) {
      if (cutLast && !first) {
        report(lineNo, 'TRACE_TRUNCATED_LINE', 'the last line is cut off (the run was probably killed while writing it); it is ignored',
          undefined, undefined, 'warning');
        return;
      }
      report(lineNo, 'TRACE_BAD_JSON', `line is not JSON (${(err as Error).message}): ${clip(raw)}`,
        'one JSON object per line (ndjson), as flowcert writes traces',
        'was the file edited by hand or written by another tool? Traces come from flowcert runs (reports/traces/)');
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(lineNo, 'TRACE_BAD_LINE', `line is JSON but not an object: ${clip(raw)}`, 'a JSON object with a "type" field');
      return;
    }
    const obj = value as Record<string, unknown>;
    const type = obj.type;

    if (type === 'header') {
      if (!first) {
        report(lineNo, 'TRACE_SECOND_HEADER', 'a second header line: two traces were concatenated', 'one header, on the first line',
          'split the file at this line and check each part');
        return;
      }
      if (typeof obj.format !== 'string' || !FORMATS.includes(obj.format)) {
        report(lineNo, 'TRACE_UNSUPPORTED_FORMAT', `unsupported trace format ${JSON.stringify(obj.format)}`, `format ${FORMATS.map((f) => `"${f}"`).join(' or ')}`,
          'the trace was written by another version of flowcert; check it with that version');
        return;
      }
      if (obj.format !== FORMATS[0]) this.#compact = new CompactMessageReader();
      if (!checkShape(obj, 'header', lineNo, report)) return;
      const participants = checkParticipants(obj.participants as unknown[], lineNo, report);
      this.header = { ...(obj as unknown as TraceHeader), participants };
      this.#participantNames = new Set(participants.map((p) => p.name));
      return;
    }
    if (first) {
      report(lineNo, 'TRACE_NO_HEADER', 'the first line is not a trace header',
        `{"type":"header","format":"${TRACE_FORMAT}",...}`, 'is this a flowcert trace? Traces are the .ndjson files a run writes under reports/traces/');
      // Go on: the other lines' problems are worth reporting in the same pass.
    }
    // flowcert-trace/2 writes messages without a type (line-writer.ts).
    if (type === undefined && this.#compact) return this.#compactMessage(obj, lineNo);
    if (typeof type !== 'string' || !ENTRY_TYPES.includes(type)) {
      const hint = typeof type === 'string' ? didYouMean(type, ENTRY_TYPES) : undefined;
      report(lineNo, 'TRACE_UNKNOWN_TYPE', typeof type === 'string' ? `unknown line type "${type}"` : 'line has no "type" field',
        `"type" one of ${ENTRY_TYPES.join(', ')}`, hint);
      return;
    }
    if (this.footer) {
      report(lineNo, 'TRACE_AFTER_FOOTER', `a ${type} line after the footer (line ${this.#footerLine})`, 'nothing after the footer',
        'two runs wrote to the same file? give each run its own trace file');
      return;
    }
    if (!checkShape(obj, type, lineNo, report)) return;
    if (type === 'footer') {
      const status = obj.status as string | undefined;
      if (status !== undefined && !(FOOTER_STATUSES as readonly string[]).includes(status)) {
        report(lineNo, 'TRACE_BAD_ENTRY', `unknown footer status "${status}"`, `status one of ${FOOTER_STATUSES.join(', ')}, or none (complete)`,
          didYouMean(status, FOOTER_STATUSES));
        return;
      }
      this.footer = obj as unknown as TraceFooter;
      this.#footerLine = lineNo;
      return;
    }
    this.#accept(obj as unknown as TraceEntry, lineNo);
  }

  /**
   * A message line read only as far as its seq (skim.ts), not validated: counted as the line it is, and
   * its seq taken, when nothing about its place in the file would be reported — else false, and the
   * caller gives the line to line() to judge. Whatever else may be wrong with it is for a later full read.
   */
  skipMessage(seq: number): boolean {
    if (!this.#sawFirst || this.footer || seq <= this.#lastSeq) return false;
    this.#lines++;
    this.#lastSeq = seq;
    return true;
  }

  /**
   * A compact message line taken as the message it is without reading past its fixed fields (a check's
   * second thread leaves the rest to the other, check-thread-reader.ts): counted, its seq and the
   * connection ends it names taken, as line() would — when nothing about its place in the file would be
   * reported, and its direction reads with the ends known. Returns its sender; undefined when it cannot be
   * taken so (give it to line()). What the rest of the line holds is for its other reader to judge: one
   * line() would not accept must not be taken so.
   */
  passMessage(prefix: CompactPrefix): string | undefined {
    const compact = this.#compact;
    if (compact === undefined || !this.#sawFirst || this.footer || prefix.s <= this.#lastSeq) return undefined;
    // What the line's shape check would refuse (1e400 is JSON, and Infinity).
    if (!Number.isFinite(prefix.t) || (prefix.r !== undefined && !Number.isFinite(prefix.r))) return undefined;
    let from: string;
    if (prefix.d === undefined) from = compact.learnEnds(prefix.c, prefix.from!, prefix.to!).from;
    else {
      const named = compact.endsOf(prefix.c);
      if (named === undefined) return undefined;
      from = prefix.d === '>' ? named.from : named.to;
    }
    this.#lines++;
    this.#lastSeq = prefix.s;
    return from;
  }

  /** A connection's ends as the flowcert-trace/2 lines so far named them (CompactMessageReader.endsOf). */
  endsOf(connection: string): { from: string; to: string } | undefined {
    return this.#compact?.endsOf(connection);
  }

  #compactMessage(obj: Record<string, unknown>, lineNo: number): void {
    if (this.footer) {
      this.#report(lineNo, 'TRACE_AFTER_FOOTER', `a message line after the footer (line ${this.#footerLine})`, 'nothing after the footer',
        'two runs wrote to the same file? give each run its own trace file');
      return;
    }
    const m = this.#compact!.read(obj);
    if (Array.isArray(m)) this.#report(lineNo, 'TRACE_BAD_ENTRY', `message line: ${m.join(', ')}`, COMPACT_MESSAGE_EXPECTED);
    else this.#accept(m as TraceMessage, lineNo);
  }

  #accept(entry: TraceEntry, lineNo: number): void {
    const report = this.#report;
    if (entry.seq <= this.#lastSeq) {
      report(lineNo, 'TRACE_SEQ_ORDER', `seq ${entry.seq} does not follow seq ${this.#lastSeq}`, `seq greater than ${this.#lastSeq}`,
        'entries must be in recording order; was the file sorted or merged?');
      return;
    }
    this.#lastSeq = entry.seq;
    if (entry.type === 'note') {
      if (!NOTE_KINDS.includes(entry.kind)) {
        report(lineNo, 'TRACE_BAD_ENTRY', `unknown note kind "${entry.kind}"`, `kind one of ${NOTE_KINDS.join(', ')}`,
          didYouMean(entry.kind, NOTE_KINDS));
        return;
      }
      if (entry.kind === 'participant' && this.header) {
        const [p] = checkParticipants([entry.data], lineNo, report, 'participant note data');
        if (!p) return;
        if (!this.#participantNames.has(p.name)) {
          this.#participantNames.add(p.name);
          this.header.participants.push(p);
        }
      }
    }
    this.#onEntry(entry);
  }

  /** After the last line: the whole file's problems. True when no diagnostic is an error and a header was read. */
  end(): boolean {
    if (this.#blankOnly) {
      this.#report(1, 'TRACE_EMPTY', 'the trace file is empty', `a header line {"type":"header","format":"${TRACE_FORMAT}",...}`,
        'the run that should have written it did not start recording');
    }
    if (this.footer && this.footer.entries !== this.#lastSeq) {
      this.#report(this.#footerLine, 'TRACE_FOOTER_COUNT', `the footer counts ${this.footer.entries} entries but the last seq is ${this.#lastSeq}`,
        undefined, 'entries were lost or the file was edited', 'warning');
    }
    if (this.#suppressed > 0) {
      this.diagnostics.push({ code: 'TRACE_TOO_MANY_PROBLEMS', severity: 'error', message: `${this.#suppressed} more problems not shown`,
        location: { file: this.#source, line: 1, col: 1 }, hint: 'is this a flowcert trace at all?' });
    }
    return !this.diagnostics.some((d) => d.severity === 'error') && this.header !== undefined;
  }
}

type Report = (line: number, code: string, message: string, expected?: string, hint?: string, severity?: 'error' | 'warning') => void;

/**
 * SHAPES.message, field by field as shapeProblems judges it, written out: a million-line trace checks
 * it once a line, and the general loop (a keyed read per field) cost a fifth of a JSON.parse.
 */
export function isSoundMessage(o: Record<string, unknown>): boolean {
  return Number.isInteger(o.seq) && typeof o.t === 'number' && Number.isFinite(o.t) && typeof o.from === 'string' && typeof o.to === 'string'
    && typeof o.connection === 'string' && typeof o.protocol === 'string' && typeof o.message === 'string'
    && (o.alias === undefined || typeof o.alias === 'string') && (o.referenceId === undefined || (typeof o.referenceId === 'number' && Number.isFinite(o.referenceId)))
    && typeof o.attributes === 'object' && o.attributes !== null && !Array.isArray(o.attributes)
    && (o.raw === undefined || typeof o.raw === 'string') && Array.isArray(o.violations);
}

/** The line's shape per SHAPES, reported when wrong. */
function checkShape(obj: Record<string, unknown>, type: string, line: number, report: Report): boolean {
  if (type === 'message' && isSoundMessage(obj)) return true;
  const shape = SHAPES[type];
  const problems = shapeProblems(obj, shape);
  if (problems.length === 0) return true;
  report(line, 'TRACE_BAD_ENTRY', `${type} line: ${problems.join(', ')}`, `a ${type} line with ${describeShape(shape)}`);
  return false;
}

function checkParticipants(list: unknown[], line: number, report: Report, what = 'header participant'): TraceParticipant[] {
  const out: TraceParticipant[] = [];
  for (const p of list) {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
    if (typeof o.name !== 'string' || typeof o.role !== 'string' || !optionalString(o.binding) || !optionalString(o.adapter)) {
      report(line, 'TRACE_BAD_PARTICIPANT', `${what} is not {name, role, binding?, adapter?}: ${clip(JSON.stringify(p) ?? String(p))}`,
        '{"name": string, "role": string, "binding"?: "reference" | "sut" | "unbound", "adapter"?: string}');
      continue;
    }
    out.push(o as unknown as TraceParticipant);
  }
  return out;
}

