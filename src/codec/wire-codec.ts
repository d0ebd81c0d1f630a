import type { Violation } from '../catalog/types.ts';
import { decodeFrame, encodeFrame, encodeFrameParts } from './envelope.ts';
import { attributesText } from './attributes-text.ts';
import { visibleReferenceId } from './visible-reference-id.ts';
import type { Envelope } from './envelope.ts';

/**
 * How one protocol family turns frames into envelopes and back. A connection is given one codec; the
 * framing below it (one WebSocket frame, one length-prefixed TCP frame) is the socket's business, so
 * the same checked connection carries JSON envelopes over WebSocket today and XML over TCP tomorrow.
 */
/**
 * `notes`: info violations of a frame that decoded (a spelling the codec read as another, e.g. LoginResp's
 * IServerVer); the reader adds them to the message's violations.
 */
export type CodecResult = { ok: true; envelope: Envelope; notes?: Violation[] } | { ok: false; violations: Violation[]; size: number; preview: string };

export interface WireCodec {
  /** `json-envelope`, `gli-xml`: named in notes and errors. */
  readonly id: string;
  /** Never throws: a frame that is not a message comes back as violations, with its size and a preview. */
  decode(frame: string | Buffer, maxBytes: number): CodecResult;
  encode(envelope: Envelope): string | Buffer;
  /**
   * encode(), and the attributes as JSON text when the frame holds them as such (the JSON envelope):
   * the trace's line reuses that text instead of stringifying the attributes a second time.
   */
  encodeWithAttributes?(envelope: Envelope): { frame: string | Buffer; attributesJson: string };
  /**
   * The attributes' JSON text inside a frame that decoded as `envelope`, when the codec can point at it
   * (the JSON envelope in its usual layout): a recording end writes the trace line from it, not
   * stringifying the attributes again. Asked only where the frame is recorded.
   */
  attributesText?(frame: string | Buffer, envelope: Envelope): string | undefined;
  /** The frame as text for the trace's `raw` field. */
  text(frame: string | Buffer): string;
  /** The referenceId a frame that could not be decoded still shows unmistakably in its preview, if any. */
  visibleReferenceId?(preview: string): number | undefined;
}

/** The README's JSON envelope, one per WebSocket text frame. */
export const jsonEnvelopeCodec: WireCodec = {
  id: 'json-envelope',
  decode: (frame, maxBytes) => decodeFrame(frame, { maxBytes }),
  attributesText: (frame, envelope) => (typeof frame === 'string' ? attributesText(frame, envelope) : undefined),
  encode: encodeFrame,
  encodeWithAttributes: encodeFrameParts,
  text: (frame) => (typeof frame === 'string' ? frame : frame.toString('utf8')),
  visibleReferenceId,
};
