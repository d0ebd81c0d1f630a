import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import type { FrameSocket } from './frame-socket.ts';
import { TcpFrameSocket } from './tcp-socket.ts';

export interface TcpListenOptions {
  /** Default 127.0.0.1: nothing listens beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /** Largest GLI payload a socket reads; a frame declaring more closes it (FRAME_TOO_LARGE, 1009). Default 1 MiB. */
  maxFrameBytes?: number;
  /**
   * Each accepted socket, with the listener's own URL: a TCP peer cannot ask for a path or announce
   * itself in a query the way a WebSocket client does, so whoever listens names its peers (by the
   * participant it gave this listener to, or by the protocol's first message).
   */
  onSocket: (socket: FrameSocket, url: URL) => void;
}

export interface TcpServerHandle {
  readonly host: string;
  readonly port: number;
  /** `tcp://127.0.0.1:<port>` */
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
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const sockets = new Set<Socket>();
  let url = '';
  // Each socket is handed over in the tick it is accepted, so its handlers are set before it can read.
  const server = createServer((s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    opts.onSocket(new TcpFrameSocket(s, `${s.remoteAddress}:${s.remotePort}`, maxFrameBytes), new URL(url));
  });

  let closing: Promise<void> | null = null;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      url = `tcp://${hostForUrl(host)}:${port}`;
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
