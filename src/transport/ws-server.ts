import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { FrameSocket } from './frame-socket.ts';
import { WsFrameSocket } from './ws-socket.ts';

export interface SocketListenOptions {
  /** Default 127.0.0.1: nothing listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /** Accepted request paths (default `['/']`); an upgrade to any other path is refused with 404. */
  paths?: readonly string[];
  /** ws maxPayload: a bigger frame closes the connection (1009). */
  hardLimitBytes: number;
  /** Each accepted socket with the URL it asked for (path and query). */
  onSocket: (socket: FrameSocket, url: URL) => void;
}

export interface SocketServerHandle {
  readonly host: string;
  readonly port: number;
  /** `ws://127.0.0.1:<port>/` */
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
  const paths = new Set(opts.paths ?? ['/']);
  const sockets = new Set<Socket>();
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('this is a WebSocket endpoint\n');
  });
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.hardLimitBytes, perMessageDeflate: false });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://localhost');
    if (!paths.has(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      opts.onSocket(new WsFrameSocket(ws, `${req.socket.remoteAddress}:${req.socket.remotePort}`, opts.hardLimitBytes), url);
    });
  });

  let closing: Promise<void> | null = null;
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, host, () => {
      http.off('error', reject);
      const port = (http.address() as AddressInfo).port;
      const base = `ws://${hostForUrl(host)}:${port}`;
      resolve({
        host,
        port,
        url: `${base}/`,
        urlFor: (path: string) => `${base}${path.startsWith('/') ? path : `/${path}`}`,
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
