import { connect as netConnect } from 'node:net';
import { WebSocket } from 'ws';
import type { Catalog } from '../catalog/catalog.ts';
import type { PeerNamingRule } from '../catalog/registry.ts';
import type { Role } from '../catalog/types.ts';
import { DEFAULT_MAX_FRAME_BYTES } from '../codec/envelope.ts';
import type { WireCodec } from '../codec/wire-codec.ts';
import { CheckedConnection } from './checked-connection.ts';
import type { FrameSocket } from './frame-socket.ts';
import { TOKEN_PARAMETER, tokenFrame, withoutToken } from './access.ts';
import { withAnnouncement } from './naming.ts';
import { TcpFrameSocket } from './tcp-socket.ts';
import type { Endpoint, MessageConnection, WireObserver } from './types.ts';
import { WsFrameSocket } from './ws-socket.ts';

export interface OpenSocketOptions {
  /** Default 5000 ms: a server that never completes the handshake (or never accepts) ends in a clear error. */
  connectTimeoutMs?: number;
  /** Largest frame read before the connection is closed: ws maxPayload, or the largest GLI payload over tcp:// (default 4 MiB). */
  hardLimitBytes?: number;
}

/**
 * Opens a frame socket: WebSocket for `ws://` and `wss://`, GLI-framed TCP for `tcp://host:port`.
 * Rejects with a message naming the URL (never its access token). A tcp:// URL's query (the
 * `?participant=` announcement) is ignored: raw TCP has nowhere to carry it, so the listening end names
 * the peer by its own rule; its `?token=` is sent as the first frame (access.ts).
 */
export function openSocket(url: string, opts: OpenSocketOptions = {}): Promise<FrameSocket> {
  const parsed = new URL(url);
  const shown = withoutToken(url);
  const timeoutMs = opts.connectTimeoutMs ?? 5000;
  const hardLimit = opts.hardLimitBytes ?? DEFAULT_MAX_FRAME_BYTES * 4;
  if (parsed.protocol === 'tcp:') return openTcpSocket(shown, parsed, timeoutMs, hardLimit);
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    return Promise.reject(new Error(`cannot connect to ${shown}: expected a ws://, wss:// or tcp:// endpoint, not ${parsed.protocol}//`));
  }
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { maxPayload: hardLimit, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const fail = (err: Error) => {
      ws.terminate();
      reject(new Error(`cannot connect to ${shown}: ${err.message}`));
    };
    ws.once('error', fail);
    ws.once('unexpected-response', (_req, res) => {
      ws.off('error', fail);
      // Aborting a handshake makes ws emit one more error; the rejection below already says what happened.
      ws.on('error', () => undefined);
      const why =
        res.statusCode === 401
          ? 'the server refused it (HTTP 401): it needs an access token, given as ?token= on the URL'
          : res.statusCode === 403
            ? 'the server refused it (HTTP 403): the access token is wrong'
            : `the server answered HTTP ${res.statusCode} instead of a WebSocket upgrade`;
      reject(new Error(`cannot connect to ${shown}: ${why}`));
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.off('error', fail);
      resolve(new WsFrameSocket(ws, parsed.host, hardLimit));
    });
  });
}

function openTcpSocket(url: string, parsed: URL, timeoutMs: number, maxFrameBytes: number): Promise<FrameSocket> {
  if (parsed.port === '') return Promise.reject(new Error(`cannot connect to ${url}: a tcp:// endpoint needs a port (tcp://host:port)`));
  if (parsed.pathname !== '' && parsed.pathname !== '/') {
    return Promise.reject(new Error(`cannot connect to ${url}: a tcp:// endpoint has no path (tcp://host:port); only WebSocket endpoints select a face by path`));
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const s = netConnect({ host, port: Number(parsed.port) });
    const fail = (why: string) => {
      clearTimeout(timer);
      s.destroy();
      reject(new Error(`cannot connect to ${url}: ${why}`));
    };
    // TCP has no handshake timeout of its own: a host that drops SYNs would leave the run waiting for minutes.
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    const onError = (err: Error) => fail(err.message);
    s.once('error', onError);
    s.once('connect', () => {
      clearTimeout(timer);
      s.off('error', onError);
      const socket = new TcpFrameSocket(s, parsed.host, maxFrameBytes);
      // A listener that requires a token takes it as the first frame, before anything of the protocol.
      const token = parsed.searchParams.get(TOKEN_PARAMETER);
      if (token !== null) socket.send(tokenFrame(token));
      resolve(socket);
    });
  });
}

export interface ConnectOptions {
  /** `ws://127.0.0.1:<port>/path`, or `tcp://127.0.0.1:<port>` (GLI framing; the server cannot see the announcing query). */
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
  codec?: WireCodec;
  naming?: readonly PeerNamingRule[];
  maxFrameBytes?: number;
  hardLimitBytes?: number;
  recordRaw?: boolean;
  /** Default 5000 ms. */
  connectTimeoutMs?: number;
}

/** Connects to a server carrying envelopes; the connection is checked (and recorded, given an observer) at this end. */
export async function connect(opts: ConnectOptions): Promise<MessageConnection> {
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const target = opts.announce === false ? opts.url : withAnnouncement(opts.url, opts.name, opts.role);
  const parsed = new URL(opts.url);
  const socket = await openSocket(target, { connectTimeoutMs: opts.connectTimeoutMs, hardLimitBytes: opts.hardLimitBytes ?? maxFrameBytes * 4 }).catch((err: Error) => {
    // Name the URL as the caller gave it, without the announcing query (nor the token).
    throw new Error(err.message.replace(withoutToken(target), withoutToken(opts.url)));
  });
  const peerName = opts.peer?.name ?? `${parsed.host}${parsed.pathname}`;
  return new CheckedConnection({
    socket,
    codec: opts.codec,
    local: { name: opts.name, role: opts.role },
    remote: { ...(opts.peer ?? { name: peerName }), namedBy: 'configured' },
    defaultRemoteName: () => peerName,
    naming: opts.naming,
    // A tcp:// URL has no path; '/' keeps notes and naming rules alike on both transports.
    path: parsed.pathname || '/',
    catalog: opts.catalog,
    maxFrameBytes,
    observer: opts.observer,
    recordRaw: opts.recordRaw,
    peerText: `to ${parsed.host}`,
  });
}
