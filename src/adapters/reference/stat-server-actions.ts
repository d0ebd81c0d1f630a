import type { ReferenceStatServer } from '../../servers/index.ts';
import { ActionStream } from '../../servers/stat-server/action-stream.ts';
import type { StartContext } from '../adapter.ts';
import { ActionsObserverEndpoint } from './actions-observer.ts';

/**
 * The reference Stat Server with its media-channel actions (seed 001): every Reporting event it receives
 * (its observer hook) goes through one ActionStream, whose Routable follows the Stat Server's own capacity
 * rules (N3 > 0, reference §5.1), so the actions and the status it sends agree. Published on request
 * (`publish-actions`) to the harness's actions observer. With no Stat Server connection (restricted
 * cluster mode) the stream is fed nothing.
 */
export class StatServerWithActions {
  readonly actions: ActionStream;
  private observer: ActionsObserverEndpoint | undefined;

  constructor(
    readonly name: string,
    readonly stat: ReferenceStatServer | undefined,
    private readonly ctx: StartContext,
  ) {
    this.actions = new ActionStream(name, stat ? { routable: (agent, media) => (stat.capacityOf(agent)?.[media]?.routable ?? 0) > 0 } : {});
    stat?.onReportingEvent((e) => this.actions.reporting(e.server, e.message, e.attributes, new Date(e.receivedAt).toISOString()));
  }

  async start(): Promise<void> {
    await this.stat?.start();
  }

  /** Offers the harness's actions observer and publishes the media-channel actions to it (StatActions). */
  async publishActions(): Promise<void> {
    this.observer ??= await ActionsObserverEndpoint.start(this.ctx.observer, this.ctx.recorder);
    await this.actions.publishTo(this.observer.url, this.observer.peer);
  }

  async stop(): Promise<void> {
    await this.stat?.stop();
    await this.actions.stop();
    await this.observer?.close();
  }
}
