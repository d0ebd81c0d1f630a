import type { Envelope } from '../../codec/envelope.ts';
import { connect } from '../../transport/client.ts';
import type { Endpoint, MessageConnection } from '../../transport/types.ts';
import { ActionDeriver } from './action-deriver.ts';
import type { DeriverOptions, MediaChannelAction } from './action-deriver.ts';

const MESSAGE_OF: Record<MediaChannelAction['phase'], string> = {
  started: 'ActionStarted',
  ended: 'ActionEnded',
  occurred: 'ActionOccurred',
  recorded: 'ActionRecorded',
};

/** One action as a StatActions message (src/catalog/protocols/stat-actions.ts). */
export function actionEnvelope(a: MediaChannelAction): Envelope {
  return {
    protocol: 'StatActions',
    message: MESSAGE_OF[a.phase],
    attributes: { Action: a.action, Kind: a.kind, StartTime: a.startTime, ...(a.endTime !== undefined ? { EndTime: a.endTime } : {}), ...a.attributes },
  };
}

/**
 * A Stat Server's media-channel actions: every Reporting event it receives goes through the deriver, and
 * each action it yields is kept and, once an observer is connected, published there (StatActions). An
 * observer that connects late first gets the durable actions in progress, with their original start times.
 */
export class ActionStream {
  private readonly deriver: ActionDeriver;
  private conn: MessageConnection | undefined;
  /** Every action derived, in order (whether or not an observer was connected). */
  readonly derived: MediaChannelAction[] = [];

  constructor(
    private readonly name: string,
    opts: DeriverOptions = {},
  ) {
    this.deriver = new ActionDeriver(opts);
  }

  /** A Reporting event from Interaction Server `server`, as the Stat Server received it (`receivedAt` ISO-8601). */
  reporting(server: string, message: string, attributes: Readonly<Record<string, unknown>>, receivedAt: string): void {
    const actions = this.deriver.consume({ server, message, attributes: { ...attributes }, receivedAt });
    for (const a of actions) {
      this.derived.push(a);
      this.conn?.send(actionEnvelope(a));
    }
  }

  /** Connects to an actions observer (the harness's, or any StatActions endpoint) and publishes from now on. */
  async publishTo(url: string, peer: Endpoint): Promise<void> {
    if (this.conn?.isOpen) throw new Error(`${this.name} already publishes its actions to ${this.conn.remote.name}`);
    this.conn = await connect({ url, name: this.name, role: 'StatServer', peer });
    for (const a of this.deriver.inProgress()) this.conn.send(actionEnvelope(a));
  }

  async stop(): Promise<void> {
    const c = this.conn;
    this.conn = undefined;
    if (c?.isOpen) await c.close(1000, 'Stat Server stopped');
  }
}
