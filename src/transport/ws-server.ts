import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { checkToken, listenProblem, refusalText, TOKEN_PARAMETER, withToken } from './access.ts';
import type { Refusal } from './access.ts';
import type { FrameSocket } from './frame-socket.ts';
import { requestTarget } from './request-target.ts';
import type { RequestTarget } from './request-target.ts';
import { WsFrameSocket } from './ws-socket.ts';

export interface SocketListenOptions {
  /** Default 127.0.0.1: nothing listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /**
   * The access token a client must present as `?token=` (access.ts): required to listen anywhere but
   * loopback; given on loopback, required all the same. Without it the upgrade is refused (401, or 403
   * for a wrong one) before any WebSocket exists.
   */
  token?: string;
  /** A client refused for its token (never told what it presented). */
  onRefused?: (refusal: Refusal) => void;
  /** Accepted request paths (default `['/']`); an upgrade to any other path is refused with 404. */
  paths?: readonly string[];
  /** ws maxPayload: a bigger frame closes the connection (1009). */
  hardLimitBytes: number;
  /** Each accepted socket with the URL it asked for (path and query; the token taken out). */
  onSocket: (socket: FrameSocket, url: RequestTarget) => void;
}

export interface SocketServerHandle {
  readonly host: string;
  readonly port: number;
  /** `ws://127.0.0.1:<port>/`, with `?token=` when the listener requires one: a URL a client can use as is. */
  readonly url: string;
  urlFor(path: string): string;
  /** Stops accepting, drops half-open handshakes, closes the listener. Open sockets are the caller's to close first. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A WebSocket listener handing over frame sockets: the base of checked servers, relays and the control channel. */
export function listenSockets(opts: SocketListenOptions): Promise<SocketServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  // Checked here, whoever the caller: no path through flowcert opens an endpoint off loopback without a token.
  const problem = listenProblem(host, opts.token);
  if (problem !== undefined) return Promise.reject(new Error(`cannot listen on ${host}: ${problem}`));
  const paths = new Set(opts.paths ?? ['/']);
  const sockets = new Set<Socket>();
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('this is a WebSocket endpoint\n');
  });
  // One listener for every socket's close, not a closure each.
  const forget = function (this: Socket) {
    sockets.delete(this);
  };
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', forget);
  });
  // No client tracking: `sockets` already holds every socket, upgraded or not, and close() destroys them;
  // ws's own set would add an entry and a close listener to each of 10,000 connections.
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.hardLimitBytes, perMessageDeflate: false, clientTracking: false });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = requestTarget(req.url ?? '/');
    // The token is checked before the path: a client without it learns nothing about what is served here.
    if (opts.token !== undefined && !admitted(opts.token, url, req, socket, opts.onRefused)) return;
    // Taken out whether it was needed or not: what the server hands on (to naming, to notes) never holds it.
    // Looked for first: deleting re-serialises the URL, a cost every connection would pay for nothing.
    if (url.searchParams.has(TOKEN_PARAMETER)) url.searchParams.delete(TOKEN_PARAMETER);
    if (!paths.has(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const peer = req.socket;
      opts.onSocket(new WsFrameSocket(ws, () => `${peer.remoteAddress}:${peer.remotePort}`, opts.hardLimitBytes), url);
    });
  });

  let closing: Promise<void> | null = null;
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', reject);
      const port = (http.address() as AddressInfo).port;
      const base = `ws://${hostForUrl(host)}:${port}`;
      const urlFor = (path: string) => withToken(`${base}${path.startsWith('/') ? path : `/${path}`}`, opts.token);
      resolve({
        host,
        port,
        url: urlFor('/'),
        urlFor,
        close: () => {
          closing ??= (async () => {
            await new Promise<void>((done) => wss.close(() => done()));
            // Half-open HTTP sockets (a client mid-handshake) would keep the listener open.
            for (const s of sockets) s.destroy();
            await new Promise<void>((done) => http.close(() => done()));
          })();
          return closing;
        },
      });
    });
  });
}

/**
 * Whether the upgrade presents the listener's token; if not, it is answered with 401 (none presented)
 * or 403 (a wrong one) and a line saying what to do, and reported. What it presented is never echoed.
 */
function admitted(token: string, url: RequestTarget, req: IncomingMessage, socket: Socket, onRefused: SocketListenOptions['onRefused']): boolean {
  const presented = checkToken(token, url.searchParams.get(TOKEN_PARAMETER));
  if (presented === 'right') return true;
  const body =
    presented === 'none'
      ? 'flowcert: this endpoint needs an access token: add ?token=<token> to the URL (README, "Access token")\n'
      : 'flowcert: wrong access token\n';
  const status = presented === 'none' ? '401 Unauthorized' : '403 Forbidden';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  const peer = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
  const participant = url.searchParams.get('participant') ?? undefined;
  onRefused?.({ peer, path: url.pathname, ...(participant ? { participant } : {}), presented, text: refusalText(peer, url.pathname, presented, participant ?? undefined) });
  return false;
}
