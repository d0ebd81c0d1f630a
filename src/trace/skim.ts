import { open } from 'node:fs/promises';
import { TraceLineParser } from './line-parser.ts';
import { readResult, unreadable } from './reader.ts';
import type { ReadTraceResult } from './reader.ts';
import type { TraceEntry } from './types.ts';

/**
 * streamTrace for a first look at a trace: every line but a message's is parsed and judged as
 * streamTrace judges it; a message line — nearly all of a trace — is read only as far as its seq (the
 * last of a run of them also to its time), from its bytes, without JSON.parse (which cost 1.5 µs a
 * line, the most of a million-line pass). Nothing else of a skimmed line is checked, so the result is
 * true only when a full read of the same file (streamTrace) finds every message line sound: the caller
 * must read it so, and trust the skim only then (check-stream.ts does, in the pass that matches it).
 *
 * A line is skimmed only when it starts as a writer writes a message — `{"type":"message","seq":S,"t":`
 * (flowcert-trace/1) or `{"s":S,"t":` (/2) — with S a plain positive integer, and a comma ends the time;
 * anything else, and a last line without its newline (a run killed mid-write), is parsed.
 */

const V1 = Buffer.from('{"type":"message","seq":');
const V2 = Buffer.from('{"s":');
const T = Buffer.from(',"t":');
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/**
 * Bytes read at a time; grown to the longest line when one is longer (a big raw frame). A Buffer lives
 * outside the JS heap, so a big one costs no heap; 64 KiB reads left the thread idle between reads, a
 * round trip to the file system's thread per 64 KiB.
 */
const CHUNK = 1 << 20;

/** Byte by byte: Buffer.compare's call cost more than the compare, line after line. */
function startsWith(buf: Buffer, at: number, end: number, prefix: Buffer): boolean {
  const n = prefix.length;
  if (end - at < n) return false;
  for (let k = 0; k < n; k++) if (buf[at + k] !== prefix[k]) return false;
  return true;
}

/** Where a skimmed line's time is written: set by skim(). */
const at = { tFrom: 0, tTo: 0 };

/**
 * The seq a message line starts with (and, in `at`, where its time is), or -1 when it does not start
 * as one. The time is not read: only the last of a run of message lines is (flush), for lastT.
 */
function skim(buf: Buffer, from: number, end: number): number {
  let p;
  if (startsWith(buf, from, end, V1)) p = from + V1.length;
  else if (startsWith(buf, from, end, V2)) p = from + V2.length;
  else return -1;
  // A plain positive integer, as the writer writes a seq: read from the digits.
  let seq = 0;
  const seqStart = p;
  for (; p < end && p - seqStart < 15; p++) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9 || (d === 0 && p === seqStart)) break;
    seq = seq * 10 + d;
  }
  if (p === seqStart || !startsWith(buf, p, end, T)) return -1;
  p += T.length;
  let tEnd = p;
  while (tEnd < end && buf[tEnd] !== COMMA) tEnd++;
  if (tEnd === end) return -1;
  at.tFrom = p;
  at.tTo = tEnd;
  return seq;
}

/** A JSON number's text as a number; NaN when it is not one (the full read then finds the line unsound). */
function timeOf(text: string): number {
  return NUMBER.test(text) ? Number(text) : NaN;
}

/**
 * Like streamTrace: `onEntry` gets each entry parsed (kept when it returns true); `onMessages` gets each
 * run of message lines skimmed instead: how many, and the last one's time.
 */
export async function skimTrace(path: string, onEntry: (entry: TraceEntry) => boolean, onMessages: (n: number, lastT: number) => void): Promise<ReadTraceResult> {
  const kept: TraceEntry[] = [];
  const parser = new TraceLineParser(path, (e) => {
    if (onEntry(e)) kept.push(e);
  });
  let buf = Buffer.allocUnsafe(CHUNK);
  let start = 0;
  let end = 0;
  let run = 0;
  let tFrom = 0;
  let tTo = 0;
  const flush = (): void => {
    if (run > 0) onMessages(run, timeOf(buf.toString('latin1', tFrom, tTo)));
    run = 0;
  };
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
          const seq = skim(buf, start, nl);
          if (seq > 0 && parser.skipMessage(seq)) {
            run++;
            tFrom = at.tFrom;
            tTo = at.tTo;
          } else {
            flush();
            parser.line(buf.toString('utf8', start, nl));
          }
          start = nl + 1;
        }
        // Before the buffer moves under the last time's place.
        flush();
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
