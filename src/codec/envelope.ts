import { describeActual, describeValue, jsonType } from '../catalog/describe-value.ts';
import type { Violation } from '../catalog/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';

/**
 * The JSON envelope that carries Interaction Management, Reporting, T-Library and ESP messages over
 * WebSocket, one message per text frame:
 *
 *   {"protocol": "InteractionManagement", "message": "RequestAccept", "referenceId": 7,
 *    "attributes": {"TicketId": 3, "InteractionId": "0001"}}
 *
 * `referenceId` (a non-negative integer) is optional; `attributes` may be omitted (= {}). Any other
 * top-level key is refused, so a typo (`referenceID`) surfaces instead of silently losing the pairing.
 * decodeFrame never throws: a bad frame comes back as violations, with its size and a preview.
 */

export interface Envelope {
  protocol: string;
  message: string;
  referenceId?: number;
  attributes: Record<string, unknown>;
}

export const DEFAULT_MAX_FRAME_BYTES = 1_048_576;
export const PREVIEW_CHARS = 200;

const ENVELOPE_KEYS = ['protocol', 'message', 'referenceId', 'attributes'];
const SHAPE = '{"protocol": "...", "message": "...", "referenceId": n?, "attributes": {...}}';

export type DecodeResult = { ok: true; envelope: Envelope } | { ok: false; violations: Violation[]; size: number; preview: string };

export function encodeFrame(env: Envelope): string {
  return encodeFrameParts(env).frame;
}

/** The frame and its attributes' JSON text, a slice of it: a recorder writes its line from the latter. */
export function encodeFrameParts(env: Envelope): { frame: string; attributesJson: string } {
  // Concatenation keeps the key order fixed and skips an intermediate object.
  const ref = env.referenceId === undefined ? '' : `,"referenceId":${env.referenceId}`;
  const attributesJson = JSON.stringify(env.attributes ?? {});
  return { frame: `{"protocol":${JSON.stringify(env.protocol)},"message":${JSON.stringify(env.message)}${ref},"attributes":${attributesJson}}`, attributesJson };
}

export function decodeFrame(frame: string | Buffer, opts: { maxBytes?: number } = {}): DecodeResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FRAME_BYTES;
  let text: string;
  let size: number;
  if (typeof frame === 'string') {
    // A UTF-16 unit is at most 3 UTF-8 bytes: short frames skip counting.
    size = frame.length * 3 <= maxBytes ? -1 : Buffer.byteLength(frame, 'utf8');
    if (size > maxBytes) return tooLarge(size, maxBytes, frame.slice(0, PREVIEW_CHARS));
    text = frame;
  } else {
    const buf = toBuffer(frame);
    if (buf === undefined) {
      return bad([violation('BAD_FRAMING', `frame is ${describeValue(frame)} (${typeof frame}), not text`, 'a text frame (string or Buffer)', 'send JSON text frames')], 0, '');
    }
    size = buf.length;
    if (size > maxBytes) return tooLarge(size, maxBytes, previewOf(buf));
    text = buf.toString('utf8');
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const n = size >= 0 ? size : Buffer.byteLength(text, 'utf8');
    return bad(
      [{ ...violation('NOT_JSON', `frame of ${n} bytes is not JSON`, SHAPE, `send one JSON object per text frame: ${SHAPE}`), actual: (e as Error).message }],
      n,
      text.slice(0, PREVIEW_CHARS),
    );
  }
  return checkEnvelope(parsed, text, size);
}

function checkEnvelope(parsed: unknown, text: string, size: number): DecodeResult {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const v = violation('NOT_ENVELOPE', `frame is a JSON ${jsonType(parsed)}, not an envelope object`, SHAPE, `wrap the message in an envelope: ${SHAPE}`);
    return badText([{ ...v, actual: describeActual(parsed) }], text, size);
  }
  const obj = parsed as Record<string, unknown>;
  let problems: Violation[] | undefined;
  let hasAttributes = false;
  for (const key in obj) {
    switch (key) {
      case 'protocol':
      case 'message':
        break;
      case 'referenceId': {
        const r = obj.referenceId;
        if (!(Number.isSafeInteger(r) && (r as number) >= 0)) {
          (problems ??= []).push(
            field('referenceId', `envelope referenceId is ${describeValue(r)}, expected a non-negative integer`, 'a non-negative integer', r, 'omit referenceId, or send the request\'s number without quotes'),
          );
        }
        break;
      }
      case 'attributes': {
        const a = obj.attributes;
        hasAttributes = true;
        if (typeof a !== 'object' || a === null || Array.isArray(a)) {
          (problems ??= []).push(field('attributes', `envelope attributes is ${describeValue(a)}, expected an object`, 'a JSON object', a, 'send the attributes as one JSON object, or omit it'));
        }
        break;
      }
      default: {
        const near = didYouMean(key, ENVELOPE_KEYS);
        (problems ??= []).push({
          ...violation('NOT_ENVELOPE', `envelope has unknown key ${JSON.stringify(key)}`, ENVELOPE_KEYS.join(', '), near ?? `an envelope has only ${ENVELOPE_KEYS.join(', ')}; put message attributes inside "attributes"`),
          attribute: key,
          actual: key,
        });
      }
    }
  }
  for (const key of ['protocol', 'message'] as const) {
    const v = obj[key];
    if (typeof v !== 'string' || v.length === 0) {
      const msg = v === undefined ? `envelope has no ${key}` : `envelope ${key} is ${describeValue(v)}, expected a non-empty string`;
      (problems ??= []).push(field(key, msg, 'a non-empty string', v, key === 'protocol' ? 'name the protocol, e.g. "InteractionManagement"' : 'name the message, e.g. "RequestAccept"'));
    }
  }
  if (problems !== undefined) return badText(problems, text, size);
  if (!hasAttributes) obj.attributes = {};
  return { ok: true, envelope: obj as unknown as Envelope };
}

function violation(code: Violation['code'], message: string, expected: string, hint: string): Violation {
  return { code, severity: 'error', message, expected, hint };
}

function field(name: string, message: string, expected: string, value: unknown, hint: string): Violation {
  return { code: 'NOT_ENVELOPE', severity: 'error', message, attribute: name, expected, actual: describeActual(value), hint };
}

function tooLarge(size: number, maxBytes: number, preview: string): DecodeResult {
  return bad(
    [
      {
        ...violation('FRAME_TOO_LARGE', `frame of ${size} bytes is over the ${maxBytes}-byte limit and was not parsed`, `at most ${maxBytes} bytes`, 'send smaller messages, or raise the frame limit of the connection'),
        actual: `${size} bytes`,
      },
    ],
    size,
    preview,
  );
}

function bad(violations: Violation[], size: number, preview: string): DecodeResult {
  return { ok: false, violations, size, preview };
}

function badText(violations: Violation[], text: string, size: number): DecodeResult {
  return bad(violations, size >= 0 ? size : Buffer.byteLength(text, 'utf8'), text.slice(0, PREVIEW_CHARS));
}

/** ws may hand over a Buffer, an ArrayBuffer or an array of Buffers, depending on its binaryType. */
function toBuffer(frame: unknown): Buffer | undefined {
  if (Buffer.isBuffer(frame)) return frame;
  if (frame instanceof ArrayBuffer) return Buffer.from(frame);
  if (ArrayBuffer.isView(frame)) return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  if (Array.isArray(frame) && frame.every((b) => Buffer.isBuffer(b))) return Buffer.concat(frame);
  return undefined;
}

function previewOf(buf: Buffer): string {
  // Decode only the head: 4 bytes per character covers any UTF-8.
  return buf.toString('utf8', 0, Math.min(buf.length, PREVIEW_CHARS * 4)).slice(0, PREVIEW_CHARS);
}
