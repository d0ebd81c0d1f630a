import { defaultCatalog } from '../catalog/catalog.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { ReferenceTracker } from '../catalog/reference-tracker.ts';
import type { Role, Violation } from '../catalog/types.ts';
import { NO_VIOLATIONS, validateMessage } from '../catalog/validate.ts';
import { DEFAULT_MAX_FRAME_BYTES } from './envelope.ts';
import type { Envelope } from './envelope.ts';
import { jsonEnvelopeCodec } from './wire-codec.ts';
import type { WireCodec } from './wire-codec.ts';

/**
 * Reads the frames of one connection, in either direction: decode (with the connection's codec),
 * validate against the catalog, pair responses with requests. Everything wrong with a frame comes back as violations; read() never throws.
 * On the success path `violations` is a shared, frozen empty array — copy it before adding to it.
 */

export type ReadFrame =
  | { kind: 'message'; envelope: Envelope; canonical: string; alias?: string; violations: Violation[] }
  | { kind: 'bad-frame'; violations: Violation[]; size: number; preview: string };

export class FrameReader {
  readonly #catalog: Catalog;
  readonly #maxBytes: number;
  readonly #tracker: ReferenceTracker;
  readonly #codec: WireCodec;

  /** `tracker`: share one with the connection's outbound side, so requests it sends pair with the answers read here. */
  constructor(opts: { catalog?: Catalog; maxBytes?: number; tracker?: ReferenceTracker; codec?: WireCodec } = {}) {
    this.#catalog = opts.catalog ?? defaultCatalog;
    this.#codec = opts.codec ?? jsonEnvelopeCodec;
    this.#maxBytes = opts.maxBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.#tracker = opts.tracker ?? new ReferenceTracker();
  }

  /** The pairing state of this connection (e.g. to list requests never answered when it closes). */
  get tracker(): ReferenceTracker {
    return this.#tracker;
  }

  get codec(): WireCodec {
    return this.#codec;
  }

  read(frame: string | Buffer, ctx: { sender: string; fromRole?: Role; toRole?: Role }): ReadFrame {
    const decoded = this.#codec.decode(frame, this.#maxBytes);
    if (!decoded.ok) {
      // What cannot be read may still be a request: an EventError echoing the referenceId it shows pairs with it.
      const shown = this.#codec.visibleReferenceId?.(decoded.preview);
      if (shown !== undefined) this.#tracker.observeUnrecognised(shown, ctx.sender, 'unreadable frame');
      return { kind: 'bad-frame', violations: decoded.violations, size: decoded.size, preview: decoded.preview };
    }
    const checked = this.check(decoded.envelope, ctx);
    if (decoded.notes === undefined) return checked;
    return { ...checked, violations: [...decoded.notes, ...checked.violations] };
  }

  /** What read() does after decoding, for an envelope this end built itself (no frame to parse). */
  check(envelope: Envelope, ctx: { sender: string; fromRole?: Role; toRole?: Role }): Extract<ReadFrame, { kind: 'message' }> {
    const { resolved, violations } = validateMessage(this.#catalog, envelope, ctx);
    if (resolved === undefined) {
      if (envelope.referenceId !== undefined) this.#tracker.observeUnrecognised(envelope.referenceId, ctx.sender, envelope.message);
      return { kind: 'message', envelope, canonical: envelope.message, violations };
    }
    const pairing = this.#tracker.observe(resolved.def, envelope.referenceId, ctx.sender);
    const all = pairing === NO_VIOLATIONS ? violations : violations === NO_VIOLATIONS ? pairing : [...violations, ...pairing];
    if (resolved.aliasUsed === undefined) return { kind: 'message', envelope, canonical: resolved.def.name, violations: all };
    return { kind: 'message', envelope, canonical: resolved.def.name, alias: resolved.aliasUsed, violations: all };
  }
}
