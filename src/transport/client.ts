import { WebSocket } from 'ws';
import type { Catalog } from '../catalog/catalog.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import { WsMessageConnection } from './connection.ts';
import { withAnnouncement } from './naming.ts';
import type { Endpoint, MessageConnection, WireObserver } from './types.ts';

export interface ConnectOptions {
  /** `ws://127.0.0.1:<port>/path` */
  url: string;
  /** This client as a participant (`Agent1's desktop`). */
  name: string;
  role?: Role;
  /** The server as named in the trace; default: its host:port and path. */
  peer?: Endpoint;
  /** Add `?participant=<name>&role=<role>` to the URL so the server names this client (default true). */
  announce?: boolean;
  /** Records every message of this connection. Give it to one end only. */
  observer?: WireObserver;
  catalog?: Catalog;
  maxFrameBytes?: number;
  hardLimitBytes?: number;
  recordRaw?: boolean;
  /** Default 5000 ms: a server that never completes the handshake ends in a clear error. */
  connectTimeoutMs?: number;
}

/** Connects to a WebSocket server carrying JSON envelopes. Rejects with a message naming the URL. */
export function connect(opts: ConnectOptions): Promise<MessageConnection> {
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const hardLimitBytes = opts.hardLimitBytes ?? maxFrameBytes * 4;
  const target = opts.announce === false ? opts.url : withAnnouncement(opts.url, opts.name, opts.role);
  const parsed = new URL(opts.url);
  const timeoutMs = opts.connectTimeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, { maxPayload: hardLimitBytes, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const fail = (err: Error) => {
      ws.terminate();
      reject(new Error(`cannot connect to ${opts.url}: ${err.message}`));
    };
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => {
      ws.off('error', fail);
      // Aborting a handshake makes ws emit one more error; the rejection below already says what happened.
      ws.on('error', () => undefined);
      reject(new Error(`cannot connect to ${opts.url}: the server answered HTTP ${res.statusCode} instead of a WebSocket upgrade`));
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.off('error', fail);
      const conn = new WsMessageConnection({
        ws,
        local: { name: opts.name, role: opts.role },
        remote: { ...(opts.peer ?? { name: `${parsed.host}${parsed.pathname}` }), namedBy: 'configured' },
        defaultRemoteName: () => opts.peer?.name ?? `${parsed.host}${parsed.pathname}`,
        path: parsed.pathname,
        catalog: opts.catalog,
        maxFrameBytes,
        hardLimitBytes,
        observer: opts.observer,
        recordRaw: opts.recordRaw,
        peerText: `to ${parsed.host}`,
      });
      resolve(conn);
    });
  });
}
