import { open } from 'node:fs/promises';
import { TraceLineParser } from './line-parser.ts';
import { readResult, unreadable } from './reader.ts';
import type { ReadTraceResult } from './reader.ts';
import type { TraceEntry } from './types.ts';

/**
 * streamTrace for a first look at a trace: every line but a message's is parsed and judged as
 * streamTrace judges it; a message line — nearly all of a trace — is read only as far as its seq and
 * time, from its bytes, without JSON.parse (which cost 1.5 µs a line, the most of a million-line
 * pass). Nothing else of a skimmed line is checked, so the result is true only when a full read of
 * the same file (streamTrace) finds every message line sound: the caller must read it so, and trust
 * the skim only then (check-stream.ts does, in the pass that matches it).
 *
 * A line is skimmed only when it starts as a writer writes a message — `{"type":"message","seq":S,"t":T,`
 * (flowcert-trace/1) or `{"s":S,"t":T,` (/2) — with S a plain positive integer and T a JSON number;
 * anything else, and a last line without its newline (a run killed mid-write), is parsed.
 */

const V1 = Buffer.from('{"type":"message","seq":');
const V2 = Buffer.from('{"s":');
const T = Buffer.from(',"t":');
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** Grown to the longest line when one is longer (a big raw frame). */
const CHUNK = 1 << 16;

/** Byte by byte: Buffer.compare's call cost more than the compare, line after line. */
function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  const n = prefix.length;
  if (end - at < n) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== prefix[k]) return false;
  return true;
}

/** The seq and time a message line starts with, or undefined when it does not start as one. */
function skim(buf: Buffer, at: number, end: number): { seq: number; t: number } | undefined {
  let p;
  if (startsWith(buf, at, end, V1)) p = at + V1.length;
  else if (startsWith(buf, at, end, V2)) p = at + V2.length;
  else return undefined;
  // A plain positive integer, as the writer writes a seq: read from the digits.
  let seq = 0;
  const seqStart = p;
  for (; p < end && p - seqStart < 15; p++) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9 || (d === 0 && p === seqStart)) break;
    seq = seq * 10 + d;
  }
  if (p === seqStart || !startsWith(buf, p, end, T)) return undefined;
  p += T.length;
  let tEnd = p;
  while (tEnd < end && buf[tEnd] !== COMMA) tEnd++;
  if (tEnd === end) return undefined;
  const tText = buf.toString('latin1', p, tEnd);
  if (!NUMBER.test(tText)) return undefined;
  const t = Number(tText);
  return Number.isFinite(t) ? { seq, t } : undefined;
}

/**
 * Like streamTrace: `onEntry` gets each entry parsed (kept when it returns true); `onMessage` gets the
 * time of each message line skimmed instead.
 */
export async function skimTrace(path: string, onEntry: (entry: TraceEntry) => boolean, onMessage: (t: number) => void): Promise<ReadTraceResult> {
  const kept: TraceEntry[] = [];
  const parser = new TraceLineParser(path, (e) => {
    if (onEntry(e)) kept.push(e);
  });
  let buf = Buffer.allocUnsafe(CHUNK);
  let start = 0;
  let end = 0;
  try {
    const file = await open(path, 'r');
    try {
      for (;;) {
        if (start > 0) {
          buf.copy(buf, 0, start, end);
          end -= start;
          start = 0;
        }
        if (end === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, 0, end);
          buf = bigger;
        }
        const { bytesRead } = await file.read(buf, end, buf.length - end, null);
        if (bytesRead === 0) break;
        end += bytesRead;
        const view = buf.subarray(0, end);
        for (let nl = view.indexOf(NEWLINE, start); nl >= 0; nl = view.indexOf(NEWLINE, start)) {
          const m = skim(buf, start, nl);
          if (m && parser.skipMessage(m.seq)) onMessage(m.t);
          else parser.line(buf.toString('utf8', start, nl));
          start = nl + 1;
        }
      }
    } finally {
      await file.close();
    }
  } catch (err) {
    return unreadable(path, err);
  }
  // What follows the last newline was cut mid-line (or hand-edited); nothing at all, a clean end.
  if (start < end) parser.line(buf.toString('utf8', start, end), true);
  return readResult(parser, kept, path);
}
