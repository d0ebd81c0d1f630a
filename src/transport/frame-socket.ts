import type { Violation } from '../catalog/types.ts';

/**
 * A socket that carries whole frames: one WebSocket message, or one length-prefixed frame read off a
 * TCP stream. Everything above it (codec, catalog, recording) sees frames only, so the checked
 * connection and the recording relay work the same over WebSocket and TCP.
 */
export interface FrameSocket {
  /** `ws` or `tcp`: named in notes. */
  readonly transport: 'ws' | 'tcp';
  readonly isOpen: boolean;
  /** `127.0.0.1:50312`, for notes. */
  readonly peerAddress: string;
  /** Writes one frame. A closed socket drops it (the caller checks isOpen first). */
  send(frame: string | Buffer): void;
  /** One handler each; set before the first frame can arrive (right after the socket is handed over). */
  onFrame(handler: (frame: string | Buffer) => void): void;
  /** A frame the socket itself could not deliver whole (over the hard limit, bad framing). `fatal`: the socket closes. */
  onBadFraming(handler: (bad: BadFraming) => void): void;
  onClose(handler: (code: number, reason: string) => void): void;
  /** Transport errors that are not a close (ECONNRESET ...), for notes. */
  onError(handler: (err: Error & { code?: string }) => void): void;
  /** Starts an orderly close; the close handler runs once it is done. */
  close(code?: number, reason?: string): void;
  /**
   * Drops the connection at once, unsent frames with it. The close handler reports `code` and `reason`
   * when given (why this end dropped it, e.g. 1008 for a backlog over its limit), else 1006.
   */
  terminate(code?: number, reason?: string): void;
  /** Stops (false) or resumes (true) reading, for backpressure. */
  setReading?(on: boolean): void;
  /** Bytes written but not yet flushed to the OS. */
  readonly bufferedAmount: number;
  /**
   * Frames below the messages: GLI KeepAlive Req/Ack and Error Ack over TCP. WebSocket has none and
   * leaves these out. onFrame never sees them, so a codec sees messages only; whoever owns the socket
   * (a server answering KeepAlive Req with KeepAlive Ack, a relay passing them on) handles them here.
   * Set it with the other handlers, right after hand-over; one arriving while no handler is set is dropped.
   */
  onControlFrame?(handler: (frame: ControlFrame) => void): void;
  /** Writes one control frame. A closed socket drops it. */
  sendControlFrame?(frame: ControlFrame): void;
}

export interface ControlFrame {
  /** The transport's frame type: the GLI cMsgType over TCP (0 KeepAlive Req, 1 KeepAlive Ack, 2 Error Ack). */
  type: number;
  payload: Buffer;
}

export interface BadFraming {
  violations: Violation[];
  /** Size in bytes, a lower bound when the socket stopped reading. */
  size: number;
  preview: string;
  fatal: boolean;
}
