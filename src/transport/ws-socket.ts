import type { WebSocket } from 'ws';
import type { BadFraming, FrameSocket } from './frame-socket.ts';

interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * Sockets corked since their last write: not a closure and a callback per socket and tick (a server
 * answering 10,000 agents, one request each a tick, made one per answer).
 *
 * When the corked frames go out depends on where they were sent:
 * - from a frame handler (a ws socket's read callback, `reading` > 0): at the end of the event-loop
 *   turn, one setImmediate for every socket. Microtasks run after each read callback, so a connection sent
 *   to from many of them in one turn (the reporting engine, told of every agent's login) had one write
 *   syscall per frame; at the turn's end it has one for all of them. A 10,000-agent login cost the
 *   Interaction Server 100–150 ms less CPU so (bench/agents-scale.bench.ts).
 * - from anywhere else (a stimulus, a timer, a promise's continuation): by a microtask, before the code
 *   that sent goes on to anything else, and every frame held so far goes with it. So does any frame held
 *   when a TCP frame is sent (flushHeldFrames). The harness's steps act on several connections in turn and
 *   count on it: a call a T-Server announced must reach the IVR Server before the IVR reports it.
 * Nothing outside the process can have seen a held frame's effect, so holding it to the turn's end
 * reorders nothing anyone can tell.
 */
let corked: Array<WsFrameSocket | CorkableSocket> = [];
/** Read callbacks of ws sockets being run (frame handlers may nest: a handler that closes a socket). */
let reading = 0;
let turnEndDue = false;
let microtaskDue = false;

function hold(ws: WsFrameSocket, socket: CorkableSocket): void {
  corked.push(ws, socket);
}

/** Schedules the write of what is held: at the turn's end from a frame handler, else by a microtask. */
function release(): void {
  if (reading > 0) {
    if (!turnEndDue) {
      turnEndDue = true;
      setImmediate(atTurnEnd);
    }
  } else if (!microtaskDue) {
    microtaskDue = true;
    queueMicrotask(atMicrotask);
  }
}

function atTurnEnd(): void {
  turnEndDue = false;
  flushHeldFrames();
}

function atMicrotask(): void {
  microtaskDue = false;
  flushHeldFrames();
}

/** Writes every frame held, now, in the order their sockets were corked. */
export function flushHeldFrames(): void {
  if (corked.length === 0) return;
  const these = corked;
  corked = [];
  for (let i = 0; i < these.length; i += 2) {
    (these[i] as WsFrameSocket).uncorked();
    (these[i + 1] as CorkableSocket).uncork();
  }
}

/** A `ws` WebSocket as a FrameSocket: one text (or binary) message is one frame. */
export class WsFrameSocket implements FrameSocket {
  readonly transport = 'ws' as const;
  // Handlers are fields that start empty, not placeholder closures: four fewer functions per connection.
  /** Frames that arrived before onFrame: ws may deliver the first ones in the same tick as 'open'. */
  private early: (string | Buffer)[] | undefined;
  private frameHandler: ((frame: string | Buffer) => void) | undefined;
  private badHandler: ((bad: BadFraming) => void) | undefined;
  private closedEarly: [number, string] | null = null;
  private closeHandler: ((code: number, reason: string) => void) | undefined;
  private errorHandler: ((err: Error & { code?: string }) => void) | undefined;
  /** Why terminate() dropped the connection, when it was told: reported instead of ws's 1006. */
  private dropped: [number, string] | undefined;

  constructor(
    private readonly ws: WebSocket,
    /** `127.0.0.1:50312`, or how to learn it: asking the socket costs a getpeername call, made only when someone reads it. */
    private peer: string | (() => string),
    /** ws's maxPayload: a bigger frame closes the connection (1009). */
    private readonly hardLimitBytes: number,
  ) {
    ws.on('message', (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      const frame = isBinary ? buf : buf.toString('utf8');
      if (this.frameHandler) {
        reading++;
        try {
          this.frameHandler(frame);
        } finally {
          reading--;
        }
      } else (this.early ??= []).push(frame);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        // ws stops reading at its hard limit and closes with 1009: the real size is unknown, the limit + 1 is a lower bound.
        this.badHandler?.({
          violations: [
            {
              code: 'FRAME_TOO_LARGE',
              severity: 'error',
              message: `frame larger than ${this.hardLimitBytes} bytes, the connection's hard limit; the connection was closed (1009)`,
              expected: `at most ${this.hardLimitBytes} bytes`,
            },
          ],
          size: this.hardLimitBytes + 1,
          preview: '',
          fatal: true,
        });
        return;
      }
      this.errorHandler?.(err);
    });
    ws.on('close', (code, reason) => {
      const [c, r] = this.dropped ?? [code, reason.toString()];
      if (this.closeHandler) this.closeHandler(c, r);
      else this.closedEarly = [c, r];
    });
  }

  get peerAddress(): string {
    if (typeof this.peer === 'function') this.peer = this.peer();
    return this.peer;
  }

  get isOpen(): boolean {
    return this.ws.readyState === 1;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(frame: string | Buffer): void {
    if (this.ws.readyState !== 1) return;
    // Frames leave in as few writes as they may (a snapshot of 10,000 states is one burst, not 10,000
    // syscalls): held while the socket is corked, written when release() says (see `corked`).
    if (!this.corked) {
      const socket = (this.ws as unknown as { _socket?: CorkableSocket })._socket;
      if (socket) {
        this.corked = true;
        socket.cork();
        hold(this, socket);
      }
    }
    this.ws.send(frame);
    release();
  }

  /** @internal flushHeldFrames(): this socket's frames are written. */
  uncorked(): void {
    this.corked = false;
  }

  private corked = false;

  onFrame(handler: (frame: string | Buffer) => void): void {
    this.frameHandler = handler;
    const early = this.early;
    this.early = undefined;
    // After the caller has finished wiring itself up, in arrival order, before anything later.
    if (early && early.length > 0) queueMicrotask(() => early.forEach((f) => handler(f)));
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

  close(code = 1000, reason = ''): void {
    try {
      this.ws.close(code, reason);
    } catch {
      // A code ws refuses (e.g. 1005) must still end the connection.
      this.ws.terminate();
    }
  }

  terminate(code?: number, reason = ''): void {
    if (code !== undefined && this.ws.readyState !== 3) this.dropped ??= [code, reason];
    // What was sent before goes out first: destroying a corked socket discards it, and frames a handler
    // sent wait for the turn's end (see `corked`), so a terminate later in the turn would drop them.
    if (this.corked) (this.ws as unknown as { _socket?: CorkableSocket })._socket?.uncork();
    this.ws.terminate();
  }

  setReading(on: boolean): void {
    if (on) this.ws.resume();
    else this.ws.pause();
  }
}
