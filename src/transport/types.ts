import type { Role, Violation } from '../catalog/types.ts';
import type { Envelope } from '../codec/envelope.ts';

/**
 * The seam between the wire and everything above it. Transport never imports the trace module: a
 * session that records implements WireObserver (with its TraceRecorder) and hands it to the one end of
 * each connection that records — the server (`observer` option of listen) or the client (`observer`
 * option of connect), never both, so no message is recorded twice.
 */

/** One end of a connection, as the trace names it. */
export interface Endpoint {
  /** Participant instance name, e.g. `IS1`, `Agent1's desktop`. */
  name: string;
  role?: Role;
}

/** A message read from or written to a connection, after decoding and catalog validation. */
export interface WireMessage {
  connection: string;
  from: string;
  to: string;
  envelope: Envelope;
  /** Canonical message name when the catalog knows it, else as on the wire. */
  canonical: string;
  /** The spelling on the wire when it was a catalog alias. */
  alias?: string;
  violations: Violation[];
  /** The frame as sent/received, when the end was created with `recordRaw`. */
  raw?: string;
  /** The attributes as JSON text, as the frame holds them (see WireCodec.encodeWithAttributes, CodecResult.attributesJson). */
  attributesJson?: string;
}

/** A frame that could not be read as a message. */
export interface WireBadFrame {
  connection: string;
  from: string;
  to: string;
  /** First characters of the frame. */
  preview: string;
  /** Frame size in bytes (for a frame the socket refused as too large: a lower bound, the limit + 1). */
  size: number;
  violations: Violation[];
}

export interface WireEvent {
  /** `info`: something below the messages worth a line in the trace (a GLI KeepAlive answered). */
  kind: 'connection-open' | 'connection-close' | 'error' | 'info';
  /** Absent for a connection refused before it became one (no access token). */
  connection?: string;
  /** The remote participant, when it is known. */
  participant?: string;
  text: string;
  data?: Record<string, unknown>;
}

/**
 * A participant of an observed connection became known: this end (at open), the peer (at open when
 * configured or announced, else at its first message). Reported once per connection and end.
 */
export interface WireParticipant {
  connection: string;
  name: string;
  role?: Role;
  end: 'local' | 'remote';
  /** How the name was learnt: `configured` (given to listen/connect), `query` (?participant=), `register` (ClientName), `default` (client-<n>). */
  namedBy: 'configured' | 'query' | 'register' | 'default';
}

/** Called synchronously for every message in both directions on an observed connection. */
export interface WireObserver {
  message(e: WireMessage): void;
  badFrame(e: WireBadFrame): void;
  event(e: WireEvent): void;
  /** Optional: lets a recorder add participants to the trace header as they join. */
  participant?(e: WireParticipant): void;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** True when this end called close(). */
  byLocal: boolean;
}

/** An inbound message as handlers see it. */
export interface InboundMessage {
  envelope: Envelope;
  canonical: string;
  alias?: string;
  violations: Violation[];
}

export interface InboundBadFrame {
  preview: string;
  size: number;
  violations: Violation[];
}

/** What send() did. A message to a closed connection is not sent and not recorded: the peer is gone. */
export interface SendResult {
  sent: boolean;
  /** Catalog violations of the outbound message (a reference server's own mistakes show in the trace). */
  violations: Violation[];
}

/** One message-framed connection (JSON envelopes over WebSocket), the same on the server and the client side. */
export interface MessageConnection {
  /** `c1`, `c2`, ... unique per process, so traces with several servers do not collide. */
  readonly id: string;
  readonly local: Endpoint;
  /** Settled by the first message: see server.ts for how a client is named. */
  readonly remote: Endpoint;
  /** Request path on the server side (`/`, `/tlib`), URL path on the client side. */
  readonly path: string;
  readonly isOpen: boolean;
  send(envelope: Envelope): SendResult;
  /** Each returns its unsubscribe function. Handlers run after the observer has recorded the entry. */
  onMessage(handler: (m: InboundMessage) => void): () => void;
  onBadFrame(handler: (b: InboundBadFrame) => void): () => void;
  onClose(handler: (c: CloseInfo) => void): () => void;
  /** Closes the connection; resolves once the socket is closed (forcefully after a short grace period). */
  close(code?: number, reason?: string): Promise<void>;
}
