import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { GLI_ERROR_ACK } from '../codec/gli-framing.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import { checkToken, listenProblem, refusalText, TOKEN_FRAME_TIMEOUT_MS, tokenOfFrame, withToken } from './access.ts';
import type { Refusal } from './access.ts';
import type { FrameSocket } from './frame-socket.ts';
import type { RequestTarget } from './request-target.ts';
import { TcpFrameSocket } from './tcp-socket.ts';

export interface TcpListenOptions {
  /** Default 127.0.0.1: nothing listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /** Largest GLI payload a socket reads; a frame declaring more closes it (FRAME_TOO_LARGE, 1009). Default 1 MiB. */
  maxFrameBytes?: number;
  /**
   * The access token (access.ts): required to listen anywhere but loopback; given on loopback, required
   * all the same. A client's first frame must then be an XML-data frame whose payload is
   * `{"token":"…"}`; it is taken, not handed on. Anything else first, or nothing within 5 s, and the
   * listener answers an Error Ack frame saying why and closes the connection.
   */
  token?: string;
  /** A client refused for its token (never told what it presented). */
  onRefused?: (refusal: Refusal) => void;
  /** How long a client has to send its token frame (default TOKEN_FRAME_TIMEOUT_MS). */
  tokenFrameTimeoutMs?: number;
  /**
   * Each accepted socket, with the listener's own URL: a TCP peer cannot ask for a path or announce
   * itself in a query the way a WebSocket client does, so whoever listens names its peers (by the
   * participant it gave this listener to, or by the protocol's first message).
   */
  onSocket: (socket: FrameSocket, url: RequestTarget) => void;
}

export interface TcpServerHandle {
  readonly host: string;
  readonly port: number;
  /** `tcp://127.0.0.1:<port>`, with `?token=` when the listener requires one (flowcert's TCP client then sends the token frame). */
  readonly url: string;
  /** Stops accepting and closes the listener, destroying any socket still open. Open sockets are the caller's to close first for an orderly end. Idempotent. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A TCP listener handing over GLI frame sockets: the TCP twin of listenSockets. */
export function listenTcpSockets(opts: TcpListenOptions): Promise<TcpServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const problem = listenProblem(host, opts.token);
  if (problem !== undefined) return Promise.reject(new Error(`cannot listen on ${host}: ${problem}`));
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const sockets = new Set<Socket>();
  let url = '';
  // Each socket is handed over in the tick it is accepted, so its handlers are set before it can read.
  const server = createServer((s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    const socket = new TcpFrameSocket(s, `${s.remoteAddress}:${s.remotePort}`, maxFrameBytes);
    const own = new URL(url);
    own.search = '';
    if (opts.token === undefined) opts.onSocket(socket, own);
    else awaitToken(socket, opts.token, url, opts.tokenFrameTimeoutMs ?? TOKEN_FRAME_TIMEOUT_MS, (refusal) => opts.onRefused?.(refusal), () => opts.onSocket(socket, own));
  });

  let closing: Promise<void> | null = null;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      url = withToken(`tcp://${hostForUrl(host)}:${port}`, opts.token);
      resolve({
        host,
        port,
        url,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // A socket left open would keep server.close() from ever calling back.
            for (const s of sockets) s.destroy();
          });
          return closing;
        },
      });
    });
  });
}

/**
 * Holds a new connection until its first frame presents the token: then hands it over (the token frame
 * is not), else answers an Error Ack saying why and closes it. Frames the client sent right behind its
 * token reach the new owner in order: the socket's handlers are replaced in the same tick.
 */
function awaitToken(socket: TcpFrameSocket, token: string, url: string, timeoutMs: number, refused: (r: Refusal) => void, admit: () => void): void {
  let decided = false;
  const where = new URL(url).host;
  const refuse = (presented: 'none' | 'wrong' | 'late') => {
    decided = true;
    clearTimeout(timer);
    const text = refusalText(socket.peerAddress, where, presented, undefined, timeoutMs);
    socket.sendControlFrame({ type: GLI_ERROR_ACK, payload: Buffer.from(presented === 'wrong' ? 'flowcert: wrong access token' : 'flowcert: this endpoint needs an access token: send {"token":"<token>"} as the first frame (README, "Access token")', 'utf8') });
    socket.close();
    refused({ peer: socket.peerAddress, presented: presented === 'wrong' ? 'wrong' : 'none', text });
  };
  const timer = setTimeout(() => refuse('late'), timeoutMs);
  socket.onControlFrame(() => {
    if (!decided) refuse('none');
  });
  socket.onBadFraming(() => {
    if (!decided) refuse('none');
  });
  socket.onClose(() => {
    if (decided) return;
    // Gone before presenting anything: refused all the same, and recorded (a scan, a client that gave up).
    decided = true;
    clearTimeout(timer);
    refused({ peer: socket.peerAddress, presented: 'none', text: `${refusalText(socket.peerAddress, where, 'none')} before it closed the connection` });
  });
  socket.onError(() => undefined);
  socket.onFrame((frame) => {
    if (decided) return;
    const presented = checkToken(token, tokenOfFrame(frame) ?? null);
    if (presented !== 'right') return refuse(presented);
    decided = true;
    clearTimeout(timer);
    admit();
  });
}
