import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Catalog } from '../catalog/catalog.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import { WsMessageConnection } from './connection.ts';
import { announcedBy } from './naming.ts';
import type { MessageConnection, WireObserver } from './types.ts';

export interface ListenOptions {
  /** Default 127.0.0.1: reference servers never listen beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /** This server as a participant (`IS1`). */
  name: string;
  role?: Role;
  /** Accepted request paths (default `['/']`); an upgrade to any other path is refused with 404. */
  paths?: readonly string[];
  /** Role of a peer that does not announce one, by path (the Interaction Server's /tlib face: URS). */
  remoteRoleFor?: (path: string) => Role | undefined;
  /** Records every connection of this server. Give it to one end only. */
  observer?: WireObserver;
  catalog?: Catalog;
  /** Frames above this are bad frames (FRAME_TOO_LARGE), reported and answered; default 1 MiB. */
  maxFrameBytes?: number;
  /** Frames above this close the connection (ws maxPayload, 1009); default 4 × maxFrameBytes. */
  hardLimitBytes?: number;
  /** Put each frame's text in the trace (`raw`). */
  recordRaw?: boolean;
  onConnection: (conn: MessageConnection) => void;
}

export interface WsServerHandle {
  readonly host: string;
  readonly port: number;
  /** `ws://127.0.0.1:<port>/` */
  readonly url: string;
  urlFor(path: string): string;
  connections(): MessageConnection[];
  /** Closes every connection (1001), then the listener; resolves when all are closed. Idempotent. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** A WebSocket server carrying JSON envelopes, one MessageConnection per client. */
export function listen(opts: ListenOptions): Promise<WsServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const paths = new Set(opts.paths ?? ['/']);
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const hardLimitBytes = opts.hardLimitBytes ?? maxFrameBytes * 4;
  const live = new Set<WsMessageConnection>();
  const sockets = new Set<Socket>();
  let unnamed = 0;

  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' });
    res.end('this is a WebSocket endpoint\n');
  });
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: hardLimitBytes, perMessageDeflate: false });

  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'ws://localhost');
    if (!paths.has(url.pathname)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const ann = announcedBy(url);
      const role = ann.role ?? opts.remoteRoleFor?.(url.pathname);
      const conn = new WsMessageConnection({
        ws,
        local: { name: opts.name, role: opts.role },
        remote: ann.name !== undefined ? { name: ann.name, role, namedBy: 'query' } : undefined,
        defaultRemoteName: () => `client-${++unnamed}`,
        defaultRemoteRole: role,
        path: url.pathname,
        catalog: opts.catalog,
        maxFrameBytes,
        hardLimitBytes,
        observer: opts.observer,
        recordRaw: opts.recordRaw,
        peerText: `from ${req.socket.remoteAddress}:${req.socket.remotePort}`,
      });
      if (ann.badRole !== undefined) {
        opts.observer?.event({
          kind: 'error',
          connection: conn.id,
          participant: ann.name,
          text: `unknown role "${ann.badRole}" in the connection URL's role parameter; known roles: InteractionServer, StatServer, URS, TServer, IVRServer, IVR, AgentApplication, MediaServer`,
        });
      }
      live.add(conn);
      conn.onClose(() => live.delete(conn));
      opts.onConnection(conn);
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
        connections: () => Array.from(live),
        close: () => {
          closing ??= (async () => {
            await Promise.all(Array.from(live, (c) => c.close(1001, 'server stopping')));
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
