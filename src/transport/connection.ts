import type { WebSocket } from 'ws';
import type { Catalog } from '../catalog/catalog.ts';
import { defaultCatalog } from '../catalog/catalog.ts';
import { ReferenceTracker } from '../catalog/reference-tracker.ts';
import type { Role, Violation } from '../catalog/types.ts';
import { validateMessage } from '../catalog/validate.ts';
import type { Envelope } from '../codec/envelope.ts';
import { encodeFrame } from '../codec/envelope.ts';
import { FrameReader } from '../codec/frame-reader.ts';
import { roleOfClientType } from './naming.ts';
import type {
  CloseInfo,
  Endpoint,
  InboundBadFrame,
  InboundMessage,
  MessageConnection,
  SendResult,
  WireObserver,
} from './types.ts';

let nextConnection = 0;

/** Connection ids are unique per process: one trace may hold connections of several servers. */
export function nextConnectionId(): string {
  return `c${++nextConnection}`;
}

/** How long close() waits for the peer's closing handshake before it drops the socket. */
const CLOSE_GRACE_MS = 1000;

export interface ConnectionOptions {
  ws: WebSocket;
  local: Endpoint;
  /** A remote whose name is already known (query parameters, configured peer). */
  remote?: Endpoint & { namedBy: 'query' | 'configured' };
  /** Fallback name when the first message does not name the peer (`client-<n>`); called only then. */
  defaultRemoteName: () => string;
  /** Role of an unnamed peer (e.g. URS on the Interaction Server's /tlib face). */
  defaultRemoteRole?: Role;
  path: string;
  catalog?: Catalog;
  maxFrameBytes: number;
  /** The socket's hard limit (ws maxPayload): a bigger frame closes the connection with 1009. */
  hardLimitBytes: number;
  observer?: WireObserver;
  recordRaw?: boolean;
  /** Where the peer is, for the connection-open note: `from 127.0.0.1:50312` (server side), `to 127.0.0.1:8080` (client side). */
  peerText?: string;
}

/**
 * One WebSocket carrying JSON envelopes. Both directions go through the catalog: inbound frames through
 * this connection's FrameReader (decode, validate, pair), outbound envelopes through validateMessage and
 * the same ReferenceTracker, so the trace shows a reference server's own mistakes as well as a SUT's.
 */
export class WsMessageConnection implements MessageConnection {
  readonly id = nextConnectionId();
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly path: string;
  private readonly ws: WebSocket;
  private readonly catalog: Catalog;
  private readonly reader: FrameReader;
  private readonly tracker: ReferenceTracker;
  private readonly observer: WireObserver | undefined;
  private readonly recordRaw: boolean;
  private readonly hardLimit: number;
  private readonly defaultRemoteName: () => string;
  private named: boolean;
  private messageHandlers: ((m: InboundMessage) => void)[] = [];
  private badFrameHandlers: ((b: InboundBadFrame) => void)[] = [];
  private closeHandlers: ((c: CloseInfo) => void)[] = [];
  /** Messages that arrived before any message handler was attached (a client between open and its first onMessage). */
  private early: InboundMessage[] | null = [];
  private closing = false;
  private closedInfo: CloseInfo | null = null;
  private readonly closedPromise: Promise<void>;
  private resolveClosed!: () => void;

  constructor(opts: ConnectionOptions) {
    this.ws = opts.ws;
    this.local = { ...opts.local };
    this.path = opts.path;
    this.catalog = opts.catalog ?? defaultCatalog;
    this.tracker = new ReferenceTracker();
    this.reader = new FrameReader({ catalog: this.catalog, maxBytes: opts.maxFrameBytes, tracker: this.tracker });
    this.observer = opts.observer;
    this.recordRaw = opts.recordRaw ?? false;
    this.hardLimit = opts.hardLimitBytes;
    this.defaultRemoteName = opts.defaultRemoteName;
    this.named = opts.remote !== undefined;
    // An unnamed peer is `?` until its first message settles the name (nothing is recorded under `?`).
    this.remote = opts.remote ? { name: opts.remote.name, role: opts.remote.role } : { name: '?', role: opts.defaultRemoteRole };
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));

    this.ws.on('message', (data, isBinary) => this.receive(data as Buffer | Buffer[] | ArrayBuffer, isBinary));
    this.ws.on('error', (err) => this.socketError(err as Error & { code?: string }));
    this.ws.on('close', (code, reason) => this.closed(code, reason.toString()));

    if (this.observer) {
      // Both ends, so a recorder on either side learns every participant (adding one twice is harmless).
      this.observer.participant?.({ connection: this.id, name: this.local.name, role: this.local.role, namedBy: 'configured', end: 'local' });
      if (opts.remote) this.observer.participant?.({ connection: this.id, name: this.remote.name, role: this.remote.role, namedBy: opts.remote.namedBy, end: 'remote' });
      const peer = opts.peerText ? ` ${opts.peerText}` : '';
      this.observer.event({
        kind: 'connection-open',
        connection: this.id,
        participant: this.named ? this.remote.name : undefined,
        text: `connection ${this.id} opened: ${this.local.name} ↔ ${this.named ? this.remote.name : 'unnamed peer'}${peer} on ${this.path}`,
      });
    }
  }

  get isOpen(): boolean {
    return this.closedInfo === null && !this.closing && this.ws.readyState === 1;
  }

  send(envelope: Envelope): SendResult {
    if (!this.isOpen) return { sent: false, violations: [] };
    const frame = encodeFrame(envelope);
    const checked = validateMessage(this.catalog, envelope, { fromRole: this.local.role, toRole: this.remote.role });
    const resolved = checked.resolved;
    let violations = checked.violations;
    if (resolved) {
      const pairing = this.tracker.observe(resolved.def, envelope.referenceId, 'local');
      // validateMessage returns a shared frozen array when there is nothing to say: never push into it.
      if (pairing.length > 0) violations = violations.length > 0 ? [...violations, ...pairing] : pairing;
    }
    if (!this.named) this.settleName(undefined);
    if (this.observer) {
      this.observer.message({
        connection: this.id,
        from: this.local.name,
        to: this.remote.name,
        envelope,
        canonical: resolved ? resolved.def.name : envelope.message,
        ...(resolved?.aliasUsed !== undefined ? { alias: resolved.aliasUsed } : {}),
        violations,
        ...(this.recordRaw ? { raw: frame } : {}),
      });
    }
    this.ws.send(frame);
    return { sent: true, violations };
  }

  onMessage(handler: (m: InboundMessage) => void): () => void {
    this.messageHandlers.push(handler);
    if (this.early !== null) {
      const early = this.early;
      this.early = null;
      if (early.length > 0) queueMicrotask(() => early.forEach((m) => this.dispatch(m)));
    }
    return () => (this.messageHandlers = this.messageHandlers.filter((h) => h !== handler));
  }

  onBadFrame(handler: (b: InboundBadFrame) => void): () => void {
    this.badFrameHandlers.push(handler);
    return () => (this.badFrameHandlers = this.badFrameHandlers.filter((h) => h !== handler));
  }

  onClose(handler: (c: CloseInfo) => void): () => void {
    if (this.closedInfo) {
      const info = this.closedInfo;
      queueMicrotask(() => handler(info));
    } else this.closeHandlers.push(handler);
    return () => (this.closeHandlers = this.closeHandlers.filter((h) => h !== handler));
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.closedInfo) return this.closedPromise;
    if (!this.closing) {
      this.closing = true;
      try {
        this.ws.close(code, reason);
      } catch {
        this.ws.terminate();
      }
      // A peer that never answers the closing handshake must not hold a run open.
      const timer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
      timer.unref();
      void this.closedPromise.then(() => clearTimeout(timer));
    }
    return this.closedPromise;
  }

  private receive(data: Buffer | Buffer[] | ArrayBuffer, isBinary: boolean): void {
    const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    const text = isBinary ? frame : frame.toString('utf8');
    const r = this.reader.read(text, { sender: 'remote', fromRole: this.remote.role, toRole: this.local.role });
    if (r.kind === 'bad-frame') {
      if (!this.named) this.settleName(undefined);
      this.observer?.badFrame({
        connection: this.id,
        from: this.remote.name,
        to: this.local.name,
        preview: r.preview,
        size: r.size,
        violations: r.violations,
      });
      const bad: InboundBadFrame = { preview: r.preview, size: r.size, violations: r.violations };
      for (const h of this.badFrameHandlers) this.safely(() => h(bad));
      return;
    }
    if (!this.named) this.settleName(r.envelope);
    if (this.observer) {
      this.observer.message({
        connection: this.id,
        from: this.remote.name,
        to: this.local.name,
        envelope: r.envelope,
        canonical: r.canonical,
        ...(r.alias !== undefined ? { alias: r.alias } : {}),
        violations: r.violations,
        ...(this.recordRaw ? { raw: typeof text === 'string' ? text : text.toString('utf8') } : {}),
      });
    }
    const m: InboundMessage = { envelope: r.envelope, canonical: r.canonical, violations: r.violations };
    if (r.alias !== undefined) m.alias = r.alias;
    if (this.early !== null) this.early.push(m);
    else this.dispatch(m);
  }

  private dispatch(m: InboundMessage): void {
    for (const h of this.messageHandlers) this.safely(() => h(m));
  }

  /**
   * An unnamed peer is named by the first message on the connection: its ClientName when that message is
   * its RequestRegisterClient, else the default `client-<n>`. Fixed from then on, so one connection is
   * one participant in the trace.
   */
  private settleName(first: Envelope | undefined): void {
    this.named = true;
    let namedBy: 'register' | 'default' = 'default';
    if (first && first.message === 'RequestRegisterClient') {
      const name = first.attributes.ClientName;
      if (typeof name === 'string' && name.trim() !== '') {
        this.remote.name = name;
        namedBy = 'register';
        const role = roleOfClientType(first.attributes.ClientType);
        if (role) this.remote.role = role;
      }
    }
    if (namedBy === 'default') this.remote.name = this.defaultRemoteName();
    this.observer?.participant?.({ connection: this.id, name: this.remote.name, role: this.remote.role, namedBy, end: 'remote' });
  }

  /** A handler that throws is a bug in the code above transport; it is reported, never fatal to the socket. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.observer?.event({
        kind: 'error',
        connection: this.id,
        participant: this.remote.name,
        text: `a handler on ${this.local.name} threw: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  }

  private socketError(err: Error & { code?: string }): void {
    if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
      // ws closes the socket itself (1009); this end closes it, so the close note says so.
      this.closing = true;
      // ws stops reading at its hard limit, so the frame's real size is unknown: the limit + 1 is a lower bound.
      const violations: Violation[] = [
        {
          code: 'FRAME_TOO_LARGE',
          severity: 'error',
          message: `frame larger than ${this.hardLimit} bytes, the connection's hard limit; the connection was closed (1009)`,
          expected: `at most ${this.hardLimit} bytes`,
        },
      ];
      if (!this.named) this.settleName(undefined);
      this.observer?.badFrame({ connection: this.id, from: this.remote.name, to: this.local.name, preview: '', size: this.hardLimit + 1, violations });
      const bad: InboundBadFrame = { preview: '', size: this.hardLimit + 1, violations };
      for (const h of this.badFrameHandlers) this.safely(() => h(bad));
      return;
    }
    this.observer?.event({
      kind: 'error',
      connection: this.id,
      participant: this.named ? this.remote.name : undefined,
      text: `socket error on ${this.id}: ${err.message}`,
      data: err.code ? { code: err.code } : undefined,
    });
  }

  private closed(code: number, reason: string): void {
    if (this.closedInfo) return;
    const info: CloseInfo = { code, reason, byLocal: this.closing };
    this.closedInfo = info;
    this.observer?.event({
      kind: 'connection-close',
      connection: this.id,
      participant: this.named ? this.remote.name : undefined,
      text: `connection ${this.id} closed by ${this.closing ? this.local.name : this.named ? this.remote.name : 'the unnamed peer'} (${code}${reason ? ` ${reason}` : ''})`,
      data: { code, reason, byLocal: this.closing },
    });
    const handlers = this.closeHandlers;
    this.closeHandlers = [];
    for (const h of handlers) this.safely(() => h(info));
    this.resolveClosed();
  }
}
