import type { Catalog } from '../catalog/catalog.ts';
import { defaultCatalog } from '../catalog/catalog.ts';
import { ReferenceTracker } from '../catalog/reference-tracker.ts';
import type { PeerNamingRule } from '../catalog/registry.ts';
import type { Role, Violation } from '../catalog/types.ts';
import type { Envelope } from '../codec/envelope.ts';
import { FrameReader } from '../codec/frame-reader.ts';
import type { ReadFrame } from '../codec/frame-reader.ts';
import { jsonEnvelopeCodec } from '../codec/wire-codec.ts';
import type { WireCodec } from '../codec/wire-codec.ts';
import type { BadFraming, FrameSocket } from './frame-socket.ts';
import { nameFromFirstMessage } from './naming.ts';
import { ReadBudget } from './read-budget.ts';
import type { CloseInfo, Endpoint, InboundBadFrame, InboundMessage, MessageConnection, SendResult, WireMessage, WireObserver } from './types.ts';

let nextConnection = 0;

/**
 * Adds a handler: the first one in an array of its own size (a push onto an empty array reserves room
 * for 17, and 10,000 connections each have four such lists); later ones pushed, so a list being walked
 * sees a handler added meanwhile, as before.
 */
function addTo<H>(list: H[], handler: H, replace: (list: H[]) => void): void {
  if (list.length === 0) replace([handler]);
  else list.push(handler);
}

/** Connection ids are unique per process: one trace may hold connections of several servers. */
export function nextConnectionId(): string {
  return `c${++nextConnection}`;
}

type FrameContext = { sender: string; fromRole?: Role; toRole?: Role };

/** How long close() waits for the peer's closing handshake before it drops the socket. */
const CLOSE_GRACE_MS = 1000;

/**
 * The backlog of a connection is what this end has written and the peer has not yet taken: the
 * socket's bufferedAmount, frames queued in the process once the kernel's buffers are full. It grows
 * only when the peer sends faster than it reads (a client pipelining requests and never reading the
 * answers); everything inbound is read and handled frame by frame, so nothing else piles up. 8 MiB is
 * some 60,000 answers: no peer that reads gets near it, and a harness with a few such peers stays small.
 */
export const DEFAULT_MAX_BACKLOG_BYTES = 8 * 1024 * 1024;


/** WebSocket "policy violation": the close code of a connection dropped for its backlog, on both transports (tcp-socket.ts). */
export const BACKLOG_CLOSE_CODE = 1008;

export interface CheckedConnectionOptions {
  socket: FrameSocket;
  /** Default: the JSON envelope. */
  codec?: WireCodec;
  local: Endpoint;
  /** A remote whose name is already known (query parameters, configured peer). */
  remote?: Endpoint & { namedBy: 'query' | 'configured' };
  /** Fallback name when the first message does not name the peer (`client-<n>`); called only then. */
  defaultRemoteName: () => string;
  /** Role of an unnamed peer (e.g. URS on the Interaction Server's /tlib face). */
  defaultRemoteRole?: Role;
  /** How a peer names itself on the protocols of this connection (the registry's rules of its face). */
  naming?: readonly PeerNamingRule[];
  path: string;
  catalog?: Catalog;
  maxFrameBytes: number;
  observer?: WireObserver;
  recordRaw?: boolean;
  /** Where the peer is, for the connection-open note: `from 127.0.0.1:50312` (server side), `to 127.0.0.1:8080` (client side). */
  peerText?: string;
  /** The most unsent bytes queued toward the peer before the connection is closed as flooding (default DEFAULT_MAX_BACKLOG_BYTES; Infinity: no limit). */
  maxBacklogBytes?: number;
}

/**
 * One connection checked at the harness's end: every frame in both directions goes through the same
 * FrameReader (decode with the codec, validate against the catalog, pair requests and responses), once,
 * and is reported to the observer, so the trace shows a reference server's own mistakes as well as a
 * SUT's. Knows no protocol: how the peer names itself is a rule it is given.
 */
export class CheckedConnection implements MessageConnection {
  readonly id = nextConnectionId();
  readonly local: Endpoint;
  readonly remote: Endpoint;
  readonly path: string;
  private readonly socket: FrameSocket;
  private readonly codec: WireCodec;
  private readonly reader: FrameReader;
  private readonly observer: WireObserver | undefined;
  private readonly recordRaw: boolean;
  private readonly defaultRemoteName: () => string;
  private readonly naming: readonly PeerNamingRule[];
  private readonly maxBacklogBytes: number;
  private named: boolean;
  private messageHandlers: ((m: InboundMessage) => void)[] = [];
  private badFrameHandlers: ((b: InboundBadFrame) => void)[] = [];
  private frameHandlers: ((frame: string | Buffer) => void)[] = [];
  private closeHandlers: ((c: CloseInfo) => void)[] = [];
  /** Messages that arrived before any message handler was attached (a client between open and its first onMessage). */
  private early: InboundMessage[] | null = [];
  /** Frames read in this event-loop turn (read-budget.ts). */
  private readonly budget: ReadBudget;
  /** Who sends what, for the reader: rebuilt when the peer's name settles its role, not per frame. */
  private inbound!: FrameContext;
  private outboundCtx!: FrameContext;
  private closing = false;
  private closedInfo: CloseInfo | null = null;
  /** Made when someone first waits for the close: most connections never are waited on, and 10,000 of them would each carry one. */
  private closedPromise: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  constructor(opts: CheckedConnectionOptions) {
    this.socket = opts.socket;
    this.codec = opts.codec ?? jsonEnvelopeCodec;
    this.local = { ...opts.local };
    this.path = opts.path;
    this.reader = new FrameReader({ catalog: opts.catalog ?? defaultCatalog, maxBytes: opts.maxFrameBytes, tracker: new ReferenceTracker(), codec: this.codec });
    this.observer = opts.observer;
    this.recordRaw = opts.recordRaw ?? false;
    this.defaultRemoteName = opts.defaultRemoteName;
    this.naming = opts.naming ?? [];
    this.maxBacklogBytes = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    if (!(this.maxBacklogBytes > 0)) throw new RangeError(`maxBacklogBytes must be a positive number of bytes (Infinity for no limit), got ${this.maxBacklogBytes}`);
    this.named = opts.remote !== undefined;
    // An unnamed peer is `?` until its first frame settles the name (nothing is recorded under `?`).
    this.remote = opts.remote ? { name: opts.remote.name, role: opts.remote.role } : { name: '?', role: opts.defaultRemoteRole };
    this.roles();

    this.budget = new ReadBudget({
      setReading: (on) => this.socket.setReading?.(on),
      // A connection closing for its backlog stopped reading for good.
      mayResume: () => !this.closing && this.closedInfo === null,
    });
    this.socket.onFrame((frame) => this.receive(frame));
    this.socket.onBadFraming((bad) => this.badFraming(bad));
    this.socket.onError((err) => this.socketError(err));
    this.socket.onClose((code, reason) => this.closed(code, reason));

    if (this.observer) {
      // Both ends, so a recorder learns every participant (adding one twice is harmless).
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
    return this.closedInfo === null && !this.closing && this.socket.isOpen;
  }

  /** Bytes queued toward the peer and not yet written out. */
  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  send(envelope: Envelope): SendResult {
    if (!this.isOpen) return { sent: false, violations: [] };
    // Checked as built, not re-parsed from the frame: a reference server's send is its hot path.
    const r = this.reader.check(envelope, this.outboundCtx);
    if (this.codec.encodeWithAttributes && envelope.attributes !== undefined) {
      const { frame, attributesJson } = this.codec.encodeWithAttributes(envelope);
      return this.write(frame, r, attributesJson);
    }
    return this.write(this.codec.encode(envelope), r);
  }

  /**
   * Sends a frame exactly as given (a relay passing on what the far end sent): checked and recorded
   * like any outbound frame, written byte for byte, garbage included.
   */
  forward(frame: string | Buffer): SendResult {
    if (!this.isOpen) return { sent: false, violations: [] };
    return this.write(frame, this.reader.read(frame, this.outboundCtx));
  }

  onMessage(handler: (m: InboundMessage) => void): () => void {
    addTo(this.messageHandlers, handler, (a) => (this.messageHandlers = a));
    if (this.early !== null) {
      const early = this.early;
      this.early = null;
      if (early.length > 0) queueMicrotask(() => early.forEach((m) => this.dispatch(m)));
    }
    return () => (this.messageHandlers = this.messageHandlers.filter((h) => h !== handler));
  }

  onBadFrame(handler: (b: InboundBadFrame) => void): () => void {
    addTo(this.badFrameHandlers, handler, (a) => (this.badFrameHandlers = a));
    return () => (this.badFrameHandlers = this.badFrameHandlers.filter((h) => h !== handler));
  }

  /** Every inbound frame as it came, after it was recorded (a relay passes it on). */
  onFrame(handler: (frame: string | Buffer) => void): () => void {
    addTo(this.frameHandlers, handler, (a) => (this.frameHandlers = a));
    return () => (this.frameHandlers = this.frameHandlers.filter((h) => h !== handler));
  }

  onClose(handler: (c: CloseInfo) => void): () => void {
    if (this.closedInfo) {
      const info = this.closedInfo;
      queueMicrotask(() => handler(info));
    } else addTo(this.closeHandlers, handler, (a) => (this.closeHandlers = a));
    return () => (this.closeHandlers = this.closeHandlers.filter((h) => h !== handler));
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.closedInfo) return this.whenClosed();
    if (!this.closing) {
      this.closing = true;
      this.socket.close(code, reason);
      // A peer that never answers the closing handshake must not hold a run open.
      const timer = setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS);
      timer.unref();
      void this.whenClosed().then(() => clearTimeout(timer));
    }
    return this.whenClosed();
  }

  private roles(): void {
    this.inbound = { sender: 'remote', fromRole: this.remote.role, toRole: this.local.role };
    this.outboundCtx = { sender: 'local', fromRole: this.local.role, toRole: this.remote.role };
  }

  private write(frame: string | Buffer, r: ReadFrame, attributesJson?: string): SendResult {
    if (!this.named) this.settleName(undefined);
    if (r.kind === 'bad-frame') {
      this.observer?.badFrame({ connection: this.id, from: this.local.name, to: this.remote.name, preview: r.preview, size: r.size, violations: r.violations });
    } else if (this.observer) {
      const m: WireMessage = { connection: this.id, from: this.local.name, to: this.remote.name, envelope: r.envelope, canonical: r.canonical, violations: r.violations };
      if (r.alias !== undefined) m.alias = r.alias;
      if (this.recordRaw) m.raw = this.codec.text(frame);
      // Only when the frame carries the checked envelope's own attributes (the reader did not rewrite them).
      if (attributesJson !== undefined) m.attributesJson = attributesJson;
      this.observer.message(m);
    }
    this.socket.send(frame);
    // Checked after the frame is queued: it is recorded as sent, and it is what tipped the backlog over.
    if (this.socket.bufferedAmount > this.maxBacklogBytes) this.backlogExceeded();
    return { sent: true, violations: r.violations };
  }

  /**
   * The peer does not read what it is sent: the violation is recorded on its side of the connection (a
   * bad-frame entry from it, with no frame to show and the backlog as its size, so flow checks and
   * reports count it against the peer), then the connection is ended so the process keeps its memory
   * for everyone else. Frames already read from the peer were recorded as they came; nothing more is
   * sent or recorded toward it.
   */
  private backlogExceeded(): void {
    const backlog = this.socket.bufferedAmount;
    const limit = this.maxBacklogBytes;
    const violation: Violation = {
      code: 'BACKLOG_EXCEEDED',
      severity: 'error',
      message: `${this.remote.name} left ${backlog} bytes unread on ${this.id}, over the connection's backlog limit of ${limit} bytes; the connection was closed (${BACKLOG_CLOSE_CODE})`,
      expected: `at most ${limit} bytes waiting to be sent to ${this.remote.name}`,
      actual: `${backlog} bytes waiting`,
      hint: 'read the answers while sending: a client that pipelines requests must read what comes back as it comes, or keep fewer requests in flight',
    };
    this.observer?.badFrame({ connection: this.id, from: this.remote.name, to: this.local.name, preview: '', size: backlog, violations: [violation] });
    this.closing = true;
    // Nothing more is read from it: what is read would be recorded and go unanswered. Frames already read
    // (the rest of the chunk being handled, what the socket buffered) are still delivered and recorded.
    this.socket.setReading?.(false);
    const reason = `backlog over ${limit} bytes`;
    // TCP carries no close code or reason: nothing is gained by waiting, the socket goes now.
    if (this.socket.transport === 'tcp') return this.socket.terminate(BACKLOG_CLOSE_CODE, reason);
    // WebSocket: the close frame queues behind the backlog, for a peer that reads again to learn why; one
    // that does not is dropped after the grace, the close still reported as 1008.
    this.socket.close(BACKLOG_CLOSE_CODE, reason);
    const timer = setTimeout(() => this.socket.terminate(BACKLOG_CLOSE_CODE, reason), CLOSE_GRACE_MS);
    timer.unref();
    void this.whenClosed().then(() => clearTimeout(timer));
  }

  /** Resolves once the connection is closed (at once if it is). */
  private whenClosed(): Promise<void> {
    if (this.closedPromise === undefined) {
      if (this.closedInfo) this.closedPromise = Promise.resolve();
      else this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    }
    return this.closedPromise;
  }

  private receive(frame: string | Buffer): void {
    this.budget.count();
    const r = this.reader.read(frame, this.inbound);
    if (r.kind === 'bad-frame') {
      if (!this.named) this.settleName(undefined);
      this.observer?.badFrame({ connection: this.id, from: this.remote.name, to: this.local.name, preview: r.preview, size: r.size, violations: r.violations });
      const bad: InboundBadFrame = { preview: r.preview, size: r.size, violations: r.violations };
      this.callEach(this.badFrameHandlers, bad);
      this.passOn(frame);
      return;
    }
    if (!this.named) this.settleName(r.envelope);
    if (this.observer) {
      const m: WireMessage = { connection: this.id, from: this.remote.name, to: this.local.name, envelope: r.envelope, canonical: r.canonical, violations: r.violations };
      if (r.alias !== undefined) m.alias = r.alias;
      if (this.recordRaw) m.raw = this.codec.text(frame);
      // The attributes' text as the frame holds it, where the codec can point at it: the line reuses it.
      const a = this.codec.attributesText?.(frame, r.envelope);
      if (a !== undefined) m.attributesJson = a;
      this.observer.message(m);
    }
    this.passOn(frame);
    const m: InboundMessage = { envelope: r.envelope, canonical: r.canonical, violations: r.violations };
    if (r.alias !== undefined) m.alias = r.alias;
    if (this.early !== null) this.early.push(m);
    else this.dispatch(m);
  }

  private passOn(frame: string | Buffer): void {
    this.callEach(this.frameHandlers, frame);
  }

  private dispatch(m: InboundMessage): void {
    this.callEach(this.messageHandlers, m);
  }

  /**
   * An unnamed peer is named by the first frame on the connection, by the naming rules of its
   * protocols (RequestRegisterClient's ClientName on Interaction Management), else the default
   * `client-<n>`. Fixed from then on, so one connection is one participant in the trace.
   */
  private settleName(first: Envelope | undefined): void {
    this.named = true;
    const by = first ? nameFromFirstMessage(first, this.naming) : undefined;
    if (by) {
      this.remote.name = by.name;
      if (by.role) {
        this.remote.role = by.role;
        this.roles();
      }
    } else this.remote.name = this.defaultRemoteName();
    this.observer?.participant?.({ connection: this.id, name: this.remote.name, role: this.remote.role, namedBy: by ? 'register' : 'default', end: 'remote' });
  }

  /**
   * A handler that throws is a bug in the code above transport; it is reported, never fatal to the socket.
   * Each called in place, with no closure per frame and handler for the collector.
   */
  private callEach<T>(handlers: readonly ((x: T) => void)[], x: T): void {
    for (const h of handlers) {
      try {
        h(x);
      } catch (err) {
        this.observer?.event({
          kind: 'error',
          connection: this.id,
          participant: this.remote.name,
          text: `a handler on ${this.local.name} threw: ${err instanceof Error ? err.message : String(err)}`,
        });
      }
    }
  }

  private badFraming(bad: BadFraming): void {
    // A fatal one ends the socket on the socket's own initiative; the close note says this end closed it.
    if (bad.fatal) this.closing = true;
    if (!this.named) this.settleName(undefined);
    this.observer?.badFrame({ connection: this.id, from: this.remote.name, to: this.local.name, preview: bad.preview, size: bad.size, violations: bad.violations });
    const b: InboundBadFrame = { preview: bad.preview, size: bad.size, violations: bad.violations };
    this.callEach(this.badFrameHandlers, b);
  }

  private socketError(err: Error & { code?: string }): void {
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
    this.callEach(handlers, info);
    this.resolveClosed?.();
  }
}
