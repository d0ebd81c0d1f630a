// Wire helpers: the two things flowcert's README documents for third parties, written from the
// README alone. Nothing here comes from flowcert's src/ — only `ws` and Node built-ins.
//
//   1. "Wire format, for third parties": JSON envelopes {protocol, message, referenceId?, attributes},
//      one per WebSocket text frame. Every request carries a referenceId; its answer (EventAck,
//      EventError, EventRouteUsed) echoes it on the same connection. → class ServerConnection
//
//   2. "Control channel, for third parties": one WebSocket to the harness (FLOWCERT_CONTROL_URL), one
//      JSON object per frame. We say hello; the harness sends start, stimulus… and stop; we answer
//      each with a result carrying its id. → function serveControlChannel
//
// examples/good-desktop/wire.ts and examples/routing-server/wire.ts are the same file: copy it into
// your own component as a starting point. (examples/careless-desktop/wire.ts is a copy with one flaw.)

import WebSocket from 'ws';

// ---------------------------------------------------------------------------------------------------
// Logging: everything goes to stdout, which flowcert attaches to the scenario's report.
// ---------------------------------------------------------------------------------------------------

const who = process.env.FLOWCERT_PARTICIPANT ?? 'example';

export function log(text: string): void {
  console.log(`[${who}] ${text}`);
}

// ---------------------------------------------------------------------------------------------------
// 1. The wire format
// ---------------------------------------------------------------------------------------------------

/** One message on the wire. No other top-level key is allowed. */
export interface Envelope {
  protocol: string; // InteractionManagement, Reporting, TLibrary
  message: string; // the GenEM name: RequestAgentLogin, EventInvite, …
  referenceId?: number; // on requests, and on the answers that echo them
  attributes: Record<string, unknown>; // PSDK property names; a key-value list is a JSON object
}

/** A request just sent: its referenceId, and its answer once the server sends it. */
export interface Sent {
  referenceId: number;
  answer: Promise<Envelope>;
}

/**
 * One connection to a server face (the Interaction Server's `im` face for a desktop, its `tlib` face
 * for a router). Requests are numbered 1, 2, 3… on the connection; a message that echoes the
 * referenceId of a request we are waiting for is that request's answer, anything else is an event.
 */
export class ServerConnection {
  private nextReferenceId = 1;
  private readonly waiting = new Map<number, (answer: Envelope) => void>();
  private readonly closeHandlers: (() => void)[] = [];

  private constructor(
    private readonly ws: WebSocket,
    private readonly protocol: string,
    private readonly prefix: string,
  ) {}

  /**
   * Opens the URL exactly as the harness gave it: its `?participant=…&role=…` query is how the trace
   * names us. Events (messages that answer none of our requests) go to `onEvent`. `server`, the
   * server's name, starts each line logged about this connection: useful with several.
   */
  static open(url: string, protocol: string, onEvent: (event: Envelope) => void, server?: string): Promise<ServerConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const conn = new ServerConnection(ws, protocol, server ? `${server} ` : '');
      let opened = false;
      ws.once('open', () => {
        opened = true;
        resolve(conn);
      });
      // Before it opens, an error is the caller's to report (it could not connect, and may try again).
      ws.on('error', (err) => (opened ? log(`${conn.prefix}connection error: ${err.message}`) : reject(err)));
      ws.on('message', (data) => conn.receive(data.toString(), onEvent));
      ws.on('close', (code) => {
        if (!opened) return; // it never opened: open() has rejected already
        log(`${conn.prefix}connection closed (${code})`);
        // Nobody will answer now: settle every request still waiting, as a local EventError.
        for (const [referenceId, settle] of conn.waiting) {
          settle({ protocol, message: 'EventError', referenceId, attributes: { ErrorDescription: 'the connection closed before an answer came' } });
        }
        conn.waiting.clear();
        for (const handler of conn.closeHandlers) handler();
      });
    });
  }

  /** Calls `handler` once the connection has closed, whichever end closed it. */
  onClose(handler: () => void): void {
    this.closeHandlers.push(handler);
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends a request with the next referenceId. `answer` resolves with the message that echoes it. */
  request(message: string, attributes: Record<string, unknown>): Sent {
    const referenceId = this.nextReferenceId++;
    const answer = new Promise<Envelope>((resolve) => {
      if (!this.isOpen) {
        resolve({ protocol: this.protocol, message: 'EventError', referenceId, attributes: { ErrorDescription: 'not connected' } });
        return;
      }
      this.waiting.set(referenceId, resolve);
      const envelope: Envelope = { protocol: this.protocol, message, referenceId, attributes };
      this.ws.send(JSON.stringify(envelope));
      log(`${this.prefix}→ ${message} ${referenceId} ${JSON.stringify(attributes)}`);
    });
    return { referenceId, answer };
  }

  /** Closes the connection in order (a close frame, then the socket). */
  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000, 'bye');
  }

  /** Drops the connection at once, without a close frame, as when the program crashes. */
  drop(): void {
    this.ws.terminate();
  }

  private receive(text: string, onEvent: (event: Envelope) => void): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      log(`${this.prefix}← a frame that is not JSON, ignored: ${text.slice(0, 80)}`);
      return;
    }
    envelope.attributes ??= {};
    const ref = envelope.referenceId;
    log(`${this.prefix}← ${envelope.message}${ref === undefined ? '' : ` ${ref}`} ${JSON.stringify(envelope.attributes)}`);
    const settle = ref === undefined ? undefined : this.waiting.get(ref);
    if (settle) {
      this.waiting.delete(ref!);
      settle(envelope);
    } else {
      onEvent(envelope);
    }
  }
}

/** The text of a refusal: the server's description (Interaction Management) or message (T-Library). */
export function refusal(answer: Envelope): string {
  const a = answer.attributes;
  const text = a.ErrorDescription ?? a.ErrorMessage ?? 'no description';
  return `${answer.message}${a.ErrorCode === undefined ? '' : ` ${String(a.ErrorCode)}`}: ${String(text)}`;
}

// ---------------------------------------------------------------------------------------------------
// 2. The control channel
// ---------------------------------------------------------------------------------------------------

/** What the harness asks us to do (README: "Stimuli (kind and arguments)"). */
export type Stimulus =
  | { kind: 'login'; agent: string; place: string; media: string[]; tenant?: number }
  | { kind: 'logout' }
  | { kind: 'ready'; media: string }
  | { kind: 'not-ready'; media: string }
  | { kind: 'accept'; delayMs?: number }
  | { kind: 'reject'; delayMs?: number; reason?: Record<string, unknown> } // reason: RequestReject's Reason (ReasonInfo)
  | { kind: 'ignore' }
  | { kind: 'submit'; mediaType: string; queue: string; interactionType?: string; without?: string[]; mayBeRefused?: boolean }
  | { kind: 'stop-processing'; interaction: string; reason?: Record<string, unknown> }
  | { kind: 'change-properties'; interaction: string; changed?: Record<string, unknown>; added?: Record<string, unknown>; deleted?: string[] }
  | { kind: 'reconnect'; register?: boolean; extension?: Record<string, unknown> }
  | { kind: 'invoke-service'; interaction: string; server: string; service: string; method: string; parameters?: Record<string, unknown> }
  | { kind: 'route'; interaction: string; agent: string; place: string }
  | { kind: 'transfer'; interaction: string; agent: string; place?: string } // RequestTransfer naming that agent
  | { kind: 'conference'; interaction: string; agent: string; place?: string } // RequestConference, likewise
  | { kind: 'leave'; interaction: string; reason?: Record<string, unknown> } // RequestLeaveInteraction
  | { kind: 'place-in-queue'; interaction: string; queue: string } // RequestPlaceInQueue (URS: RequestRouteCall naming the Queue)
  | { kind: 'place-in-workbin'; interaction: string; workbin: string; owner?: string } // RequestPlaceInWorkbin
  | { kind: 'pull'; interaction: string } // RequestPull
  | { kind: 'get-workbin-content'; workbin: string; owner?: string } // RequestGetWorkbinContent
  | { kind: 'subscribe-workbin'; workbin: string; owner?: string } // RequestWorkbinNotifications
  | { kind: 'unsubscribe-workbin'; workbin: string; owner?: string } // RequestCancelWorkbinNotifications
  | { kind: 'add-media'; media: string } // RequestAddMedia
  | { kind: 'remove-media'; media: string } // RequestRemoveMedia
  | { kind: 'do-not-disturb'; on: boolean } // RequestDoNotDisturbOn / Off
  | { kind: 'intrude'; interaction: string; visibility: string } // RequestIntrude with that VisibilityMode
  | { kind: 'request-coaching'; interaction: string; agent: string; place?: string } // RequestConference, VisibilityMode Coach
  | { kind: 'send-response'; interaction: string; mediaType?: string } // RequestSubmit of an OutboundReply to the interaction
  | { kind: 'register-dn'; dn: string } // T-Library RequestRegisterAddress (a router: its route points)
  | { kind: 'route-call'; routePoint: string; target: string } // RequestRouteCall for the call waiting at a route point
  | { kind: 'disconnect' };

/** The start request: which servers to reach (by participant name → face → URL), and the timers. */
export interface Start {
  participant: string;
  role: string;
  endpoints: Record<string, Record<string, string>>;
  roles: Record<string, string>;
  timers: Record<string, number>;
}

/** Our answer to start, a stimulus or stop: done, unsupported (the scenario is inconc) or failed. */
export type Result = { status: 'done'; data?: Record<string, unknown> } | { status: 'unsupported' | 'failed'; reason: string };

export const done: Result = { status: 'done' };

/** What a component must provide to be driven by the harness. */
export interface Component {
  identity: { name: string; version: string };
  /** The stimuli it takes; the harness makes a scenario that needs another one inconc. */
  capabilities: Stimulus['kind'][];
  start(request: Start): Promise<Result>;
  stimulus(stimulus: Stimulus): Promise<Result>;
  /** Disconnect from everything. */
  stop(): Promise<void>;
}

/**
 * Connects to FLOWCERT_CONTROL_URL, says hello, and answers each request with a result carrying its
 * id. Exits when the harness closes the channel or our stdin (the harness has gone), or after stop.
 */
export function serveControlChannel(component: Component): void {
  const url = process.env.FLOWCERT_CONTROL_URL;
  if (!url) {
    console.error('FLOWCERT_CONTROL_URL is not set: run me under flowcert, bound as a process (see flowcert.sut.yaml)');
    process.exit(2);
  }
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();

  const control = new WebSocket(url);
  const reply = (id: unknown, result: Result) => control.send(JSON.stringify({ type: 'result', id, ...result }));

  control.on('open', () => {
    const { identity, capabilities } = component;
    control.send(JSON.stringify({ type: 'hello', participant: who, capabilities, identity }));
    log(`hello: ${identity.name} ${identity.version}, capabilities ${capabilities.join(', ')}`);
  });
  control.on('error', (err) => console.error(`control channel: ${err.message}`));
  control.on('close', () => process.exit(0));

  control.on('message', async (data) => {
    let request: { type?: string; id?: number; stimulus?: Stimulus } & Partial<Start>;
    try {
      request = JSON.parse(data.toString());
    } catch {
      console.error(`control channel: a frame that is not JSON: ${data.toString().slice(0, 80)}`);
      return;
    }
    log(`control: ${request.type}${request.stimulus ? ` ${JSON.stringify(request.stimulus)}` : ''}`);
    try {
      switch (request.type) {
        case 'start':
          return reply(request.id, await component.start(request as Start));
        case 'stimulus': {
          const s = request.stimulus!;
          // The harness sends only what we declared; say so plainly if it ever does not.
          if (!component.capabilities.includes(s.kind)) return reply(request.id, { status: 'unsupported', reason: `${component.identity.name} has no ${s.kind} stimulus` });
          const result = await component.stimulus(s);
          log(`control: ${s.kind} → ${result.status}${result.status === 'done' ? '' : `: ${result.reason}`}`);
          return reply(request.id, result);
        }
        case 'stop':
          await component.stop();
          reply(request.id, done);
          control.close(1000, 'stopped');
          return;
        default:
          console.error(`control channel: unknown request type ${String(request.type)}`);
      }
    } catch (err) {
      // A bug of ours: the step fails with the reason rather than waiting for a timeout.
      reply(request.id, { status: 'failed', reason: `internal error: ${(err as Error).message}` });
    }
  });
}
