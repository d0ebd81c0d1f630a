import { compiled, ISO_TIMESTAMP } from './validate.ts';
import type { CompiledAttr } from './validate.ts';
import type { MessageDef } from './types.ts';

/**
 * validateMessage's judgement of a message's attributes, read from their JSON text without parsing it:
 * where the text is one JSON object in which the catalog finds nothing wrong, where it ends; else -1,
 * and the caller parses and validates it (validate.ts) to learn what is wrong — or that nothing is, for
 * what this reader does not follow. A check reads a million messages' attributes; most are agent states
 * no step of the model waits for, valid, and needed for nothing but that judgement, and reading them so
 * costs a fraction of JSON.parse and leaves no garbage.
 *
 * The answer is one-sided, and sound: a text it accepts is JSON that JSON.parse reads as an object in
 * which checkAttrs finds no violation (test/catalog/attr-text.test.ts compares the two on generated
 * texts). To stay simple it gives up (-1) on what the recorder does not write: white space between
 * tokens, an escape in a key or in a value the catalog judges by its text (an enum's, a timestamp's),
 * nesting deeper than MAX_DEPTH.
 */

const MAX_DEPTH = 32;
const Q = 0x22; // "
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;

/**
 * Where the attributes object starting at `at` ends (one past its `}`), when the catalog finds nothing
 * wrong in it and it has none of the keys `absent` names; else -1.
 */
export function validAttributesEnd(text: string, at: number, def: MessageDef, absent: readonly string[] = NONE): number {
  return object(text, at, compiled(def), 0, absent);
}

const NONE: readonly string[] = [];

/** Past a JSON string starting at `at` (its opening quote), escapes checked; -1 when it is not one. */
function string(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Q) return i + 1;
    if (c < 0x20) return -1;
    if (c === BACKSLASH) {
      const e = text.charCodeAt(++i);
      if (e === 0x75) {
        // \uXXXX
        for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) return -1;
        i += 4;
      } else if (e !== Q && e !== BACKSLASH && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
    }
  }
  return -1;
}

/** Past a string without escapes (its text is its value); -1 when it has one or is not a string. */
function plainString(text: string, at: number): number {
  if (text.charCodeAt(at) !== Q) return -1;
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === Q) return i + 1;
    if (c < 0x20 || c === BACKSLASH) return -1;
  }
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Past a JSON number starting at `at`; -1 when it is not one. */
function number(text: string, at: number): number {
  let i = at;
  if (text.charCodeAt(i) === 0x2d) i++;
  const c = text.charCodeAt(i);
  if (c === 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) while (isDigit(text.charCodeAt(++i)));
  else return -1;
  if (text.charCodeAt(i) === 0x2e) {
    if (!isDigit(text.charCodeAt(++i))) return -1;
    while (isDigit(text.charCodeAt(++i)));
  }
  const e = text.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    const s = text.charCodeAt(++i);
    if (s === 0x2b || s === 0x2d) i++;
    if (!isDigit(text.charCodeAt(i))) return -1;
    while (isDigit(text.charCodeAt(++i)));
  }
  return i;
}

/** Past any JSON value starting at `at`; -1 when it is not one (or is one this reader does not follow). */
function value(text: string, at: number, depth: number): number {
  const c = text.charCodeAt(at);
  if (c === Q) return string(text, at);
  if (c === OPEN_OBJECT) return object(text, at, undefined, depth + 1);
  if (c === OPEN_LIST) return list(text, at, depth + 1);
  if (c === 0x74) return text.startsWith('true', at) ? at + 4 : -1;
  if (c === 0x66) return text.startsWith('false', at) ? at + 5 : -1;
  if (c === 0x6e) return text.startsWith('null', at) ? at + 4 : -1;
  return number(text, at);
}

function list(text: string, at: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  let i = at + 1;
  if (text.charCodeAt(i) === CLOSE_LIST) return i + 1;
  for (;;) {
    i = value(text, i, depth);
    if (i < 0) return -1;
    const c = text.charCodeAt(i);
    if (c === CLOSE_LIST) return i + 1;
    if (c !== COMMA) return -1;
    i++;
  }
}

/**
 * Past an object starting at `at`; -1 when it is not one, or `attrs` (the catalog's attributes for it,
 * or none) finds something wrong in it.
 */
function object(text: string, at: number, attrs: CompiledAttr[] | undefined, depth: number, absent: readonly string[] = NONE): number {
  if (depth > MAX_DEPTH || text.charCodeAt(at) !== OPEN_OBJECT) return -1;
  // Which of `attrs` were written, one bit each (a catalog message has a few dozen at most).
  if (attrs !== undefined && attrs.length > 30) return -1;
  let seen = 0;
  let i = at + 1;
  if (text.charCodeAt(i) !== CLOSE_OBJECT) {
    for (;;) {
      if (text.charCodeAt(i) !== Q) return -1;
      const keyEnd = string(text, i);
      if (keyEnd < 0 || text.charCodeAt(keyEnd) !== COLON) return -1;
      const a = attrs === undefined ? -1 : attrOf(text, i + 1, keyEnd - 1, attrs);
      if (a === ESCAPED || (absent.length > 0 && names(text, i + 1, keyEnd - 1, absent))) return -1;
      // A key written twice is judged twice: JSON.parse keeps the last, judged too.
      if (a >= 0) {
        seen |= 1 << a;
        i = attribute(text, keyEnd + 1, attrs![a], depth);
      } else i = value(text, keyEnd + 1, depth);
      if (i < 0) return -1;
      const c = text.charCodeAt(i);
      if (c === CLOSE_OBJECT) break;
      if (c !== COMMA) return -1;
      i++;
    }
  }
  if (attrs !== undefined) for (let k = 0; k < attrs.length; k++) if (attrs[k].def.required && (seen & (1 << k)) === 0) return -1;
  return i + 1;
}

/** Whether the key text[from, to) is one of `keys`. */
function names(text: string, from: number, to: number, keys: readonly string[]): boolean {
  for (const k of keys) if (k.length === to - from && text.startsWith(k, from)) return true;
  return false;
}

/** attrOf: a key with an escape, which may spell an attribute's name as JSON.parse reads it. */
const ESCAPED = -2;

/** Which of `attrs` the key text[from, to) names: its index, -1 for none, ESCAPED. */
function attrOf(text: string, from: number, to: number, attrs: CompiledAttr[]): number {
  const n = to - from;
  for (let k = 0; k < attrs.length; k++) {
    const name = attrs[k].name;
    if (name.length === n && text.startsWith(name, from)) return k;
  }
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === BACKSLASH) return ESCAPED;
  return -1;
}

/** Past the value of a catalog attribute starting at `at`, when it fits the attribute; else -1. */
function attribute(text: string, at: number, a: CompiledAttr, depth: number): number {
  const c = text.charCodeAt(at);
  switch (a.def.type) {
    case 'string': {
      if (c !== Q) return -1;
      if (a.enumSet === undefined) return string(text, at);
      const end = plainString(text, at);
      return end >= 0 && a.enumSet.has(text.slice(at + 1, end - 1)) ? end : -1;
    }
    case 'int': {
      const end = number(text, at);
      if (end < 0) return -1;
      const n = Number(text.slice(at, end));
      return Number.isInteger(n) && (a.enumSet === undefined || a.enumSet.has(n)) ? end : -1;
    }
    case 'bool':
      if (c === 0x74) return text.startsWith('true', at) ? at + 4 : -1;
      return c === 0x66 && text.startsWith('false', at) ? at + 5 : -1;
    case 'kv':
      return object(text, at, a.fields, depth + 1);
    case 'list':
      return c === OPEN_LIST ? list(text, at, depth + 1) : -1;
    case 'timestamp': {
      if (c === Q) {
        const end = plainString(text, at);
        return end >= 0 && ISO_TIMESTAMP.test(text.slice(at + 1, end - 1)) ? end : -1;
      }
      const end = number(text, at);
      return end >= 0 && Number.isFinite(Number(text.slice(at, end))) ? end : -1;
    }
  }
}
