import { defaultCatalog } from '../../catalog/catalog.ts';
import type { Envelope } from '../../codec/envelope.ts';
import type { InboundMessage, MessageConnection } from '../../transport/types.ts';

/** The server answered a request with EventError. */
export class RequestRefusedError extends Error {
  constructor(
    readonly request: string,
    readonly referenceId: number,
    readonly errorCode: number | undefined,
    readonly description: string,
    readonly answer: Envelope,
  ) {
    super(`${request} (referenceId ${referenceId}) was refused: EventError ${errorCode ?? '(no ErrorCode)'}${description ? ` ${description}` : ''}`);
  }
}

/** No answer came in time, or the connection closed first. */
export class NoAnswerError extends Error {}

interface Pending {
  request: string;
  resolve: (answer: Envelope) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

export interface RequestOptions {
  /** Override the channel's timeout; 0 waits without a timeout (until the connection closes). */
  timeoutMs?: number;
  /** Envelope referenceId; default the next number on this channel (1, 2, 3 ...). */
  referenceId?: number;
}

/**
 * Requests with increasing referenceIds, each awaiting the answer that echoes it: EventError
 * rejects (RequestRefusedError), any other answer resolves. A server that never answers ends in a
 * NoAnswerError naming the request and the peer, never a hang.
 */
export class RequestChannel {
  private lastRef = 0;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | undefined;

  constructor(
    private readonly conn: MessageConnection,
    private readonly timeoutMs: number,
  ) {
    conn.onMessage((m) => this.answer(m));
    conn.onClose((c) => this.close(`the connection to ${conn.remote.name} closed (${c.code}${c.reason ? ` ${c.reason}` : ''})`));
  }

  nextReferenceId(): number {
    return ++this.lastRef;
  }

  request(protocol: string, message: string, attributes: Record<string, unknown>, opts: RequestOptions = {}): Promise<Envelope> {
    const who = `${this.conn.local.name}: ${message}`;
    if (this.closedReason !== undefined) return Promise.reject(new NoAnswerError(`${who} not sent: ${this.closedReason}`));
    const referenceId = opts.referenceId ?? this.nextReferenceId();
    if (opts.referenceId !== undefined && opts.referenceId > this.lastRef) this.lastRef = opts.referenceId;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    return new Promise<Envelope>((resolve, reject) => {
      const p: Pending = { request: message, resolve, reject, timer: undefined };
      if (timeoutMs > 0) {
        p.timer = setTimeout(() => {
          this.pending.delete(referenceId);
          reject(new NoAnswerError(`${who} (referenceId ${referenceId}): no answer from ${this.conn.remote.name} within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.pending.set(referenceId, p);
      const sent = this.conn.send({ protocol, message, referenceId, attributes });
      if (!sent.sent) {
        this.settle(referenceId);
        reject(new NoAnswerError(`${who} not sent: the connection to ${this.conn.remote.name} is closed`));
      }
    });
  }

  /** Requests still waiting for an answer. */
  get waiting(): number {
    return this.pending.size;
  }

  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const [ref, p] of Array.from(this.pending)) {
      this.settle(ref);
      p.reject(new NoAnswerError(`${this.conn.local.name}: ${p.request} (referenceId ${ref}): no answer: ${reason}`));
    }
  }

  private answer(m: InboundMessage): void {
    const ref = m.envelope.referenceId;
    if (ref === undefined) return;
    // A request from the other end (ESP Request3rdServer from the Interaction Server to a media server)
    // numbers its referenceIds on its own: it answers none of ours, whatever its number.
    if (defaultCatalog.get(m.envelope.protocol, m.envelope.message)?.def.kind === 'request') return;
    const p = this.pending.get(ref);
    if (!p) return;
    this.settle(ref);
    const env = m.envelope;
    if (m.canonical === 'EventError') {
      const code = typeof env.attributes.ErrorCode === 'number' ? env.attributes.ErrorCode : undefined;
      const text = env.attributes.ErrorDescription ?? env.attributes.ErrorMessage;
      p.reject(new RequestRefusedError(p.request, ref, code, typeof text === 'string' ? text : '', env));
    } else p.resolve(env);
  }

  private settle(ref: number): void {
    const p = this.pending.get(ref);
    if (p?.timer !== undefined) clearTimeout(p.timer);
    this.pending.delete(ref);
  }
}
