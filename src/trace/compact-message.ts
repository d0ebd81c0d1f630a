import { describeShape, opt, req, shapeProblems } from './line-shape.ts';
import type { Shape } from './line-shape.ts';
import type { TraceMessage } from './types.ts';

/** A flowcert-trace/2 message line (line-writer.ts says what each key is). */
export const COMPACT_SHAPE: Shape = {
  s: req('integer'), t: req('number'), c: req('string'), from: opt('string'), to: opt('string'), d: opt('string'),
  p: req('string'), m: req('string'), w: opt('string'), r: opt('number'), a: req('object'), raw: opt('string'), v: opt('array'),
};

export const COMPACT_MESSAGE_EXPECTED = `a message line with ${describeShape(COMPACT_SHAPE)}; "from" and "to" where the connection's ends are named, else "d": ">" or "<"`;

/**
 * Reads the message lines of a flowcert-trace/2 file, in file order, back into the entries the recorder
 * kept: the same keys, in the same order, as a flowcert-trace/1 line gives. Knows each connection's
 * ends as the lines so far named them, so a `d` is read as the writer meant it.
 */
export class CompactMessageReader {
  readonly #ends = new Map<string, { from: string; to: string }>();

  /** A connection's ends as the lines so far named them (one object until a line names them again). */
  endsOf(connection: string): { from: string; to: string } | undefined {
    return this.#ends.get(connection);
  }

  /**
   * A connection's ends as another reader of the same file knows them (endsOf): a reader given only some
   * of the lines (a check's matcher thread, check-thread-pass.ts) reads the others' directions so.
   */
  learnEnds(connection: string, from: string, to: string): { from: string; to: string } {
    const ends = { from, to };
    this.#ends.set(connection, ends);
    return ends;
  }

  /** The message, or what is wrong with the line. */
  read(o: Record<string, unknown>): TraceMessage | readonly string[] {
    if (!isSoundCompact(o)) {
      const problems = shapeProblems(o, COMPACT_SHAPE);
      if (problems.length > 0) return problems;
    }
    const connection = o.c as string;
    let from: string;
    let to: string;
    if (o.d === undefined) {
      if (o.from === undefined || o.to === undefined) return [`neither "d" nor both "from" and "to"`];
      from = o.from as string;
      to = o.to as string;
      this.#ends.set(connection, { from, to });
    } else {
      if (o.from !== undefined || o.to !== undefined) return [`"d" beside "from"/"to"`];
      if (o.d !== '>' && o.d !== '<') return [`"d" is ${JSON.stringify(o.d)}, not ">" or "<"`];
      const ends = this.#ends.get(connection);
      if (ends === undefined) return [`"d" on connection ${connection}, whose ends no earlier line named`];
      [from, to] = o.d === '>' ? [ends.from, ends.to] : [ends.to, ends.from];
    }
    return compactEntry(o, from, to);
  }
}

function compactEntry(o: Record<string, unknown>, from: string, to: string): TraceMessage {
  // Key by key, in the order a recorder builds an entry (recorder.ts), so both formats read the same.
  const m = { type: 'message', seq: o.s, t: o.t, from, to, connection: o.c, protocol: o.p, message: o.m } as TraceMessage;
  if (o.w !== undefined) m.alias = o.w as string;
  if (o.r !== undefined) m.referenceId = o.r as number;
  m.attributes = o.a as Record<string, unknown>;
  if (o.raw !== undefined) m.raw = o.raw as string;
  m.violations = (o.v ?? []) as TraceMessage['violations'];
  return m;
}

/**
 * COMPACT_SHAPE, field by field as shapeProblems judges it, written out: most of a trace is these lines,
 * and the general loop (a keyed read per field) cost about a tenth of a million-line check.
 */
export function isSoundCompact(o: Record<string, unknown>): boolean {
  return Number.isInteger(o.s) && typeof o.t === 'number' && Number.isFinite(o.t) && typeof o.c === 'string'
    && (o.from === undefined || typeof o.from === 'string') && (o.to === undefined || typeof o.to === 'string') && (o.d === undefined || typeof o.d === 'string')
    && typeof o.p === 'string' && typeof o.m === 'string' && (o.w === undefined || typeof o.w === 'string')
    && (o.r === undefined || (typeof o.r === 'number' && Number.isFinite(o.r)))
    && typeof o.a === 'object' && o.a !== null && !Array.isArray(o.a)
    && (o.raw === undefined || typeof o.raw === 'string') && (o.v === undefined || Array.isArray(o.v));
}
