import { CheckedConnection, listenSockets, listenTcpSockets, openSocket } from '../transport/index.ts';
import type { FrameSocket, RequestTarget, WireObserver } from '../transport/index.ts';
import { announcedBy, namingRulesFor, withoutToken } from '../transport/index.ts';
import { facesOf, PROTOCOLS } from '../catalog/registry.ts';
import { gliXmlCodec } from '../transport/index.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../transport/index.ts';
import type { Endpoints } from './adapter.ts';

export interface RelayOptions {
  /** The external server, and the endpoints it offers. */
  server: { name: string; role: Role; endpoints: Endpoints };
  /**
   * The one participant this relay serves, when it serves one (the session shares one relay among all the
   * clients of an external server, and gives none). Names the peer on a
   * tcp:// face, where a client cannot announce itself; on a ws:// face the URL's `?participant=` comes
   * first. Without either, the first message names the peer by its protocol's rule, else `client-<n>`.
   */
  client?: { name: string; role?: Role };
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
 *
 * Each face listens with its target's transport: a ws:// target gets a WebSocket stand-in, a tcp://
 * target a GLI-framed TCP one (no path, no query; the peer is named by `client`). Over TCP a frame's
 * payload is passed on as is and re-framed with the same fixed header (the deframer accepts no other),
 * so the bytes on both wires match; keep-alives and error acks are passed on too, unrecorded: they are
 * the transport's housekeeping, not messages of any model, and would bury the messages in a long run.
 */
export async function startRelay(opts: RelayOptions): Promise<RecordingRelay> {
  const listeners: { close(): Promise<void> }[] = [];
  const live = new Set<{ client: CheckedConnection; server: FrameSocket | undefined }>();
  const endpoints: Record<string, string> = {};
  const faces = facesOf(opts.server.role);
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  for (const [face, target] of Object.entries(opts.server.endpoints)) {
    const targetUrl = new URL(target);
    const protocols = faces[face]?.protocols ?? [];
    const onSocket = (socket: FrameSocket, url: RequestTarget) => live.add(bridge(socket, url, targetUrl, face, protocols, opts, maxFrameBytes, live));
    // The hard limit is 4 × the checked limit on both transports: a frame in between is read and reported, not fatal.
    if (targetUrl.protocol === 'tcp:') {
      const handle = await listenTcpSockets({ maxFrameBytes: maxFrameBytes * 4, onSocket });
      listeners.push(handle);
      endpoints[face] = handle.url;
    } else {
      const handle = await listenSockets({ paths: [targetUrl.pathname], hardLimitBytes: maxFrameBytes * 4, onSocket });
      listeners.push(handle);
      endpoints[face] = handle.urlFor(targetUrl.pathname);
    }
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
  url: RequestTarget,
  target: URL,
  face: string,
  protocols: readonly Parameters<typeof namingRulesFor>[0][number][],
  opts: RelayOptions,
  maxFrameBytes: number,
  live: Set<{ client: CheckedConnection; server: FrameSocket | undefined }>,
) {
  const announced = announcedBy(url);
  const named = announced.name !== undefined ? { name: announced.name, role: announced.role, namedBy: 'query' as const } : opts.client ? { ...opts.client, namedBy: 'configured' as const } : undefined;
  let unnamed = 0;
  let upstream: FrameSocket | undefined;
  /** What the client sent before the onward connection was up, in order (frames and control frames alike). */
  const queued: ((server: FrameSocket) => void)[] = [];
  const toServer = (pass: (server: FrameSocket) => void) => (upstream ? pass(upstream) : queued.push(pass));
  // Set with the other handlers, before any frame can be replayed to them.
  socket.onControlFrame?.((f) => toServer((server) => server.sendControlFrame?.(f)));
  // A face whose protocols are IVR XML behind the GLI header is read with the XML codec, and its raw
  // documents are kept (the diagrams show them); every other face with the JSON envelope. The bytes are
  // passed on untouched either way.
  const xml = protocols.some((p) => PROTOCOLS[p].framing === 'tcp-gli-xml');
  const client = new CheckedConnection({
    socket,
    ...(xml ? { codec: gliXmlCodec, recordRaw: true } : {}),
    local: { name: opts.server.name, role: opts.server.role },
    ...(named ? { remote: named } : {}),
    defaultRemoteName: () => `client-${++unnamed}`,
    naming: namingRulesFor(protocols),
    path: url.pathname || '/',
    maxFrameBytes,
    observer: opts.observer,
    peerText: `from ${socket.peerAddress}, relayed to ${opts.server.name} ${face} ${target.host}`,
  });
  const entry: { client: CheckedConnection; server: FrameSocket | undefined } = { client, server: undefined };
  client.onFrame((frame) => toServer((server) => server.send(frame)));
  const onward = new URL(target);
  // A WebSocket server sees the same announcement the client made, beside what its own URL carries (the
  // access token a remote server asks for); raw TCP has nowhere to carry an announcement.
  if (target.protocol !== 'tcp:') for (const [k, v] of url.searchParams) onward.searchParams.set(k, v);
  openSocket(onward.toString(), { hardLimitBytes: maxFrameBytes * 4 }).then(
    (server) => {
      if (!client.isOpen) return server.close(1001, 'client gone');
      entry.server = upstream = server;
      server.onFrame((frame) => client.forward(frame));
      server.onControlFrame?.((f) => socket.sendControlFrame?.(f));
      server.onBadFraming((bad) => opts.observer.event({ kind: 'error', connection: client.id, participant: opts.server.name, text: `relay: ${opts.server.name} sent a frame the relay could not take: ${bad.violations.map((v) => v.message).join('; ')}` }));
      server.onError(() => undefined);
      server.onClose((code, reason) => void client.close(sendableCode(code, 1001), reason || `${opts.server.name} closed`));
      for (const pass of queued.splice(0)) pass(server);
    },
    (err: Error) => {
      opts.observer.event({ kind: 'error', connection: client.id, participant: opts.server.name, text: `relay could not reach ${opts.server.name} at ${withoutToken(target.href)}: ${err.message}` });
      void client.close(1011, `cannot reach ${opts.server.name}`);
    },
  );
  client.onClose((c) => {
    live.delete(entry);
    entry.server?.close(sendableCode(c.code, 1000), c.reason);
  });
  return entry;
}

/** 1005, 1006 and 1015 describe a close and cannot be sent in one; below 1000 is TCP's way of saying how it ended (tcp-socket.ts). */
function sendableCode(code: number, otherwise: number): number {
  return code < 1000 || code === 1005 || code === 1006 || code === 1015 ? otherwise : code;
}
