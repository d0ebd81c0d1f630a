import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Diagnostic } from '../diagnostic/diagnostic.ts';
import { TraceLineParser } from './line-parser.ts';
import type { Trace, TraceEntry } from './types.ts';

export interface ReadTraceResult {
  /** Undefined iff any diagnostic is an error. */
  trace?: Trace;
  diagnostics: Diagnostic[];
}

/**
 * Reads a trace written by TraceRecorder (line-parser.ts says what it accepts and reports), the whole
 * text at once.
 */
export function parseTrace(text: string, source = '<trace>'): ReadTraceResult {
  const entries: TraceEntry[] = [];
  const parser = new TraceLineParser(source, (e) => entries.push(e));
  const lines = text.split('\n');
  // A file ending in a newline has an empty last segment; one that does not was cut mid-line (or hand-edited).
  const endsClean = lines[lines.length - 1] === '';
  if (endsClean) lines.pop();
  for (let i = 0; i < lines.length; i++) parser.line(lines[i], !endsClean && i === lines.length - 1);
  return readResult(parser, entries, source);
}

export function readResult(parser: TraceLineParser, entries: TraceEntry[], source: string): ReadTraceResult {
  if (!parser.end() || !parser.header) return { diagnostics: parser.diagnostics };
  const trace: Trace = { header: parser.header, entries, source };
  if (parser.footer) trace.footer = parser.footer;
  return { trace, diagnostics: parser.diagnostics };
}

export function unreadable(path: string, err: unknown): ReadTraceResult {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') {
    return { diagnostics: [{ code: 'TRACE_NO_SUCH_FILE', severity: 'error', message: `no such trace file: ${path}`,
      hint: 'traces are written under reports/traces/ by `flowcert run`' }] };
  }
  const why = e.code === 'EISDIR' ? 'it is a directory' : e.message;
  return { diagnostics: [{ code: 'TRACE_UNREADABLE', severity: 'error', message: `cannot read trace file ${path}: ${why}` }] };
}

/** parseTrace on a file; a missing or unreadable file is a diagnostic, not an exception. */
export async function readTrace(path: string): Promise<ReadTraceResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return unreadable(path, err);
  }
  return parseTrace(text, path);
}

/** Bytes decoded into one string at a time (see streamTrace). */
const DECODE = 1 << 16;

/**
 * readTrace without holding the file: each entry goes to `onEntry` as its line is read, and the trace
 * returned holds only what `onEntry` returns true for (in order). Memory is the caller's choice — the
 * diagnostics, header and footer are readTrace's, by the same parser. `onEntry` also receives the
 * entries of a trace that turns out to have errors; the result says so.
 */
export async function streamTrace(path: string, onEntry: (entry: TraceEntry) => boolean): Promise<ReadTraceResult> {
  const kept: TraceEntry[] = [];
  const parser = new TraceLineParser(path, (e) => {
    if (onEntry(e)) kept.push(e);
  });
  const failed = await readLines(path, (text, cutLast) => parser.line(text, cutLast));
  return failed === undefined ? readResult(parser, kept, path) : unreadable(path, failed);
}

/**
 * A file's lines, each without its newline, to `line` in order (`cutLast`: the last line, which no
 * newline ends); `between`, when given, after each megabyte read, awaited before the next (a reader
 * that must not run ahead of its consumer). Undefined, or what made the file unreadable.
 */
export async function readLines(path: string, line: (text: string, cutLast: boolean) => void, between?: () => Promise<void> | undefined): Promise<unknown> {
  let rest = '';
  const lines = (text: string): void => {
    let nl = text.indexOf('\n');
    let from = 0;
    // Only the line across the chunks' edge is joined: joining the whole chunk to it made V8 copy the
    // chunk again to search it, 255 MB more to allocate and collect for a 255 MB trace.
    if (rest !== '') {
      if (nl < 0) {
        rest += text;
        return;
      }
      line(rest + text.slice(0, nl), false);
      from = nl + 1;
      nl = text.indexOf('\n', from);
    }
    for (; nl >= 0; nl = text.indexOf('\n', from)) {
      line(text.slice(from, nl), false);
      from = nl + 1;
    }
    rest = text.slice(from);
  };
  try {
    // Read 1 MiB at a time (a Buffer, outside the JS heap: 64 KiB reads left the thread idle between
    // them), decoded 64 KiB at a time: strings of 64 KiB die young; 1 MiB ones went to V8's
    // large-object space, which only a full collection frees, and added 15-20 MB to the peak heap of a
    // 1,000,000-message check. The decoder carries a character cut by an edge over to the next chunk.
    const decoder = new StringDecoder('utf8');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      for (let at = 0; at < bytes.length; at += DECODE) {
        lines(decoder.write(bytes.subarray(at, Math.min(at + DECODE, bytes.length))));
      }
      const wait = between?.();
      if (wait) await wait;
    }
    lines(decoder.end());
  } catch (err) {
    return err;
  }
  // What follows the last newline was cut mid-line (or hand-edited); nothing at all, a clean end.
  if (rest !== '') line(rest, true);
  return undefined;
}
