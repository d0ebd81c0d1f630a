/**
 * The referenceId a frame that could not be read as an envelope still shows, so its sender can get
 * an answer instead of waiting for ever. Only the frame's preview (its first characters, what the
 * trace keeps) is looked at, so the frame reader and a server answering the bad frame read the same
 * number from the same text.
 *
 * Conservative on purpose: an answer echoing the wrong number would pair with another request of the
 * client. A number is taken only when the text is a JSON object whose top level has exactly one
 * `"referenceId":` key followed by a non-negative integer that visibly ends (`,` `}` or space), so
 * a referenceId nested in the attributes, a quoted or negative one, or digits cut off at the end of
 * the preview give nothing.
 */
export function visibleReferenceId(text: string): number | undefined {
  let i = skipSpace(text, 0);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  let depth = 0;
  let found: number | undefined;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (end < 0) break;
      if (depth === 1 && text.slice(i + 1, end) === 'referenceId') {
        const n = numberAfterColon(text, end + 1);
        if (n !== undefined) {
          // Two top-level referenceIds: which one the sender meant is a guess.
          if (found !== undefined) return undefined;
          found = n;
        }
      }
      i = end;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (--depth === 0) break;
    }
  }
  return found;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const INTEGER = /^(?:0|[1-9]\d*)(?=[\s,}])/;

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

/** Index of the quote that closes the string opening at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return -1;
}

/** The integer after `: ` when the key is followed by one; undefined for a value of any other kind. */
function numberAfterColon(text: string, from: number): number | undefined {
  let i = skipSpace(text, from);
  if (text[i] !== ':') return undefined;
  i = skipSpace(text, i + 1);
  const m = INTEGER.exec(text.slice(i, i + 20));
  if (!m) return undefined;
  const n = Number(m[0]);
  return Number.isSafeInteger(n) ? n : undefined;
}
