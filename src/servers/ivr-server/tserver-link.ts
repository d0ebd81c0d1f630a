import type { Envelope } from '../../codec/envelope.ts';
import { connect } from '../../transport/client.ts';
import type { Endpoint, MessageConnection, WireObserver } from '../../transport/types.ts';

/**
 * The IVR Server's T-Library connection to one T-Server (JSON envelopes over WebSocket, protocol
 * TLibrary): it registers the DNs it watches, sends agent and call requests with its own referenceIds,
 * and hands every event on. Link state: up while the socket is open and the T-Server has not said
 * EventLinkDisconnected; the IVR Server turns changes into MonitorInfo Server.
 */
export interface TServerLinkOptions {
  /** This T-Server's name in the IVR configuration (MonitorInfo Server Name). */
  name: string;
  url: string;
  /** The IVR Server as a participant. */
  client: string;
  peer: Endpoint;
  observer?: WireObserver;
  recordRaw?: boolean;
  onEvent: (link: TServerLink, e: Envelope) => void;
  /** The link went up (true) or down (false): EventLinkConnected / EventLinkDisconnected / the socket closed. */
  onStatus: (link: TServerLink, up: boolean) => void;
}

export class TServerLink {
  readonly name: string;
  private conn: MessageConnection | undefined;
  private nextRef = 1;
  private linkUp = false;
  private stopped = false;

  constructor(private readonly opts: TServerLinkOptions) {
    this.name = opts.name;
  }

  get up(): boolean {
    return this.linkUp && (this.conn?.isOpen ?? false);
  }

  async start(): Promise<void> {
    const conn = await connect({ url: this.opts.url, name: this.opts.client, role: 'IVRServer', peer: this.opts.peer, observer: this.opts.observer, recordRaw: this.opts.recordRaw });
    this.conn = conn;
    conn.onMessage((m) => {
      const e = m.envelope;
      if (m.canonical === 'EventLinkConnected') this.status(true);
      else if (m.canonical === 'EventLinkDisconnected') this.status(false);
      this.opts.onEvent(this, e);
    });
    conn.onClose(() => this.status(false));
    // [INFER] A T-Server's link to the switch is up until it says otherwise: EventLinkConnected answers
    // the client's open (reference §3.5) and the reference T-Server may send it; either way we start up.
    this.status(true);
  }

  /** Sends a T-Library request under a fresh referenceId; returns it (0 when the link is closed). */
  request(message: string, attributes: Record<string, unknown>): number {
    if (!this.conn?.isOpen) return 0;
    const referenceId = this.nextRef++;
    this.conn.send({ protocol: 'TLibrary', message, referenceId, attributes });
    return referenceId;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.conn?.close(1000, 'IVR Server stopping');
  }

  private status(up: boolean): void {
    if (this.stopped || up === this.linkUp) return;
    this.linkUp = up;
    this.opts.onStatus(this, up);
  }
}

/** The referenceId an event echoes: the envelope's, or a ReferenceID attribute. */
export function referenceOf(e: Envelope): number | undefined {
  if (e.referenceId !== undefined) return e.referenceId;
  const r = e.attributes.ReferenceID;
  return typeof r === 'number' ? r : undefined;
}
