import type { Catalog } from '../catalog/catalog.ts';
import type { PeerNamingRule } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import type { WireCodec } from '../codec/wire-codec.ts';
import { CheckedConnection } from './checked-connection.ts';
import { announcedBy, unknownRoleText } from './naming.ts';
import type { MessageConnection, WireObserver } from './types.ts';
import { listenSockets } from './ws-server.ts';
import type { SocketServerHandle } from './ws-server.ts';

export interface ListenOptions {
  /** Default 127.0.0.1: reference servers never listen beyond loopback unless told to. */
  host?: string;
  /** Default 0: the OS picks a free port, so runs never collide. */
  port?: number;
  /**
   * The access token clients must present as `?token=` (transport/access.ts); required off loopback.
   * A client refused for it is recorded as an error note, without what it presented.
   */
  token?: string;
  /** This server as a participant (`IS1`). */
  name: string;
  role?: Role;
  /** Accepted request paths (default `['/']`); an upgrade to any other path is refused with 404. */
  paths?: readonly string[];
  /** Role of a peer that does not announce one, by path (the Interaction Server's /tlib face: URS). */
  remoteRoleFor?: (path: string) => Role | undefined;
  /** How an unannounced peer names itself, by path (the registry's rules of the face's protocols). */
  namingFor?: (path: string) => readonly PeerNamingRule[];
  /** Records every connection of this server. Give it to one end only. */
  observer?: WireObserver;
  catalog?: Catalog;
  codec?: WireCodec;
  /** Frames above this are bad frames (FRAME_TOO_LARGE), reported and answered; default 1 MiB. */
  maxFrameBytes?: number;
  /** Frames above this close the connection (ws maxPayload, 1009); default 4 × maxFrameBytes. */
  hardLimitBytes?: number;
  /** Put each frame's text in the trace (`raw`). */
  recordRaw?: boolean;
  /** Unsent bytes queued toward one client before its connection is closed as flooding (BACKLOG_EXCEEDED); default 8 MiB. */
  maxBacklogBytes?: number;
  onConnection: (conn: MessageConnection) => void;
}

export interface WsServerHandle extends SocketServerHandle {
  connections(): MessageConnection[];
  /** Closes every connection (1001), then the listener; resolves when all are closed. Idempotent. */
  close(): Promise<void>;
}

/** A WebSocket server whose every connection is a CheckedConnection (catalog, pairing, recording). */
export async function listen(opts: ListenOptions): Promise<WsServerHandle> {
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const live = new Set<CheckedConnection>();
  let unnamed = 0;
  // One function for every connection, not one each.
  const defaultRemoteName = () => `client-${++unnamed}`;
  // The connection copies it.
  const local = { name: opts.name, role: opts.role };
  const sockets = await listenSockets({
    host: opts.host,
    port: opts.port,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    onRefused: (r) => opts.observer?.event({ kind: 'error', ...(r.participant !== undefined ? { participant: r.participant } : {}), text: `${opts.name}: ${r.text}`, data: { refused: { peer: r.peer, path: r.path, presented: r.presented } } }),
    paths: opts.paths,
    hardLimitBytes: opts.hardLimitBytes ?? maxFrameBytes * 4,
    onSocket: (socket, url) => {
      const ann = announcedBy(url);
      const role = ann.role ?? opts.remoteRoleFor?.(url.pathname);
      const conn = new CheckedConnection({
        socket,
        codec: opts.codec,
        local,
        remote: ann.name !== undefined ? { name: ann.name, role, namedBy: 'query' } : undefined,
        defaultRemoteName,
        defaultRemoteRole: role,
        naming: opts.namingFor?.(url.pathname),
        path: url.pathname,
        catalog: opts.catalog,
        maxFrameBytes,
        observer: opts.observer,
        recordRaw: opts.recordRaw,
        // Only a note says where the peer is: without an observer nobody reads it (and it costs a syscall).
        ...(opts.observer ? { peerText: `from ${socket.peerAddress}` } : {}),
        ...(opts.maxBacklogBytes !== undefined ? { maxBacklogBytes: opts.maxBacklogBytes } : {}),
      });
      if (ann.badRole !== undefined) {
        opts.observer?.event({ kind: 'error', connection: conn.id, participant: ann.name, text: unknownRoleText(ann.badRole) });
      }
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
    urlFor: sockets.urlFor,
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
