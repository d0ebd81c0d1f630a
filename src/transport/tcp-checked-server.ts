import type { Catalog } from '../catalog/catalog.ts';
import type { PeerNamingRule } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import { GLI_KEEPALIVE_ACK, GLI_KEEPALIVE_REQ, GLI_TYPE_NAMES } from '../codec/gli-framing.ts';
import type { GliMsgType } from '../codec/gli-framing.ts';
import type { WireCodec } from '../codec/wire-codec.ts';
import { CheckedConnection } from './checked-connection.ts';
import { listenTcpSockets } from './tcp-server.ts';
import type { MessageConnection, WireObserver } from './types.ts';

export interface TcpCheckedListenOptions {
  host?: string;
  port?: number;
  token?: string;
  /** This server as a participant (`IVRS1`). */
  name: string;
  role?: Role;
  /** Role of every peer (a TCP peer cannot announce one). */
  remoteRole?: Role;
  /** How a peer names itself by its first message (the registry's rule of the face's protocol). */
  naming?: readonly PeerNamingRule[];
  observer?: WireObserver;
  catalog?: Catalog;
  codec: WireCodec;
  maxFrameBytes?: number;
  recordRaw?: boolean;
  maxBacklogBytes?: number;
  onConnection: (conn: MessageConnection) => void;
}

export interface TcpCheckedServerHandle {
  readonly host: string;
  readonly port: number;
  /** `tcp://127.0.0.1:<port>`. */
  readonly url: string;
  connections(): MessageConnection[];
  /** Closes every connection, then the listener. Idempotent. */
  close(): Promise<void>;
}

/**
 * A GLI-framed TCP server whose every connection is a CheckedConnection (codec, catalog, pairing,
 * recording), the TCP twin of server.ts's listen(). GLI KeepAlive Req frames are answered with KeepAlive
 * Ack here, below the messages (reference §4.1), and noted in the trace; Error Ack and stray KeepAlive
 * Ack frames are noted too, since a peer sends them for a reason.
 */
export async function listenTcp(opts: TcpCheckedListenOptions): Promise<TcpCheckedServerHandle> {
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const live = new Set<CheckedConnection>();
  let unnamed = 0;
  const sockets = await listenTcpSockets({
    host: opts.host,
    port: opts.port,
    maxFrameBytes,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    onRefused: (r) => opts.observer?.event({ kind: 'error', text: `${opts.name}: ${r.text}`, data: { refused: { peer: r.peer, presented: r.presented } } }),
    onSocket: (socket) => {
      const conn = new CheckedConnection({
        socket,
        codec: opts.codec,
        local: { name: opts.name, role: opts.role },
        defaultRemoteName: () => `client-${++unnamed}`,
        defaultRemoteRole: opts.remoteRole,
        naming: opts.naming,
        path: '/',
        catalog: opts.catalog,
        maxFrameBytes,
        observer: opts.observer,
        recordRaw: opts.recordRaw,
        peerText: `from ${socket.peerAddress}`,
        ...(opts.maxBacklogBytes !== undefined ? { maxBacklogBytes: opts.maxBacklogBytes } : {}),
      });
      socket.onControlFrame?.((f) => {
        const type = GLI_TYPE_NAMES[f.type as GliMsgType] ?? `type ${f.type}`;
        if (f.type === GLI_KEEPALIVE_REQ) socket.sendControlFrame?.({ type: GLI_KEEPALIVE_ACK, payload: Buffer.alloc(0) });
        opts.observer?.event({
          kind: f.type === GLI_KEEPALIVE_REQ || f.type === GLI_KEEPALIVE_ACK ? 'info' : 'error',
          connection: conn.id,
          participant: conn.remote.name,
          text: f.type === GLI_KEEPALIVE_REQ ? `${conn.remote.name} sent a GLI KeepAlive Req on ${conn.id}; ${opts.name} answered KeepAlive Ack` : `${conn.remote.name} sent a GLI ${type} frame on ${conn.id}${f.payload.length ? `: ${f.payload.toString('latin1').slice(0, 200)}` : ''}`,
          data: { gli: type },
        });
      });
      live.add(conn);
      conn.onClose(() => live.delete(conn));
      opts.onConnection(conn);
    },
  });
  let closing: Promise<void> | null = null;
  return {
    host: sockets.host,
    port: sockets.port,
    url: sockets.url,
    connections: () => Array.from(live),
    close: () => {
      closing ??= (async () => {
        await Promise.all(Array.from(live, (c) => c.close(1001, 'server stopping')));
        await sockets.close();
      })();
      return closing;
    },
  };
}
