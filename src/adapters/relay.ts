import { CheckedConnection, listenSockets, openSocket } from '../transport/index.ts';
import type { FrameSocket, SocketServerHandle, WireObserver } from '../transport/index.ts';
import { announcedBy, namingRulesFor } from '../transport/index.ts';
import { facesOf } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../transport/index.ts';
import type { Endpoints } from './adapter.ts';

export interface RelayOptions {
  /** The external server, and the endpoints it offers. */
  server: { name: string; role: Role; endpoints: Endpoints };
  observer: WireObserver;
  maxFrameBytes?: number;
}

export interface RecordingRelay {
  /** Stand-ins for the server's endpoints, one per face: give these to the external client. */
  readonly endpoints: Endpoints;
  stop(): Promise<void>;
}

/**
 * Between two systems under test, the harness owns no end of their connection, so it places itself in
 * the middle: the client connects to the relay's endpoint (with the `?participant=` query the harness
 * gave it), the relay connects onward to the server with the same path and query, and every frame is
 * checked and recorded once — on the client-facing connection, which stands for the server (its local
 * end is the server's name) — and passed on byte for byte, garbage included.
 */
export async function startRelay(opts: RelayOptions): Promise<RecordingRelay> {
  const listeners: SocketServerHandle[] = [];
  const live = new Set<{ client: CheckedConnection; server: FrameSocket | undefined }>();
  const endpoints: Record<string, string> = {};
  const faces = facesOf(opts.server.role);
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  for (const [face, target] of Object.entries(opts.server.endpoints)) {
    const targetUrl = new URL(target);
    const protocols = faces[face]?.protocols ?? [];
    const handle = await listenSockets({
      paths: [targetUrl.pathname],
      hardLimitBytes: maxFrameBytes * 4,
      onSocket: (socket, url) => live.add(bridge(socket, url, targetUrl, face, protocols, opts, maxFrameBytes, live)),
    });
    listeners.push(handle);
    endpoints[face] = handle.urlFor(targetUrl.pathname);
  }
  return {
    endpoints,
    stop: async () => {
      await Promise.all([...live].map(async (l) => {
        l.server?.close(1001, 'relay stopping');
        await l.client.close(1001, 'relay stopping');
      }));
      await Promise.all(listeners.map((l) => l.close()));
    },
  };
}

function bridge(
  socket: FrameSocket,
  url: URL,
  target: URL,
  face: string,
  protocols: readonly Parameters<typeof namingRulesFor>[0][number][],
  opts: RelayOptions,
  maxFrameBytes: number,
  live: Set<{ client: CheckedConnection; server: FrameSocket | undefined }>,
) {
  const announced = announcedBy(url);
  let unnamed = 0;
  const client = new CheckedConnection({
    socket,
    local: { name: opts.server.name, role: opts.server.role },
    ...(announced.name !== undefined ? { remote: { name: announced.name, role: announced.role, namedBy: 'query' as const } } : {}),
    defaultRemoteName: () => `client-${++unnamed}`,
    naming: namingRulesFor(protocols),
    path: url.pathname,
    maxFrameBytes,
    observer: opts.observer,
    peerText: `from ${socket.peerAddress}, relayed to ${opts.server.name} ${face} ${target.host}`,
  });
  const entry: { client: CheckedConnection; server: FrameSocket | undefined } = { client, server: undefined };
  const queued: (string | Buffer)[] = [];
  client.onFrame((frame) => (entry.server ? entry.server.send(frame) : queued.push(frame)));
  const onward = new URL(target);
  onward.search = url.search;
  openSocket(onward.toString(), { hardLimitBytes: maxFrameBytes * 4 }).then(
    (server) => {
      if (!client.isOpen) return server.close(1001, 'client gone');
      entry.server = server;
      server.onFrame((frame) => client.forward(frame));
      server.onBadFraming((bad) => opts.observer.event({ kind: 'error', connection: client.id, participant: opts.server.name, text: `relay: ${opts.server.name} sent a frame the relay could not take: ${bad.violations.map((v) => v.message).join('; ')}` }));
      server.onError(() => undefined);
      server.onClose((code, reason) => void client.close(sendableCode(code, 1001), reason || `${opts.server.name} closed`));
      for (const f of queued.splice(0)) server.send(f);
    },
    (err: Error) => {
      opts.observer.event({ kind: 'error', connection: client.id, participant: opts.server.name, text: `relay could not reach ${opts.server.name} at ${target.href}: ${err.message}` });
      void client.close(1011, `cannot reach ${opts.server.name}`);
    },
  );
  client.onClose((c) => {
    live.delete(entry);
    entry.server?.close(sendableCode(c.code, 1000), c.reason);
  });
  return entry;
}

/** 1005 and 1006 describe a close; they cannot be sent in one. */
function sendableCode(code: number, otherwise: number): number {
  return code === 1005 || code === 1006 || code === 1015 ? otherwise : code;
}
