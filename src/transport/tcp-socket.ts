import type { Socket } from 'node:net';
import { encodeGliFrame, GLI_XML_DATA, GliDeframer } from '../codec/gli-framing.ts';
import type { GliEvent } from '../codec/gli-framing.ts';
import type { BadFraming, ControlFrame, FrameSocket } from './frame-socket.ts';
import { flushHeldFrames } from './ws-socket.ts';

/**
 * Close codes of a TCP frame socket. TCP carries no close code, so these say how the connection ended,
 * reusing the WebSocket numbers for the same situations so notes and relays read alike on both transports:
 *
 *   0     orderly end: a FIN from the peer, or close() here then the peer's FIN; no error
 *   1006  abnormal end: a socket error (ECONNRESET, EPIPE …) or terminate() — ws's "closed without a handshake"
 *   1002  this end closed it for bad GLI framing (a wrong header) — ws's "protocol error"
 *   1009  this end closed it for a frame over its size limit — ws's "message too big"
 *   1008  this end dropped it for a backlog over its limit (the peer did not read) — ws's "policy violation";
 *         the checked connection's BACKLOG_CLOSE_CODE, given to terminate(), which reports the code it is given
 *
 * A code or reason given to close() cannot travel: the close handler reports 0 with the local reason.
 */
export const TCP_CLOSE_NORMAL = 0;
export const TCP_CLOSE_ABNORMAL = 1006;
export const TCP_CLOSE_BAD_FRAMING = 1002;
export const TCP_CLOSE_TOO_LARGE = 1009;

type Early =
  | { kind: 'frame'; payload: Buffer }
  | { kind: 'control'; frame: ControlFrame }
  | { kind: 'bad'; bad: BadFraming }
  | { kind: 'error'; err: Error & { code?: string } }
  | { kind: 'close'; code: number; reason: string };

/**
 * A net.Socket carrying GLI frames as a FrameSocket. onFrame gets the payload of each XML-data frame;
 * keep-alives and error acks go to onControlFrame; send() wraps a payload in an XML-data header.
 * Strings are sent as UTF-8: a codec that needs another encoding (ISO-8859-1 XML) hands over a Buffer.
 */
export class TcpFrameSocket implements FrameSocket {
  readonly transport = 'tcp' as const;
  readonly peerAddress: string;
  private readonly deframer: GliDeframer;
  /**
   * Everything that happens before onFrame is set, in arrival order: the caller of openSocket wires its
   * handlers after an await, and the peer may have spoken (and even closed) by then. Unbounded, like
   * ws-socket's: a socket is handed over to be read, so onFrame comes right after.
   */
  private early: Early[] | null = [];
  private frameHandler: (frame: string | Buffer) => void = () => undefined;
  private controlHandler: ((frame: ControlFrame) => void) | undefined;
  private badHandler: (bad: BadFraming) => void = () => undefined;
  private errorHandler: (err: Error & { code?: string }) => void = () => undefined;
  private closeHandler: ((code: number, reason: string) => void) | undefined;
  private closedEarly: [number, string] | null = null;
  /** Why this end dropped the connection (bad framing, terminate()): decides the close code over anything later. */
  private dropped: [number, string] | undefined;
  /** close() was called: an orderly end unless an error follows. */
  private localReason: string | undefined;
  private lastErrorCode: string | undefined;

  constructor(
    private readonly socket: Socket,
    peerAddress: string,
    /** Largest payload read; a frame declaring more closes the connection (1009). */
    maxFrameBytes: number,
  ) {
    this.peerAddress = peerAddress;
    this.deframer = new GliDeframer({ maxFrameBytes });
    // Frames are whole messages, often small (keep-alives, acks): Nagle would hold them back.
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.take(this.deframer.push(chunk)));
    socket.on('end', () => this.take(this.deframer.end()));
    socket.on('error', (err: Error & { code?: string }) => {
      this.lastErrorCode = err.code ?? err.message;
      this.deliver({ kind: 'error', err });
    });
    socket.on('close', (hadError: boolean) => {
      const [code, reason] =
        this.dropped ?? (hadError ? [TCP_CLOSE_ABNORMAL, this.lastErrorCode ?? ''] : [TCP_CLOSE_NORMAL, this.localReason ?? '']);
      this.deliver({ kind: 'close', code, reason });
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === 'open' && this.dropped === undefined && this.localReason === undefined;
  }

  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  /** Throws a RangeError for a payload over 65533 bytes: no GLI header can describe it. */
  send(frame: string | Buffer): void {
    if (!this.isOpen) return;
    // WebSocket frames sent before this one and held (ws-socket.ts) leave first: nothing sent later overtakes them.
    flushHeldFrames();
    this.socket.write(encodeGliFrame(typeof frame === 'string' ? Buffer.from(frame, 'utf8') : frame, GLI_XML_DATA));
  }

  sendControlFrame(frame: ControlFrame): void {
    // XML data through here would reach the peer unchecked and unrecorded.
    if (frame.type === GLI_XML_DATA) throw new RangeError('sendControlFrame cannot send XML data (type 0x03): send it with send(), which the checked connection records');
    if (!this.isOpen) return;
    flushHeldFrames();
    this.socket.write(encodeGliFrame(frame.payload, frame.type));
  }

  /**
   * Opens delivery: until onFrame is set, nothing is delivered (frames, control frames, framing problems,
   * errors, the close); then what waited is replayed in arrival order, after the current tick, to the
   * handlers set by then. One gate keeps a close from overtaking the frames before it.
   */
  onFrame(handler: (frame: string | Buffer) => void): void {
    this.frameHandler = handler;
    const early = this.early;
    this.early = null;
    // After the caller has finished wiring itself up (its other handlers are set in the same tick), in arrival order.
    if (early && early.length > 0) queueMicrotask(() => early.forEach((e) => this.dispatch(e)));
  }

  onControlFrame(handler: (frame: ControlFrame) => void): void {
    this.controlHandler = handler;
  }

  onBadFraming(handler: (bad: BadFraming) => void): void {
    this.badHandler = handler;
  }

  onClose(handler: (code: number, reason: string) => void): void {
    this.closeHandler = handler;
    const closed = this.closedEarly;
    if (closed) queueMicrotask(() => handler(closed[0], closed[1]));
  }

  onError(handler: (err: Error & { code?: string }) => void): void {
    this.errorHandler = handler;
  }

  /** Ends the connection after what was sent is flushed (FIN); the close handler runs when the peer has ended too. */
  close(_code?: number, reason = ''): void {
    if (this.socket.destroyed) return;
    this.localReason ??= reason;
    this.socket.end();
  }

  terminate(code: number = TCP_CLOSE_ABNORMAL, reason = ''): void {
    this.dropped ??= [code, reason];
    this.socket.destroy();
  }

  /** Frames already cut from the chunk being read are still delivered; reading stops after it. */
  setReading(on: boolean): void {
    if (on) this.socket.resume();
    else this.socket.pause();
  }

  private take(events: GliEvent[]): void {
    for (const e of events) {
      if (e.kind === 'problem') {
        const { violations, size, preview, fatal } = e;
        this.deliver({ kind: 'bad', bad: { violations, size, preview, fatal } });
        if (fatal) {
          const code = violations.some((v) => v.code === 'FRAME_TOO_LARGE') ? TCP_CLOSE_TOO_LARGE : TCP_CLOSE_BAD_FRAMING;
          this.dropped ??= [code, violations[0].message];
          // The deframer has stopped; what the peer sends from here is never read.
          this.socket.destroy();
        }
      } else if (e.type === GLI_XML_DATA) this.deliver({ kind: 'frame', payload: e.payload });
      else this.deliver({ kind: 'control', frame: { type: e.type, payload: e.payload } });
    }
  }

  private deliver(e: Early): void {
    if (this.early !== null) this.early.push(e);
    else this.dispatch(e);
  }

  private dispatch(e: Early): void {
    switch (e.kind) {
      case 'frame':
        return this.frameHandler(e.payload);
      case 'control':
        return this.controlHandler?.(e.frame);
      case 'bad':
        return this.badHandler(e.bad);
      case 'error':
        return this.errorHandler(e.err);
      case 'close':
        if (this.closeHandler) return this.closeHandler(e.code, e.reason);
        this.closedEarly = [e.code, e.reason];
    }
  }
}
