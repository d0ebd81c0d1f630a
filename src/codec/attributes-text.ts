import type { Envelope } from './envelope.ts';

const KEY = '"attributes":';

/**
 * The attributes' own JSON text inside a frame decoded as `env`, when the frame holds them as the last
 * of its top-level keys with no space after the colon (`…,"attributes":{…}}`: what flowcert's clients,
 * and JSON.stringify of an envelope, send). The recorder writes a message line's `a` from it instead of
 * stringifying the parsed attributes again; JSON.parse of it gives back the same attributes, so the
 * trace reads the same. Any other layout gives undefined, and the caller stringifies.
 *
 * Only for a frame that decoded as an envelope: its top-level keys are protocol, message and
 * referenceId (scalars) and attributes, so the first `"attributes":` in its text is the top-level key
 * (a string cannot hold that sequence: a quote inside one is escaped). The object after it must close at
 * the frame's last `}`: a frame repeating the key (`…"attributes":{…},"attributes":{…}}`), which
 * JSON.parse reads as the last one, is refused by the scan; so is one holding a newline, tab or carriage
 * return between its tokens (legal JSON, but a newline would end the trace line early).
 */
export function attributesText(frame: string, env: Envelope): string | undefined {
  if (env.attributes === undefined) return undefined;
  const at = frame.indexOf(KEY);
  if (at < 0) return undefined;
  const from = at + KEY.length;
  const end = frame.length - 1;
  if (frame.charCodeAt(from) !== 0x7b /* { */ || frame.charCodeAt(end) !== 0x7d /* } */) return undefined;
  // Where the object opened at `from` closes: strings skipped (their braces do not count), escapes with them.
  let depth = 0;
  for (let i = from; i < end; i++) {
    const c = frame.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < end; i++) {
        const d = frame.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c < 0x20) {
      // JSON whitespace a trace line cannot hold as it is: a newline would end the line (ndjson).
      return undefined;
    } else if (c === 0x7b || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d || c === 0x5d /* ] */) {
      if (--depth === 0) return i === end - 1 ? frame.slice(from, end) : undefined;
    }
  }
  return undefined;
}
