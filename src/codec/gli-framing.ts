import type { Violation } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES, PREVIEW_CHARS } from './envelope.ts';

/**
 * GLI framing: how the IVR Server's XML messages are cut out of a TCP byte stream. Every frame is a
 * 6-byte header and a payload:
 *
 *   byte 0    cNull          0x00
 *   byte 1    cMsgType       0x00 KeepAlive Req, 0x01 KeepAlive Ack, 0x02 Error Ack, 0x03 XML data
 *   bytes 2–3 length         big-endian, payload length + 2 (the bytes after the length field)
 *   byte 4    GLI version    0x02
 *   byte 5    default app    0x00
 *
 * Source: ../shared/reference/genesys-protocols.md §4.1, taken from a third-party C++ IVR driver
 * (GLI_HEADER in its header file, CIVRDriver::ThreadRun), [CODE], not a Genesys document. That
 * driver assumes one recv() holds whole frames; this deframer does not: bytes may be split anywhere.
 *
 * Pure: no I/O, no node: imports (Buffer is a global). The TCP socket feeds it what it reads.
 */

export const GLI_HEADER_BYTES = 6;
export const GLI_VERSION = 0x02;
export const GLI_DEFAULT_APP = 0x00;

/** cMsgType values (the driver's GLI_MSGTYPE enum). */
export const GLI_KEEPALIVE_REQ = 0x00;
export const GLI_KEEPALIVE_ACK = 0x01;
export const GLI_ERROR_ACK = 0x02;
export const GLI_XML_DATA = 0x03;
export type GliMsgType = typeof GLI_KEEPALIVE_REQ | typeof GLI_KEEPALIVE_ACK | typeof GLI_ERROR_ACK | typeof GLI_XML_DATA;

export const GLI_TYPE_NAMES: Readonly<Record<GliMsgType, string>> = {
  [GLI_KEEPALIVE_REQ]: 'KeepAlive Req',
  [GLI_KEEPALIVE_ACK]: 'KeepAlive Ack',
  [GLI_ERROR_ACK]: 'Error Ack',
  [GLI_XML_DATA]: 'XML data',
};

/** The length field is 16 bits and counts the 2 bytes of version and app: 0xFFFF - 2. */
export const GLI_MAX_PAYLOAD_BYTES = 0xffff - 2;

const HEADER_SHAPE = '00 <type 00–03> <length: 2 bytes, big-endian, payload + 2> 02 00';

export function isGliMsgType(n: number): n is GliMsgType {
  return n === GLI_KEEPALIVE_REQ || n === GLI_KEEPALIVE_ACK || n === GLI_ERROR_ACK || n === GLI_XML_DATA;
}

/**
 * One frame on the wire: header + payload. Throws a RangeError for what no GLI header can describe
 * (a payload over 65533 bytes, an unknown type): a caller bug, not a peer's mistake.
 */
export function encodeGliFrame(payload: Buffer, type: number = GLI_XML_DATA): Buffer {
  if (!isGliMsgType(type)) {
    throw new RangeError(`cannot frame a GLI message of type ${hex(type)}: expected 0x00–0x03 (KeepAlive Req, KeepAlive Ack, Error Ack, XML data)`);
  }
  if (payload.length > GLI_MAX_PAYLOAD_BYTES) {
    throw new RangeError(
      `cannot frame a ${payload.length}-byte payload: a GLI frame carries at most ${GLI_MAX_PAYLOAD_BYTES} bytes (its length field is 16 bits); send a shorter message`,
    );
  }
  const frame = Buffer.allocUnsafe(GLI_HEADER_BYTES + payload.length);
  frame[0] = 0x00;
  frame[1] = type;
  frame.writeUInt16BE(payload.length + 2, 2);
  frame[4] = GLI_VERSION;
  frame[5] = GLI_DEFAULT_APP;
  payload.copy(frame, GLI_HEADER_BYTES);
  return frame;
}

export interface GliFrame {
  kind: 'frame';
  type: GliMsgType;
  payload: Buffer;
}

/** Same fields as the transport's BadFraming, so a socket hands it on as is. */
export interface GliProblem {
  kind: 'problem';
  violations: Violation[];
  /** Wire bytes of the offending frame, header included: exact when the header declared it, else what had arrived. */
  size: number;
  /** The header bytes in hex, then the rest as text (`00 03 00 2a 02 00 <GctiMsg>…`). */
  preview: string;
  /** The stream cannot go on: the connection must close. */
  fatal: boolean;
}

export type GliEvent = GliFrame | GliProblem;

export interface GliDeframerOptions {
  /** Largest payload read; a header declaring more is refused (FRAME_TOO_LARGE, fatal) before any of it is buffered. Default 1 MiB. */
  maxFrameBytes?: number;
}

/**
 * Cuts frames out of a byte stream, whatever the chunking: a header split over chunks, several frames in
 * one chunk. Keeps at most one frame's bytes; never allocates what a header declares before the bytes
 * have arrived.
 *
 * No resynchronisation: GLI has no sync marker, so after a header that is wrong in any fixed byte (cNull,
 * type, version, app) or declares an impossible length, nothing says where the next frame starts; any
 * "next header" found by scanning would be a guess, and frames read from a guess would be recorded as if
 * the peer had sent them. So every header problem is fatal: one problem event, then the deframer stops
 * (push returns nothing) and the connection is to be closed.
 *
 * The app byte (byte 5) is checked like the version: the only source defines it as the constant 0x00,
 * and a fully fixed header is what lets a relay re-frame a payload byte for byte.
 */
export class GliDeframer {
  private readonly maxFrameBytes: number;
  private chunks: Buffer[] = [];
  /** Bytes of chunks[0] already consumed. */
  private offset = 0;
  private buffered = 0;
  /** The header of the frame being read, once it has arrived and passed. */
  private current: { type: GliMsgType; payloadBytes: number } | undefined;
  private stopped = false;

  constructor(opts: GliDeframerOptions = {}) {
    this.maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Feeds the next bytes of the stream; returns the frames they complete, in order, or the problem that stopped it. */
  push(chunk: Buffer): GliEvent[] {
    if (this.stopped) return [];
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const out: GliEvent[] = [];
    for (;;) {
      if (this.current === undefined) {
        if (this.buffered < GLI_HEADER_BYTES) break;
        const header = this.peek(GLI_HEADER_BYTES);
        const problem = this.checkHeader(header);
        if (problem) {
          out.push(problem);
          this.stop();
          break;
        }
        this.current = { type: header[1] as GliMsgType, payloadBytes: header.readUInt16BE(2) - 2 };
      }
      if (this.buffered < GLI_HEADER_BYTES + this.current.payloadBytes) break;
      this.discard(GLI_HEADER_BYTES);
      out.push({ kind: 'frame', type: this.current.type, payload: this.take(this.current.payloadBytes) });
      this.current = undefined;
    }
    return out;
  }

  /**
   * The stream ended (the peer closed): bytes of an unfinished frame become one truncated-frame problem.
   * Not fatal: the connection is already ending, and it is the peer that ended it.
   */
  end(): GliEvent[] {
    if (this.stopped) return [];
    const had = this.buffered;
    const preview = had > 0 ? previewOf(this.peek(Math.min(had, GLI_HEADER_BYTES + PREVIEW_CHARS))) : '';
    const current = this.current;
    this.stop();
    if (had === 0) return [];
    const message =
      current === undefined
        ? `the connection closed after ${had} of the 6 header bytes of a frame`
        : `the connection closed mid-frame: ${had} of the frame's ${GLI_HEADER_BYTES + current.payloadBytes} bytes arrived (its header declares a ${current.payloadBytes}-byte payload)`;
    return [
      {
        kind: 'problem',
        violations: [
          {
            code: 'BAD_FRAMING',
            severity: 'error',
            message,
            expected: 'whole frames: the 6-byte GLI header, then as many payload bytes as its length field declares',
            actual: `${had} bytes, then the end of the stream`,
            hint: 'the peer closed (or was cut off) while sending a frame; every frame before it was delivered',
          },
        ],
        size: had,
        preview,
        fatal: false,
      },
    ];
  }

  private checkHeader(h: Buffer): GliProblem | undefined {
    const violations: Violation[] = [];
    const hint = headerHint(h);
    const bad = (message: string, expected: string, actual: string) => violations.push({ code: 'BAD_FRAMING', severity: 'error', message, expected, actual, hint });
    if (h[0] !== 0x00) bad(`GLI header byte 0 (cNull) is ${hex(h[0])}, expected 0x00`, '0x00', hex(h[0]));
    if (!isGliMsgType(h[1])) bad(`GLI header byte 1 (message type) is ${hex(h[1])}, not a known type`, '0x00 KeepAlive Req, 0x01 KeepAlive Ack, 0x02 Error Ack or 0x03 XML data', hex(h[1]));
    if (h[4] !== GLI_VERSION) bad(`GLI header byte 4 (GLI version) is ${hex(h[4])}, expected ${hex(GLI_VERSION)}`, hex(GLI_VERSION), hex(h[4]));
    if (h[5] !== GLI_DEFAULT_APP) bad(`GLI header byte 5 (default app) is ${hex(h[5])}, expected ${hex(GLI_DEFAULT_APP)}`, hex(GLI_DEFAULT_APP), hex(h[5]));
    const length = h.readUInt16BE(2);
    if (violations.length === 0 && length < 2) {
      bad(`GLI length field (bytes 2–3) is ${length}, too small to count the version and app bytes it covers`, 'at least 2 (payload length + 2)', String(length));
    }
    if (violations.length > 0) {
      return { kind: 'problem', violations, size: this.buffered, preview: previewOf(this.peek(Math.min(this.buffered, GLI_HEADER_BYTES + PREVIEW_CHARS))), fatal: true };
    }
    const payloadBytes = length - 2;
    if (payloadBytes <= this.maxFrameBytes) return undefined;
    // Decided on the header alone: the declared payload is never waited for nor allocated.
    return {
      kind: 'problem',
      violations: [
        {
          code: 'FRAME_TOO_LARGE',
          severity: 'error',
          message: `a GLI frame declares a ${payloadBytes}-byte payload (length field ${length}), over this connection's ${this.maxFrameBytes}-byte limit; it was not read and the connection was closed`,
          expected: `a payload of at most ${this.maxFrameBytes} bytes`,
          actual: `${payloadBytes} bytes`,
          hint: 'send smaller messages, or raise the connection\'s frame limit (maxFrameBytes)',
        },
      ],
      size: GLI_HEADER_BYTES + payloadBytes,
      preview: previewOf(this.peek(Math.min(this.buffered, GLI_HEADER_BYTES + PREVIEW_CHARS))),
      fatal: true,
    };
  }

  private stop(): void {
    this.stopped = true;
    this.chunks = [];
    this.offset = 0;
    this.buffered = 0;
    this.current = undefined;
  }

  /** The first n buffered bytes (n ≤ buffered), without consuming them; small n only. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first.length - this.offset >= n) return first.subarray(this.offset, this.offset + n);
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let from = this.offset;
    for (const c of this.chunks) {
      filled += c.copy(out, filled, from, Math.min(c.length, from + n - filled));
      from = 0;
      if (filled === n) break;
    }
    return out;
  }

  /** Removes and returns the first n buffered bytes as a fresh copy: the caller may keep it while the chunks are gone. */
  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const copied = c.copy(out, filled, this.offset, Math.min(c.length, this.offset + n - filled));
      filled += copied;
      this.consumed(copied);
    }
    return out;
  }

  private discard(n: number): void {
    let left = n;
    while (left > 0) {
      const step = Math.min(left, this.chunks[0].length - this.offset);
      this.consumed(step);
      left -= step;
    }
  }

  private consumed(n: number): void {
    this.offset += n;
    this.buffered -= n;
    if (this.offset === this.chunks[0].length) {
      this.chunks.shift();
      this.offset = 0;
    }
  }
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(2, '0')}`;
}

/** A guess at what the peer is speaking, when it is not GLI: the commonest mistakes, said plainly. */
function headerHint(h: Buffer): string {
  const head = h.toString('latin1');
  const tail = 'every frame must start with the 6-byte GLI header ' + HEADER_SHAPE + '; a stream out of step cannot be resynchronised, so the connection is closed';
  if (h[0] === 0x3c) return `the bytes look like XML sent without the GLI header: ${tail}`;
  if (h[0] === 0x7b) return `the bytes look like JSON sent without the GLI header (a WebSocket-JSON client?): ${tail}`;
  if (/^(GET|POST|PUT|HEAD|HTTP)[ /]/.test(head)) return `the bytes look like HTTP (a WebSocket or HTTP client?) sent to a tcp:// endpoint: ${tail}`;
  return tail;
}

/** Header bytes in hex (they are binary), then the payload as Latin-1 text (the IVR XML's declared encoding), controls as `.`. */
function previewOf(bytes: Buffer): string {
  const header = Array.from(bytes.subarray(0, GLI_HEADER_BYTES), (b) => b.toString(16).padStart(2, '0')).join(' ');
  if (bytes.length <= GLI_HEADER_BYTES) return header;
  // eslint-disable-next-line no-control-regex
  const text = bytes.toString('latin1', GLI_HEADER_BYTES, GLI_HEADER_BYTES + PREVIEW_CHARS).replace(/[\x00-\x1f\x7f]/g, '.');
  return `${header} ${text}`;
}
