import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Trace, TraceEntry, TraceFooter, TraceHeader, TraceNote, TraceParticipant } from './types.ts';

export interface ReadTraceResult {
  /** Undefined iff any diagnostic is an error. */
  trace?: Trace;
  diagnostics: Diagnostic[];
}

const FORMAT = 'flowcert-trace/1';
const ENTRY_TYPES = ['message', 'bad-frame', 'note', 'footer'];
const NOTE_KINDS: readonly TraceNote['kind'][] = ['connection-open', 'connection-close', 'participant', 'timer', 'stimulus', 'error', 'info', 'lag'];
const FOOTER_STATUSES: readonly NonNullable<TraceFooter['status']>[] = ['complete', 'interrupted'];
/** A binary or foreign file would otherwise produce one diagnostic per line; nobody reads past the first screens. */
const MAX_DIAGNOSTICS = 200;

type FieldKind = 'string' | 'number' | 'integer' | 'object' | 'array';
type Shape = Record<string, { kind: FieldKind; optional?: boolean }>;

const req = (kind: FieldKind) => ({ kind });
const opt = (kind: FieldKind) => ({ kind, optional: true });

const SHAPES: Record<string, Shape> = {
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

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Number.isInteger(v)) return 'integer';
  return typeof v;
}

function fits(v: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isInteger(v);
    case 'object': return typeof v === 'object' && v !== null && !Array.isArray(v);
    case 'array': return Array.isArray(v);
  }
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/**
 * Reads a trace written by TraceRecorder. Accepts what a run that died leaves behind (no footer, a
 * truncated last line); reports every other problem with its line, and never throws.
 */
export function parseTrace(text: string, source = '<trace>'): ReadTraceResult {
  const diagnostics: Diagnostic[] = [];
  let suppressed = 0;
  const report = (line: number, code: string, message: string, expected?: string, hint?: string, severity: 'error' | 'warning' = 'error') => {
    if (diagnostics.length >= MAX_DIAGNOSTICS) {
      suppressed++;
      return;
    }
    const d: Diagnostic = { code, severity, message, location: { file: source, line, col: 1 } };
    if (expected) d.expected = expected;
    if (hint) d.hint = hint;
    diagnostics.push(d);
  };

  const lines = text.split('\n');
  // A file ending in a newline has an empty last segment; one that does not was cut mid-line (or hand-edited).
  const endsClean = lines[lines.length - 1] === '';
  if (endsClean) lines.pop();

  let header: TraceHeader | undefined;
  let footer: TraceFooter | undefined;
  let footerLine = 0;
  let lastSeq = 0;
  let sawFirst = false;
  const entries: TraceEntry[] = [];

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const isLast = i === lines.length - 1;
    const first = !sawFirst;
    sawFirst = true;

    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (err) {
      if (isLast && !endsClean && !first) {
        report(lineNo, 'TRACE_TRUNCATED_LINE', 'the last line is cut off (the run was probably killed while writing it); it is ignored',
          undefined, undefined, 'warning');
        continue;
      }
      report(lineNo, 'TRACE_BAD_JSON', `line is not JSON (${(err as Error).message}): ${clip(raw)}`,
        'one JSON object per line (ndjson), as flowcert writes traces',
        'was the file edited by hand or written by another tool? Traces come from flowcert runs (reports/traces/)');
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      report(lineNo, 'TRACE_BAD_LINE', `line is JSON but not an object: ${clip(raw)}`, 'a JSON object with a "type" field');
      continue;
    }
    const obj = value as Record<string, unknown>;
    const type = obj.type;

    if (type === 'header') {
      if (!first) {
        report(lineNo, 'TRACE_SECOND_HEADER', 'a second header line: two traces were concatenated', 'one header, on the first line',
          'split the file at this line and check each part');
        continue;
      }
      if (obj.format !== FORMAT) {
        report(lineNo, 'TRACE_UNSUPPORTED_FORMAT', `unsupported trace format ${JSON.stringify(obj.format)}`, `format "${FORMAT}"`,
          'the trace was written by another version of flowcert; check it with that version');
        continue;
      }
      if (!checkShape(obj, 'header', lineNo, report)) continue;
      const participants = checkParticipants(obj.participants as unknown[], lineNo, report);
      header = { ...(obj as unknown as TraceHeader), participants };
      continue;
    }
    if (first) {
      report(lineNo, 'TRACE_NO_HEADER', 'the first line is not a trace header',
        `{"type":"header","format":"${FORMAT}",...}`, 'is this a flowcert trace? Traces are the .ndjson files a run writes under reports/traces/');
      // Go on: the other lines' problems are worth reporting in the same pass.
    }
    if (typeof type !== 'string' || !ENTRY_TYPES.includes(type)) {
      const hint = typeof type === 'string' ? didYouMean(type, ENTRY_TYPES) : undefined;
      report(lineNo, 'TRACE_UNKNOWN_TYPE', typeof type === 'string' ? `unknown line type "${type}"` : 'line has no "type" field',
        `"type" one of ${ENTRY_TYPES.join(', ')}`, hint);
      continue;
    }
    if (footer) {
      report(lineNo, 'TRACE_AFTER_FOOTER', `a ${type} line after the footer (line ${footerLine})`, 'nothing after the footer',
        'two runs wrote to the same file? give each run its own trace file');
      continue;
    }
    if (!checkShape(obj, type, lineNo, report)) continue;
    if (type === 'footer') {
      const status = obj.status as string | undefined;
      if (status !== undefined && !(FOOTER_STATUSES as readonly string[]).includes(status)) {
        report(lineNo, 'TRACE_BAD_ENTRY', `unknown footer status "${status}"`, `status one of ${FOOTER_STATUSES.join(', ')}, or none (complete)`,
          didYouMean(status, FOOTER_STATUSES));
        continue;
      }
      footer = obj as unknown as TraceFooter;
      footerLine = lineNo;
      continue;
    }
    const entry = obj as unknown as TraceEntry;
    if (entry.seq <= lastSeq) {
      report(lineNo, 'TRACE_SEQ_ORDER', `seq ${entry.seq} does not follow seq ${lastSeq}`, `seq greater than ${lastSeq}`,
        'entries must be in recording order; was the file sorted or merged?');
      continue;
    }
    lastSeq = entry.seq;
    if (entry.type === 'note') {
      if (!NOTE_KINDS.includes(entry.kind)) {
        report(lineNo, 'TRACE_BAD_ENTRY', `unknown note kind "${entry.kind}"`, `kind one of ${NOTE_KINDS.join(', ')}`,
          didYouMean(entry.kind, NOTE_KINDS));
        continue;
      }
      if (entry.kind === 'participant' && header) {
        const [p] = checkParticipants([entry.data], lineNo, report, 'participant note data');
        if (!p) continue;
        if (!header.participants.some((q) => q.name === p.name)) header.participants.push(p);
      }
    }
    entries.push(entry);
  }

  if (lines.every((l) => l.trim() === '')) {
    report(1, 'TRACE_EMPTY', 'the trace file is empty', `a header line {"type":"header","format":"${FORMAT}",...}`,
      'the run that should have written it did not start recording');
  }
  if (footer && footer.entries !== lastSeq) {
    report(footerLine, 'TRACE_FOOTER_COUNT', `the footer counts ${footer.entries} entries but the last seq is ${lastSeq}`,
      undefined, 'entries were lost or the file was edited', 'warning');
  }
  if (suppressed > 0) {
    diagnostics.push({ code: 'TRACE_TOO_MANY_PROBLEMS', severity: 'error', message: `${suppressed} more problems not shown`,
      location: { file: source, line: 1, col: 1 }, hint: 'is this a flowcert trace at all?' });
  }

  const failed = diagnostics.some((d) => d.severity === 'error');
  if (failed || !header) return { diagnostics };
  const trace: Trace = { header, entries, source };
  if (footer) trace.footer = footer;
  return { trace, diagnostics };
}

type Report = (line: number, code: string, message: string, expected?: string, hint?: string) => void;

function checkShape(obj: Record<string, unknown>, type: string, line: number, report: Report): boolean {
  const shape = SHAPES[type];
  const problems: string[] = [];
  for (const [field, { kind, optional }] of Object.entries(shape)) {
    const v = obj[field];
    if (v === undefined) {
      if (!optional) problems.push(`no "${field}"`);
    } else if (!fits(v, kind)) {
      problems.push(`"${field}" is ${kindOf(v)}, not ${kind}`);
    }
  }
  if (problems.length === 0) return true;
  const fields = Object.entries(shape).map(([f, s]) => `${f}${s.optional ? '?' : ''}: ${s.kind}`).join(', ');
  report(line, 'TRACE_BAD_ENTRY', `${type} line: ${problems.join(', ')}`, `a ${type} line with ${fields}`);
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

/** parseTrace on a file; a missing or unreadable file is a diagnostic, not an exception. */
export async function readTrace(path: string): Promise<ReadTraceResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      return { diagnostics: [{ code: 'TRACE_NO_SUCH_FILE', severity: 'error', message: `no such trace file: ${path}`,
        hint: 'traces are written under reports/traces/ by `flowcert run`' }] };
    }
    const why = e.code === 'EISDIR' ? 'it is a directory' : e.message;
    return { diagnostics: [{ code: 'TRACE_UNREADABLE', severity: 'error', message: `cannot read trace file ${path}: ${why}` }] };
  }
  return parseTrace(text, path);
}
