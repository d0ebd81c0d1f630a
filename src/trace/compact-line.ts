/**
 * A flowcert-trace/2 message line read without JSON.parse of its whole text: the fixed fields the writer
 * puts before the attributes (line-writer.ts) read by one regular expression, and only what follows
 * them — attributes, raw frame, violations — given to JSON.parse. The fixed fields alone cost about a
 * third of a JSON.parse of the line (0.35 µs against 0.95 on the lines readLines cuts from a million-line
 * trace), which is what a check's second thread pays for most lines (check-thread-reader.ts); the whole
 * line read so costs about what JSON.parse does, and is done only where the fixed fields were read anyway.
 *
 * Read so, a line gives exactly what JSON.parse gives it, or nothing (the caller then parses it whole):
 * - the prefix is matched only as the writer writes it — keys in its order, each once, strings without
 *   escapes or control characters (their text is then their value), numbers in JSON's grammar (Number()
 *   of such text is JSON.parse's number);
 * - the rest is parsed as the object `{"a":…}` it ends as, and taken only when its keys are among a, raw
 *   and v: a key of the prefix written again there, which JSON.parse would let win, sends the line to
 *   JSON.parse.
 */

const NUMBER = '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
const STRING = '"([^"\\\\\\u0000-\\u001f]*)"';
/**
 * Up to and including `"a":{`; the seq a plain positive integer, as the writer writes it. One regular
 * expression: a scan character by character (charCodeAt, startsWith) cost twice as much on the lines
 * readLines cuts from its chunks.
 */
const PREFIX = new RegExp(
  `^\\{"s":([1-9][0-9]{0,14}),"t":(${NUMBER}),"c":${STRING},(?:"from":${STRING},"to":${STRING}|"d":"([<>])"),"p":${STRING},"m":${STRING},(?:"w":${STRING},)?(?:"r":(${NUMBER}),)?"a":\\{`,
);

/** The fixed fields of a compact message line, as its text gives them. */
export interface CompactPrefix {
  s: number;
  t: number;
  c: string;
  /** Both or neither; neither when `d` is given. */
  from: string | undefined;
  to: string | undefined;
  d: '<' | '>' | undefined;
  p: string;
  m: string;
  w: string | undefined;
  r: number | undefined;
  /** Where `"a":` starts in the line. */
  at: number;
}

/** The line's fixed fields, when it starts as the writer writes a message line; else undefined. */
export function scanCompactPrefix(text: string): CompactPrefix | undefined {
  // Most lines of a trace are messages; a note or the header fails at the third character.
  if (text.charCodeAt(2) !== 115) return undefined;
  const x = PREFIX.exec(text);
  if (x === null) return undefined;
  return {
    s: Number(x[1]),
    t: Number(x[2]),
    c: x[3],
    from: x[4],
    to: x[5],
    d: x[6] as '<' | '>' | undefined,
    p: x[7],
    m: x[8],
    w: x[9],
    r: x[10] === undefined ? undefined : Number(x[10]),
    // `"a":{` ends the match: the key starts five characters before its end.
    at: x[0].length - 5,
  };
}

/**
 * The whole line as JSON.parse gives it, read from its prefix and the rest after it; undefined when the
 * rest is not JSON or has a key other than a, raw and v (the caller parses the line whole).
 */
export function compactObject(text: string, prefix: CompactPrefix): Record<string, unknown> | undefined {
  let rest: Record<string, unknown>;
  try {
    rest = JSON.parse(`{${text.slice(prefix.at)}`) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  let keys = 1;
  if (rest.raw !== undefined) keys++;
  if (rest.v !== undefined) keys++;
  // A key with an undefined value cannot come out of JSON: counting own keys is exact.
  let n = 0;
  for (const k in rest) if (Object.hasOwn(rest, k)) n++;
  if (n !== keys) return undefined;
  const o: Record<string, unknown> = { s: prefix.s, t: prefix.t, c: prefix.c };
  if (prefix.d === undefined) {
    o.from = prefix.from;
    o.to = prefix.to;
  } else o.d = prefix.d;
  o.p = prefix.p;
  o.m = prefix.m;
  if (prefix.w !== undefined) o.w = prefix.w;
  if (prefix.r !== undefined) o.r = prefix.r;
  o.a = rest.a;
  if (rest.raw !== undefined) o.raw = rest.raw;
  if (rest.v !== undefined) o.v = rest.v;
  return o;
}

/**
 * The message name a compact line names first (its `m`), found without reading the rest: a quick look,
 * not a judgement — a line that is no message line may give one, and only scanCompactPrefix says what
 * the line is. Undefined when no `"m"` key is written (or its name has an escape).
 */
export function compactMessageName(text: string): string | undefined {
  const at = text.indexOf(',"m":"');
  if (at < 0) return undefined;
  const end = text.indexOf('"', at + 6);
  return end < 0 ? undefined : text.slice(at + 6, end);
}

/** scanCompactPrefix then compactObject: the line as JSON.parse gives it, or undefined (parse it whole). */
export function parseCompactLine(text: string): Record<string, unknown> | undefined {
  const prefix = scanCompactPrefix(text);
  return prefix === undefined ? undefined : compactObject(text, prefix);
}
