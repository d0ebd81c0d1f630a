import { listenSockets, openSocket } from '../transport/index.ts';
import type { FrameSocket } from '../transport/index.ts';
import type { Stimulus } from './stimulus.ts';

/**
 * The control channel: how the harness drives a system under test that is not flowcert's own code.
 * One WebSocket, one JSON object per text frame (README, "Control channel"):
 *
 *   SUT → harness  {"type":"hello","participant":"Agent1's desktop","capabilities":["login","accept"],
 *                   "endpoints":{"im":"ws://…"}?, "identity":{"name":"…","version":"…"}?}   first, once
 *   harness → SUT  {"type":"start","id":1,"participant":"…","role":"AgentApplication",
 *                   "endpoints":{"IS1":{"im":"ws://…"}},"roles":{"IS1":"InteractionServer"},"timers":{"delivering":200}}
 *                  {"type":"stimulus","id":2,"stimulus":{"kind":"login","agent":"Agent1",…}}
 *                  {"type":"stop","id":3}
 *   SUT → harness  {"type":"result","id":2,"status":"done"|"unsupported"|"failed","reason"?:"…","data"?:{…}}
 *
 * A process SUT connects to the URL in FLOWCERT_CONTROL_URL; for a remote SUT the harness connects to
 * the control URL its binding names. Either way this class is the harness's end.
 */

export interface Hello {
  participant?: string;
  capabilities?: string[];
  endpoints?: Record<string, string>;
  identity?: Record<string, unknown>;
}

export type ControlRequest =
  | { type: 'start'; endpoints: Record<string, Record<string, string>>; roles: Record<string, string>; timers: Record<string, number>; timerOverrides: string[]; profile?: string; logKeep?: number; participant: string; role: string }
  | { type: 'stimulus'; stimulus: Stimulus }
  | { type: 'stop' };

export interface ControlReply {
  status: 'done' | 'unsupported' | 'failed';
  reason?: string;
  data?: Record<string, unknown>;
}

interface Pending {
  resolve: (r: ControlReply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** A line the SUT sent that breaks the protocol: reported (as a trace note), never fatal. */
export type ProtocolComplaint = (text: string) => void;

export class ControlLink {
  readonly hello: Promise<Hello>;
  private resolveHello!: (h: Hello) => void;
  private rejectHello!: (e: Error) => void;
  private helloSeen = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closedReason: string | undefined;
  private readonly closeHandlers: ((reason: string) => void)[] = [];

  constructor(
    private readonly socket: FrameSocket,
    /** `Agent1's desktop (process node desktop.mjs)`, for errors. */
    private readonly who: string,
    private readonly complain: ProtocolComplaint,
  ) {
    this.hello = new Promise((resolve, reject) => {
      this.resolveHello = resolve;
      this.rejectHello = reject;
    });
    // Nobody may be waiting for the hello yet; its rejection is read through `hello` when someone is.
    this.hello.catch(() => undefined);
    socket.onFrame((frame) => this.receive(typeof frame === 'string' ? frame : frame.toString('utf8')));
    socket.onBadFraming((bad) => complain(`control channel of ${who}: ${bad.violations.map((v) => v.message).join('; ')}`));
    socket.onError((err) => complain(`control channel of ${who}: ${err.message}`));
    socket.onClose((code, reason) => this.closed(`the control channel of ${who} closed (${code}${reason ? ` ${reason}` : ''})`));
  }

  get isOpen(): boolean {
    return this.closedReason === undefined;
  }

  /** Sends a request and waits for its result; rejects after `timeoutMs` or when the channel closes. */
  request(req: ControlRequest, timeoutMs: number): Promise<ControlReply> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(this.closedReason));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.who} did not answer the ${req.type === 'stimulus' ? `${req.stimulus.kind} stimulus` : `${req.type} request`} on its control channel within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.send(JSON.stringify({ ...req, id }));
    });
  }

  onClose(handler: (reason: string) => void): void {
    if (this.closedReason !== undefined) queueMicrotask(() => handler(this.closedReason!));
    else this.closeHandlers.push(handler);
  }

  close(): void {
    if (this.socket.isOpen) this.socket.close(1000, 'done');
  }

  private receive(text: string): void {
    let msg: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
      msg = v as Record<string, unknown>;
    } catch (err) {
      this.complain(`control channel of ${this.who}: a frame that is not a JSON object (${(err as Error).message}): ${text.slice(0, 120)}`);
      return;
    }
    if (msg.type === 'hello') {
      if (this.helloSeen) return this.complain(`control channel of ${this.who}: a second hello, ignored`);
      this.helloSeen = true;
      this.resolveHello(readHello(msg, this.who, this.complain));
      return;
    }
    if (msg.type === 'result') {
      const id = msg.id;
      const p = typeof id === 'number' ? this.pending.get(id) : undefined;
      if (!p) return this.complain(`control channel of ${this.who}: a result for id ${JSON.stringify(id)}, which no request is waiting for`);
      this.pending.delete(id as number);
      clearTimeout(p.timer);
      const status = msg.status;
      if (status !== 'done' && status !== 'unsupported' && status !== 'failed') {
        p.reject(new Error(`${this.who} answered with status ${JSON.stringify(status)}; the control channel knows done, unsupported and failed`));
        return;
      }
      const reply: ControlReply = { status };
      if (typeof msg.reason === 'string') reply.reason = msg.reason;
      if (typeof msg.data === 'object' && msg.data !== null && !Array.isArray(msg.data)) reply.data = msg.data as Record<string, unknown>;
      p.resolve(reply);
      return;
    }
    this.complain(`control channel of ${this.who}: unknown message type ${JSON.stringify(msg.type)} (expected hello or result)`);
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    if (!this.helloSeen) this.rejectHello(new Error(`${reason} before it said hello`));
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new Error(reason));
    }
    for (const h of this.closeHandlers.splice(0)) h(reason);
  }
}

function readHello(msg: Record<string, unknown>, who: string, complain: ProtocolComplaint): Hello {
  const hello: Hello = {};
  if (typeof msg.participant === 'string') hello.participant = msg.participant;
  if (msg.capabilities !== undefined) {
    if (Array.isArray(msg.capabilities) && msg.capabilities.every((c) => typeof c === 'string')) hello.capabilities = msg.capabilities as string[];
    else complain(`control channel of ${who}: hello.capabilities must be a list of stimulus kinds; ignored`);
  }
  if (msg.endpoints !== undefined) {
    const e = msg.endpoints;
    if (typeof e === 'object' && e !== null && !Array.isArray(e) && Object.values(e).every((u) => typeof u === 'string')) hello.endpoints = e as Record<string, string>;
    else complain(`control channel of ${who}: hello.endpoints must map face names to URLs; ignored`);
  }
  if (typeof msg.identity === 'object' && msg.identity !== null) hello.identity = msg.identity as Record<string, unknown>;
  return hello;
}

export interface ControlEndpoint {
  /** `ws://127.0.0.1:<port>/control` — what the SUT is told in FLOWCERT_CONTROL_URL. */
  url: string;
  /** The first connection; later ones are refused (one SUT per endpoint). */
  accepted: Promise<FrameSocket>;
  close(): Promise<void>;
}

/** A control endpoint on loopback, port 0, for one process SUT to connect to. */
export async function listenControl(complain: ProtocolComplaint): Promise<ControlEndpoint> {
  let accept!: (s: FrameSocket) => void;
  const accepted = new Promise<FrameSocket>((resolve) => (accept = resolve));
  let taken = false;
  const server = await listenSockets({
    paths: ['/control'],
    hardLimitBytes: 1 << 20,
    onSocket: (socket) => {
      if (taken) {
        complain('a second connection to a control endpoint was refused: one system under test per control channel');
        socket.close(1008, 'this control channel is taken');
        return;
      }
      taken = true;
      accept(socket);
    },
  });
  return { url: server.urlFor('/control'), accepted, close: () => server.close() };
}

/** Connects to a SUT's own control endpoint, retrying until it listens or the deadline passes. */
export async function connectControl(url: string, deadline: number): Promise<FrameSocket> {
  let last: Error | undefined;
  while (performance.now() < deadline) {
    try {
      return await openSocket(url, { connectTimeoutMs: Math.max(100, Math.min(2000, deadline - performance.now())) });
    } catch (err) {
      last = err as Error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw last ?? new Error(`cannot connect to ${url}: no time left`);
}
